"""``reinstate notice check`` without ``--json`` speaks words in the reader's language: the
verdict, why, the kind, the deadline to the minute in the platform's zone, who to reply to, the
violations by name, what to do and the triage question; never a code. Golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

from reinstate.cli import main

GOLDEN = Path(__file__).parent / "golden"
DEACTIVATION = """\
From: "Amazon Seller Performance" <seller-performance@amazon.com>
Reply-To: seller-verification@amazon.com
To: shop@example.cn
Subject: Your Amazon selling account has been deactivated
Date: Thu, 26 Nov 2026 02:40:00 +0000
Authentication-Results: mx.example.cn; dkim=pass header.d=amazon.com;
 spf=pass smtp.mailfrom=amazon.com; dmarc=pass header.from=amazon.com
Content-Type: text/plain; charset=utf-8

Hello,
We have deactivated your selling account because you may have provided inaccurate
information. Your listings remain available for sale while we review.
To reactivate, send the requested documents to seller-verification@amazon.com within 17 days.
Orders: 1123456789
"""
FORGED = """\
From: "Amazon Seller Performance" <alerts@amazon-seller-review.example.net>
To: shop@example.cn
Subject: Final notice: your account will be closed in 24 hours
Date: Thu, 26 Nov 2026 02:40:00 +0000
Content-Type: text/html; charset=utf-8

<p>Your Amazon account is suspended. Confirm your password and card number within 24 hours
at <a href="http://203.0.113.9/amazon/login">https://sellercentral.amazon.com</a>.</p>
"""


def checked(
    mail: str,
    language: str,
    path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """What ``reinstate notice check`` prints of ``mail`` (written to ``path``) in ``language``,
    with no database within reach: the check needs none."""
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    path.write_bytes(mail.encode())
    assert main(["notice", "check", str(path)]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize(("name", "mail"), [("deactivation", DEACTIVATION), ("forged", FORGED)])
def test_the_report_is_words_in_the_readers_language(
    name: str,
    mail: str,
    language: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = checked(mail, language, tmp_path / f"{name}.eml", capsys, monkeypatch)
    golden = GOLDEN / f"notice_{name}_{language}.txt"
    assert out == golden.read_text(encoding="utf-8")
    for code in ("sender_official", "auth_passed", "inaccurate_information", "link_ip_address"):
        assert code not in out


GOVERNMENT_LOOKALIKE = """\
From: "Tax office" <noreply@receita-gov.com>
To: shop@example.cn
Subject: Your statement
Date: Thu, 26 Nov 2026 02:40:00 +0000
Content-Type: text/plain; charset=utf-8

Pay the balance at https://pay.brasilgov.com/boleto before Friday.
"""


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_address_a_reason_names_is_unclickable(
    language: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Whatever the signal: the sender dressed as a government's is named in a reason whose code
    # says nothing of addresses, and must be as unclickable as the link beside it.
    out = checked(GOVERNMENT_LOOKALIKE, language, tmp_path / "statement.eml", capsys, monkeypatch)
    assert "receita-gov[.]com" in out and "pay[.]brasilgov[.]com" in out
    assert "receita-gov.com" not in out and "brasilgov.com" not in out
