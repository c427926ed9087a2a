"""``letter lint --notice`` with notices written here: a phishing one (nothing to answer, and its
"violations" and items are the phisher's) and a Taobao one a Chinese statement answers."""

from __future__ import annotations

import json
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


def test_a_chinese_statement_denying_the_conduct_by_name_takes_a_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A statement saying "我店不存在刷单行为" says no rule was broken, as "没有违规" does."""
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    notice = tmp_path / "notice.eml"
    notice.write_text(
        "From: 淘宝网 <service@taobao.com>\nSubject: 违规通知\n"
        "Date: Tue, 01 Dec 2026 10:30:00 +0800\nContent-Type: text/plain; charset=utf-8\n\n"
        "您的店铺存在虚假交易行为，违规编号：TB-2026-0099。\n",
        encoding="utf-8",
    )
    letter = tmp_path / "statement.txt"
    letter.write_text(
        "尊敬的淘宝小二：\n关于违规编号 TB-2026-0099，我店不存在刷单行为，所涉订单均为真实交易。\n"
        "附件1：物流签收截图；附件2：营业执照。\n",
        encoding="utf-8",
    )
    command = ["letter", "lint", str(letter), "--notice", str(notice), "--type", "statement"]
    assert main([*command, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "missing_position" not in [p["code"] for p in report["problems"]]


@pytest.mark.parametrize(
    "denial",
    [
        "We have never engaged in review manipulation of any kind.",
        "Our account is not related to any other seller account.",
        "There is no relationship between our account and the accounts named in your email.",
        "We did not use buyer accounts to place orders on our own listings.",
    ],
)
def test_an_english_statement_denying_the_conduct_takes_a_position(
    denial: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = tmp_path / "statement.txt"
    letter.write_text(
        "Dear Seller Performance Team,\n\n"
        f"We write about the deactivation of our account. {denial}\n"
        "Attached are our business license and a bank statement in the company's name.\n\n"
        "Sincerely,\nZhang Wei\n",
        encoding="utf-8",
    )
    command = ["letter", "lint", str(letter), "--platform", "amazon", "--type", "statement"]
    assert main([*command, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "missing_position" not in [p["code"] for p in report["problems"]]


def test_a_letter_that_never_cites_the_notices_reference_is_told_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Chinese seller forwards Joom's notice in Chinese; the English letter answers it."""
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    notice = tmp_path / "notice.txt"
    notice.write_text(
        "主题: Joom 账号暂停通知 参考编号 JM-2026-88120\n\n"
        "您的店铺 BlueOceanHome 因销售假冒商品已被暂停。涉及商品：JOOM-12345、JOOM-67890。"
        "请在14天内提交整改材料和申诉信。\n",
        encoding="utf-8",
    )
    letter = tmp_path / "letter.txt"
    results = {}
    for written in ("JM-2026-88120", "JM 2026 88120", "ＪＭ－２０２６－８８１２０", "our notice"):
        letter.write_text(GOOD.replace("JM-2026-88120", written), encoding="utf-8")
        assert main(["letter", "lint", str(letter), "--notice", str(notice), "--json"]) == 0
        results[written] = json.loads(capsys.readouterr().out)
    assert "uncited_reference" not in [p["code"] for p in results["JM-2026-88120"]["problems"]]
    assert "uncited_reference" not in [p["code"] for p in results["JM 2026 88120"]["problems"]]
    full_width = results["ＪＭ－２０２６－８８１２０"]["problems"]
    assert "uncited_reference" not in [p["code"] for p in full_width]
    [uncited] = [p for p in results["our notice"]["problems"] if p["code"] == "uncited_reference"]
    assert uncited["detail"] == "The letter never cites the notice's reference JM-2026-88120."
    assert results["our notice"]["score"] < results["JM-2026-88120"]["score"]


def test_a_letter_written_for_another_platform_is_told_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    letter = tmp_path / "letter.txt"
    letter.write_text(GOOD.replace("Plan of Action for", "Dear Joom team, our Plan of Action for"))

    def problems(platform: str) -> list[dict[str, object]]:
        assert main(["letter", "lint", str(letter), "--platform", platform, "--json"]) == 0
        found: list[dict[str, object]] = json.loads(capsys.readouterr().out)["problems"]
        return [p for p in found if p["code"] == "wrong_platform"]

    assert problems("joom") == []
    [amazon] = problems("amazon")
    assert amazon["detail"] == "The letter names Joom but never Amazon: is it for another platform?"
    letter.write_text("尊敬的Joom团队：\n" + GOOD, encoding="utf-8")
    assert [p["line"] for p in problems("taobao")] == [1]
    # naming its own platform, a letter may mention another; a SKU is no platform's name
    letter.write_text(GOOD.replace("BlueOceanHome", "BlueOceanHome on Amazon (also on Joom)"))
    assert problems("amazon") == []
    letter.write_text(GOOD)  # its SKUs JOOM-12345 and JOOM-67890 name no platform
    assert problems("temu") == []


def test_a_letter_for_another_platform_than_the_genuine_notice_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A genuine Amazon notice with --platform shopee is a mix-up of files: linting the letter
    against Shopee's rules with Amazon's violations would score neither; one sentence says so."""
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    letter = tmp_path / "letter.txt"
    letter.write_text(GOOD, encoding="utf-8")
    notice = tmp_path / "odr.eml"
    notice.write_text(
        "From: Amazon Seller Performance <seller-performance@amazon.com>\n"
        "To: ops@harbour-crafts.example.com\nSubject: Your Amazon selling account\n"
        "Date: Mon, 16 Nov 2026 09:00:00 +0000\n"
        "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=amazon.com;\n"
        " dkim=pass header.d=amazon.com; dmarc=pass header.from=amazon.com\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "Hello,\n\nYour Amazon selling privileges have been deactivated because your order "
        "defect rate is above 1%. Submit a plan of action in Seller Central.\n",
        encoding="utf-8",
    )
    for language, words in (("en", "is a notice from Amazon, but"), ("zh_CN", "是亚马逊的通知")):
        monkeypatch.setenv("REINSTATE_LANGUAGE", language)
        argv = ["letter", "lint", str(letter), "--notice", str(notice), "--platform", "shopee"]
        assert main(argv) == 1
        captured = capsys.readouterr()
        assert words in captured.err and captured.out == "", captured.err
        assert len(captured.err.strip().splitlines()) == 1
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    argv = ["letter", "lint", str(letter), "--notice", str(notice), "--platform", "amazon"]
    assert main(argv) == 0
    assert "score" in capsys.readouterr().out
