"""A notice a seller forwarded to their agent is read as the original it carries: its facts, its
deadline counted from when the original was sent, its sender shown; never called genuine on the
forwarder's authentication, and a forwarded phishing mail is still phishing."""

from __future__ import annotations

from datetime import date, datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest

from reinstate.notices.check import check_notice, report_document
from reinstate.policies.loader import load_policies

TODAY = date(2026, 12, 5)
NOW = datetime.fromisoformat("2026-12-05T10:00:00+08:00")
AUTH = "mx.qq.com; spf=pass smtp.mailfrom={d}; dkim=pass header.d={d}; dmarc=pass header.from={d}"


def check(path: Path) -> dict[str, Any]:
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=TODAY, now=NOW)
    return report_document(report)


def forward(sender: str, subject: str, date_header: str) -> EmailMessage:
    outer = EmailMessage()
    outer["From"] = sender
    outer["To"] = "agent@reinstate-helpers.example.com"
    outer["Subject"] = subject
    outer["Date"] = date_header
    outer["Authentication-Results"] = AUTH.format(d=sender.rsplit("@", 1)[1].rstrip(">"))
    return outer


def codes(found: dict[str, Any]) -> set[str]:
    return {signal["code"] for signal in found["signals"]}


def test_a_notice_attached_to_a_forward_keeps_its_facts_and_its_own_sending_time(
    tmp_path: Path,
) -> None:
    original = EmailMessage()
    original["From"] = "Amazon Seller Performance <seller-performance@amazon.com>"
    original["To"] = "shop@blueocean-home.example.com"
    original["Subject"] = "Your Amazon.com selling account"
    original["Date"] = "Mon, 30 Nov 2026 09:00:00 -0800"
    original.set_content(
        "Hello,\n\nWe have deactivated your Amazon selling account because your order defect "
        "rate is above 1%.\nASIN: B07XJ8C8F5\nReference ID: 8842713301\n\n"
        "Please submit an appeal within 7 days.\n"
    )
    outer = forward("Li Wei <li.wei@qq.com>", "Fwd: Your Amazon.com selling account", "")
    del outer["Date"]
    outer["Date"] = "Fri, 04 Dec 2026 20:00:00 +0800"
    outer.set_content("Please help, see the attached mail.")
    outer.add_attachment(original)
    path = tmp_path / "forwarded.eml"
    path.write_bytes(outer.as_bytes(policy=SMTP))
    found = check(path)
    assert (found["verdict"], found["platform"], found["kind"]) == (
        "unverifiable",
        "amazon",
        "suspension",
    )
    assert (found["reference_id"], found["violations"], found["asins"]) == (
        "8842713301",
        ["order_defect_rate"],
        ["B07XJ8C8F5"],
    )
    # seven days from the original's 30 November, not from the forward's 4 December
    assert found["deadline_at"] == "2026-12-07T09:00:00-08:00"
    assert found["from"] == "seller-performance@amazon.com"
    assert found["forwarded_by"] == "li.wei@qq.com"
    assert "forwarded" in codes(found) and "auth_passed" not in codes(found)


QQ_HTML = (
    "<html><head><meta charset='gbk'></head><body><div>麻烦看一下这个通知，怎么申诉？</div>"
    "<div><br></div><div style='font-size:12px'>------------------&nbsp;原始邮件&nbsp;"
    "------------------</div><div style='font-size:12px;background:#efefef'>"
    '<div><b>发件人:</b>&nbsp;"淘宝网"&lt;service@taobao.com&gt;;</div>'
    "<div><b>发送时间:</b>&nbsp;2026年11月30日(星期一) 下午3:30</div>"
    '<div><b>收件人:</b>&nbsp;"蓝海家居"&lt;12345678@qq.com&gt;;</div>'
    "<div><b>主题:</b>&nbsp;违规处理通知</div></div><div><br></div>"
    "<div>尊敬的商家：</div><div>您的店铺因虚假交易被处罚，处罚编号：TB20261130007。"
    "请在七十二小时内处理，逾期将冻结店铺。</div></body></html>"
)


def test_a_qq_mail_forward_in_gbk_html_is_read_as_the_taobao_notice_it_quotes(
    tmp_path: Path,
) -> None:
    sent = "Fri, 4 Dec 2026 09:12:00 +0800"
    outer = forward("王芳 <12345678@qq.com>", "转发：违规处理通知", sent)
    outer.set_content(QQ_HTML.encode("gbk"), "text", "html", cte="base64")
    del outer["Content-Type"]
    outer["Content-Type"] = 'text/html; charset="gbk"'
    path = tmp_path / "qq.eml"
    path.write_bytes(outer.as_bytes(policy=SMTP))
    found = check(path)
    assert (found["verdict"], found["platform"]) == ("unverifiable", "taobao")
    assert (found["reference_id"], found["violations"]) == ("TB20261130007", ["fake_transactions"])
    # 72 hours from 3:30 pm on 30 November, Beijing time (the forward's own zone)
    assert found["deadline_at"] == "2026-12-03T15:30:00+08:00"
    assert (found["from"], found["subject"]) == ("service@taobao.com", "违规处理通知")
    zh = report_document(
        check_notice(path.read_bytes(), "qq.eml", load_policies(), today=TODAY, now=NOW), "zh-CN"
    )
    assert zh["verdict"] == "unverifiable"


OUTLOOK = (
    "Hi team,\r\n\r\nAmazon closed our account, can you help with the appeal?\r\n\r\n"
    "Tom\r\n\r\n{rule}From: {sender}\r\nSent: Monday, November 30, 2026 9:00 AM\r\n"
    "To: Tom Chen <tom@blueocean-home.example.com>\r\nSubject: Your Amazon.com selling account"
    "\r\n\r\nHello,\r\n\r\nWe have deactivated your Amazon selling account because your order "
    "defect rate is above 1%.\r\nReference ID: 8842713301\r\n\r\nTo reactivate, please submit an "
    "appeal within 17 days: {link}\r\n"
)


def test_an_outlook_plain_text_forward_counts_its_deadline_from_the_original(
    tmp_path: Path,
) -> None:
    outer = forward(
        "Tom Chen <tom@blueocean-home.example.com>",
        "FW: Your Amazon.com selling account",
        "Thu, 3 Dec 2026 11:45:00 -0800",
    )
    for rule in ("________________________________\r\n", ""):
        body = OUTLOOK.format(
            rule=rule,
            sender="Amazon <seller-performance@amazon.com>",
            link="https://sellercentral.amazon.com/performance",
        )
        outer.set_content(body)
        path = tmp_path / "outlook.eml"
        path.write_bytes(outer.as_bytes(policy=SMTP))
        found = check(path)
        assert (found["verdict"], found["reference_id"], found["violations"]) == (
            "unverifiable",
            "8842713301",
            ["order_defect_rate"],
        ), rule
        # Outlook writes the time without its zone: the forwarder's (-08:00) is meant
        assert found["deadline_at"] == "2026-12-17T09:00:00-08:00", rule
        assert found["offers"] == "appeal_case"


def test_a_forwarded_phishing_mail_is_still_phishing(tmp_path: Path) -> None:
    outer = forward(
        "Tom Chen <tom@blueocean-home.example.com>",
        "FW: Your Amazon.com selling account",
        "Thu, 3 Dec 2026 11:45:00 -0800",
    )
    for sender, link in (
        # the original's sender is not Amazon's though it speaks as Amazon
        ("Amazon Seller Performance <appeals@amazon-seller-review.example.net>", ""),
        # the original's sender is written as Amazon's, but its link goes elsewhere
        (
            "Amazon <seller-performance@amazon.com>",
            "https://amazon-verify-account.example.net/login",
        ),
    ):
        body = OUTLOOK.format(rule="-----Original Message-----\r\n", sender=sender, link=link)
        outer.set_content(body)
        path = tmp_path / "phish.eml"
        path.write_bytes(outer.as_bytes(policy=SMTP))
        found = check(path)
        assert found["verdict"] == "phishing", sender
        assert found["deadline_at"] is None and found["offers"] == "none"


@pytest.mark.parametrize(
    ("block", "deadline_at"),
    [
        # Gmail: the time in the reader's zone, without it
        ("---------- Forwarded message ---------\nFrom: Amazon <seller-performance@amazon.com>\n"
         "Date: Mon, Nov 30, 2026 at 9:00 AM\nSubject: Your Amazon.com selling account\n"
         "To: <shop@blueocean-home.example.com>\n", "2026-12-07T09:00:00-08:00"),
        # Apple Mail: its zone written after the time
        ("Begin forwarded message:\n\nFrom: \"Amazon\" <seller-performance@amazon.com>\n"
         "Subject: Your Amazon.com selling account\nDate: November 30, 2026 at 5:00:00 PM GMT+8\n"
         "To: shop@blueocean-home.example.com\n", "2026-12-07T17:00:00+08:00"),
        # Foxmail in English
        ("------------------ Original ------------------\n"
         "From:  \"Amazon\"<seller-performance@amazon.com>;\nDate:  2026-11-30 09:00\n"
         "To:  \"shop\"<shop@blueocean-home.example.com>;\n"
         "Subject:  Your Amazon.com selling account\n", "2026-12-07T09:00:00-08:00"),
        # Outlook in Chinese, no separator line
        ("发件人: Amazon <seller-performance@amazon.com>\n发送时间: 2026年11月30日 星期一 21:00\n"
         "收件人: shop@blueocean-home.example.com\n主题: Your Amazon.com selling account\n",
         "2026-12-07T21:00:00-08:00"),
    ],
)  # fmt: skip
def test_each_mail_clients_forward_block_gives_the_original(
    tmp_path: Path, block: str, deadline_at: str
) -> None:
    outer = forward(
        "Tom Chen <tom@blueocean-home.example.com>",
        "Fwd: account",
        "Thu, 3 Dec 2026 11:45:00 -0800",
    )
    outer.set_content(
        f"Can you look at this?\n\n{block}\nHello,\n\nWe have deactivated your Amazon selling "
        "account because your order defect rate is above 1%.\nReference ID: 8842713301\n"
        "Please submit an appeal within 7 days.\n"
    )
    path = tmp_path / "fwd.eml"
    path.write_bytes(outer.as_bytes(policy=SMTP))
    found = check(path)
    assert (found["verdict"], found["from"], found["reference_id"]) == (
        "unverifiable",
        "seller-performance@amazon.com",
        "8842713301",
    )
    assert (found["deadline_at"], found["subject"]) == (
        deadline_at,
        "Your Amazon.com selling account",
    )


def test_the_platforms_own_mail_quoting_another_stays_its_own(tmp_path: Path) -> None:
    outer = forward(
        "Amazon Seller Performance <seller-performance@amazon.com>",
        "Re: Your appeal",
        "Thu, 3 Dec 2026 11:45:00 -0800",
    )
    outer.set_content(
        "Hello,\n\nWe have deactivated your Amazon selling account because your order defect "
        "rate is above 1%.\nReference ID: 8842713301\n\n-----Original Message-----\n"
        "From: Tom Chen <tom@blueocean-home.example.com>\nSent: Monday, November 30, 2026 9:00 "
        "AM\nTo: seller-performance@amazon.com\nSubject: Your appeal\n\nPlease reinstate us.\n"
    )
    path = tmp_path / "reply.eml"
    path.write_bytes(outer.as_bytes(policy=SMTP))
    found = check(path)
    assert (found["verdict"], found["from"], found["reference_id"]) == (
        "genuine",
        "seller-performance@amazon.com",
        "8842713301",
    )
    assert found["forwarded_by"] is None


def test_an_unauthenticated_reply_is_the_notice_not_the_mail_it_quotes(tmp_path: Path) -> None:
    # Amazon's answer, saved without authentication results, quoting the seller's appeal in a
    # QQ Mail block: the answer is what the seller must act on
    reply = EmailMessage()
    reply["From"] = "Amazon Seller Performance <seller-performance@amazon.com>"
    reply["To"] = "shop@blueocean-home.example.com"
    reply["Subject"] = "回复：关于店铺停用的申诉"
    reply["Date"] = "Thu, 3 Dec 2026 11:45:00 -0800"
    reply.set_content(
        "Hello,\n\nWe have reviewed your appeal. Your selling account remains deactivated "
        "because your order defect rate is above 1%.\nReference ID: 8842713301\n\n"
        "------------------ 原始邮件 ------------------\n"
        '发件人: "蓝海家居" <shop@blueocean-home.example.com>;\n'
        "发送时间: 2026年11月30日(星期一) 上午9:00\n"
        "收件人: seller-performance@amazon.com;\n主题: 关于店铺停用的申诉\n\n请恢复我们的账户。\n"
    )
    path = tmp_path / "reply.eml"
    path.write_bytes(reply.as_bytes(policy=SMTP))
    found = check(path)
    assert (found["verdict"], found["from"], found["reference_id"]) == (
        "unverifiable",
        "seller-performance@amazon.com",
        "8842713301",
    )
    assert "forwarded" not in codes(found) and found["forwarded_by"] is None
