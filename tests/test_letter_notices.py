"""``letter lint --notice`` with a notice that is phishing: there is nothing to answer, and its
"violations" and items are the phisher's, so the letter is not scored against them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reinstate.cli import main

HERE = Path(__file__).parent
GOOD = (HERE / "fixtures" / "letters" / "joom-good.txt").read_text(encoding="utf-8")


def test_a_letter_is_not_linted_against_a_phishing_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    letter = tmp_path / "letter.txt"
    letter.write_text(GOOD, encoding="utf-8")
    notice = tmp_path / "notice.eml"
    notice.write_text(
        "From: Joom Support <support@joom-merchant-review.example.net>\n"
        "Subject: Your Joom store is suspended\nDate: Tue, 01 Dec 2026 04:00:00 +0000\n\n"
        "Your Joom store is suspended for counterfeit goods (JOOM-12345). Confirm your password "
        "and card number within 24 hours at http://203.0.113.7/joom/login\n",
        encoding="utf-8",
    )
    assert main(["letter", "lint", str(letter), "--notice", str(notice), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == (
        "notice.eml looks like phishing, not a platform's notice: do not answer it "
        "('reinstate notice check' says why)."
    )
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    assert main(["letter", "lint", str(letter), "--notice", str(notice)]) == 1
    assert "钓鱼邮件" in capsys.readouterr().err
