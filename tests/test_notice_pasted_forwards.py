"""A forwarded notice pasted as text (the paste box, a .txt file) is read as the original it
quotes, as a forwarded .eml is: never more than "cannot be verified", its deadline counted from
when the original was sent as the forward block writes it, the forwarder named when the text
says who; a quoted phishing mail is still phishing. The blocks are other clients' than the
.eml tests': Thunderbird, Yahoo, NetEase, Apple Mail in Chinese, Outlook with bold labels."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from reinstate.cli import main
from reinstate.notices.check import check_notice, report_document
from reinstate.notices.words import report_text
from reinstate.policies.loader import load_policies

from .conftest import World

TODAY = date(2026, 12, 5)
NOW = datetime.fromisoformat("2026-12-05T10:00:00+08:00")
AMAZON_BODY = (
    "Hello,\n\nWe have deactivated your Amazon selling account because your order defect rate "
    "is above 1%.\nReference ID: 8842713301\n\nPlease submit an appeal within 7 days.\n"
)
TAOBAO_BODY = (
    "尊敬的商家：\n您的店铺因虚假交易被处罚，处罚编号：TB20261130007。"
    "请在七十二小时内处理，逾期将冻结店铺。\n"
)


def check(tmp_path: Path, text: str, name: str = "pasted.txt") -> dict[str, Any]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=TODAY, now=NOW)
    return report_document(report)


def codes(found: dict[str, Any]) -> set[str]:
    return {signal["code"] for signal in found["signals"]}


@pytest.mark.parametrize(
    ("pasted", "deadline_at", "forwarder"),
    [
        # Thunderbird: Subject first, the Date as the mail had it, tabs after the labels; the
        # forwarder's own header lines copied above the note
        ("From: Tom Chen <tom@blueocean-home.example.com>\nSent: Thursday, December 3, 2026 "
         "11:45 AM\nTo: agent@helpers.example.com\nSubject: FW: account\n\nPlease look.\n\n"
         "-------- Forwarded Message --------\nSubject: \tYour Amazon.com selling account\n"
         "Date: \tMon, 30 Nov 2026 09:00:00 -0800\nFrom: \tAmazon <seller-performance@amazon.com>"
         "\nTo: \tshop@blueocean-home.example.com\n\n", "2026-12-07T09:00:00-08:00",
         "tom@blueocean-home.example.com"),
        # Yahoo: a comma before the clock and the zone by its abbreviation
        ("Can you help?\n\n----- Forwarded Message -----\nFrom: Amazon "
         "<seller-performance@amazon.com>\nTo: shop@blueocean-home.example.com\nSent: Monday, "
         "November 30, 2026, 04:30:00 PM PST\nSubject: Your Amazon.com selling account\n\n",
         "2026-12-07T16:30:00-08:00", None),
        # Outlook's plain text of its HTML: bold labels, a day-first date without a zone, read
        # on the platform's clock as nothing else gives one
        ("FYI\n\n________________________________\n*From:* Amazon <seller-performance@amazon.com>"
         "\n*Sent:* 30 November 2026 21:00\n*To:* shop@blueocean-home.example.com\n*Subject:* "
         "Your Amazon.com selling account\n\n", "2026-12-07T21:00:00-08:00", None),
    ],
)  # fmt: skip
def test_a_pasted_forward_is_read_as_the_original_it_quotes(
    tmp_path: Path, pasted: str, deadline_at: str, forwarder: str | None
) -> None:
    found = check(tmp_path, pasted + AMAZON_BODY)
    assert (found["verdict"], found["platform"], found["kind"]) == (
        "unverifiable",
        "amazon",
        "suspension",
    )
    assert (found["reference_id"], found["violations"]) == ("8842713301", ["order_defect_rate"])
    assert (found["from"], found["subject"]) == (
        "seller-performance@amazon.com",
        "Your Amazon.com selling account",
    )
    # seven days from when Amazon sent it, not from the moment of pasting
    assert found["deadline_at"] == deadline_at
    assert found["forwarded_by"] == forwarder
    assert "forwarded" in codes(found) and found["offers"] == "appeal_case"


@pytest.mark.parametrize(
    ("pasted", "deadline_at"),
    [
        # NetEase (163) mail: "发送日期", full-width colons, no zone: Taobao's clock (UTC+8)
        ("帮忙看下这个\n\n-------- 转发邮件信息 --------\n发件人：\"淘宝网\" <service@taobao.com>\n"
         "发送日期：2026-11-30 15:30:00\n收件人：\"蓝海家居\" <12345678@163.com>\n"
         "主题：违规处理通知\n\n", "2026-12-03T15:30:00+08:00"),
        # Apple Mail in Chinese: the zone written before the clock
        ("开始转发的邮件：\n\n发件人: 淘宝网 <service@taobao.com>\n主题: 违规处理通知\n"
         "日期: 2026年11月30日 GMT+9 下午4:30:00\n收件人: 12345678@qq.com\n\n",
         "2026-12-03T16:30:00+09:00"),
    ],
)  # fmt: skip
def test_a_pasted_chinese_forward_counts_from_the_original(
    tmp_path: Path, pasted: str, deadline_at: str
) -> None:
    found = check(tmp_path, pasted + TAOBAO_BODY)
    assert (found["verdict"], found["platform"], found["violations"]) == (
        "unverifiable",
        "taobao",
        ["fake_transactions"],
    )
    assert (found["reference_id"], found["from"]) == ("TB20261130007", "service@taobao.com")
    assert found["deadline_at"] == deadline_at
    # nothing in the text says who passed it on, and the report says so in the reader's words
    assert found["forwarded_by"] is None
    assert "文字中没有写明转发人" in report_text(found, "zh_CN")
    assert "the text does not say who passed it on" in report_text(found, "en")


def test_a_pasted_forward_of_a_phishing_mail_is_still_phishing(tmp_path: Path) -> None:
    for sender, link in (
        ("Amazon Seller Performance <appeals@amazon-seller-review.example.net>", ""),
        ("Amazon <seller-performance@amazon.com>", "https://amazon-verify-account.example.net/x"),
    ):
        found = check(
            tmp_path,
            "Is this real?\n\n---------- Forwarded message ---------\n"
            f"From: {sender}\nDate: Mon, Nov 30, 2026 at 9:00 AM\n"
            f"Subject: Your Amazon.com selling account\n\n{AMAZON_BODY}{link}\n",
        )
        assert (found["verdict"], found["deadline_at"], found["offers"]) == (
            "phishing",
            None,
            "none",
        ), sender


def test_a_pasted_mail_or_reply_is_not_taken_for_a_forward(tmp_path: Path) -> None:
    # the pasted mail's own header lines: shown, never judged as the sender
    copied = check(
        tmp_path,
        "From: Amazon <seller-performance@amazon.com>\nSent: Monday, November 30, 2026 9:00 AM"
        f"\nSubject: Your Amazon.com selling account\n\n{AMAZON_BODY}",
    )
    assert (copied["verdict"], copied["forwarded_by"]) == ("unverifiable", None)
    assert "forwarded" not in codes(copied) and "no_headers" in codes(copied)
    # Amazon's answer pasted with the seller's appeal quoted below it: the answer is the notice
    reply = check(
        tmp_path,
        "From: Amazon <seller-performance@amazon.com>\nSubject: RE: Appeal for my account\n\n"
        f"{AMAZON_BODY}\n-----Original Message-----\nFrom: Tom <tom@blueocean-home.example.com>"
        "\nSent: Monday, November 30, 2026 9:00 AM\nSubject: Appeal for my account\n\n"
        "Please reinstate us.\n",
    )
    assert (reply["verdict"], reply["reference_id"]) == ("unverifiable", "8842713301")
    assert "forwarded" not in codes(reply)


def test_the_command_line_reads_a_forward_saved_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "amazon.txt"
    path.write_text(
        "Tom Chen <tom@blueocean-home.example.com>\n\n---------- Forwarded message ---------\n"
        "From: Amazon <seller-performance@amazon.com>\nDate: Mon, 30 Nov 2026 09:00:00 -0800\n"
        f"Subject: Your Amazon.com selling account\n\n{AMAZON_BODY}",
        encoding="utf-8",
    )
    assert main(["notice", "check", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "Forwarded: the original's sender cannot be checked" in shown
    assert "sent by seller-performance@amazon[.]com" in shown
    assert "Deadline: 2026-12-07 09:00 UTC-8" in shown


def test_the_paste_box_reads_a_pasted_forward(as_persona: Any, world: World) -> None:
    agent = as_persona("teammate")
    response = agent.client.post(
        "/notices/new",
        data={
            "account_id": str(world.account_a),
            "csrf_token": agent.csrf("/notices/new"),
            "text": "Hi, see below.\n\n----- Forwarded Message -----\nFrom: Joom "
            "<merchant-support@joom.com>\nSent: Tuesday, 17 November 2026, 14:00 GMT+3\n"
            "Subject: Your store is suspended\n\nYour Joom store was suspended for counterfeit "
            "goods. Case ID: JM-5521.\nSubmit your appeal within 5 days.",
        },
    )
    assert response.status_code == 303
    page = agent.client.get(response.headers["location"]).text
    assert 'class="verdict big unverifiable"' in page and "JM-5521" in page
    assert "Forwarded: the original" in page and "2026-11-22T14:00:00+03:00" in page
