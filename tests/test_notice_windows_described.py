"""A window a notice names to say what the seller failed to keep ("you did not respond to buyers
within 24 hours", "未在48小时内发货") is not the deadline it gives: the deadline is the window
the seller is asked to act in. And a notice whose headline or sentence says the store is
suspended in other words than "has been suspended" ("Store suspended: …", "your store sales to
France are suspended") is a suspension, not information."""

from __future__ import annotations

from datetime import date, datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest

from reinstate.notices.check import check_notice, report_document
from reinstate.policies.loader import load_policies

NOW = datetime.fromisoformat("2026-12-02T09:00:00+00:00")


def _check(tmp_path: Path, sender: str, subject: str, body: str, sent: str) -> dict[str, Any]:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "shop@blueocean-home.example.com"
    msg["Subject"] = subject
    msg["Date"] = sent
    domain = sender.rsplit("@", 1)[1].rstrip(">")
    msg["Authentication-Results"] = f"mx.example.com; dkim=pass header.d={domain}; dmarc=pass"
    msg.set_content(body)
    path = tmp_path / "notice.eml"
    path.write_bytes(msg.as_bytes(policy=SMTP))
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=date(2026, 12, 2))
    return report_document(report)


@pytest.mark.parametrize(
    ("sender", "body", "violation", "deadline_at"),
    [
        ("Temu Seller Center <seller@temu.com>",
         "Dear seller,\n\nWe found that your store did not reply to customers within 24 hours "
         "on several orders (PO-211-12345678901234).\nYour store is restricted. Please submit "
         "a rectification plan within 3 days.\n", "customer_service",
         "2026-12-05T14:00:00+08:00"),
        ("Shopee <no-reply@shopee.com.my>",
         "Dear Seller,\n\n5 orders were not shipped within 2 days of payment. 2 penalty points "
         "have been added to your shop. You may appeal within 7 days.\n", "late_shipment",
         "2026-12-09T14:00:00+08:00"),
        ("速卖通 <notice@aliexpress.com>",
         "尊敬的卖家：\n您的店铺有3笔订单未在5天内发货，已扣除2分。若您未在7个自然日内提交申诉，"
         "处罚将生效。\n", "late_shipment", "2026-12-09T14:00:00+08:00"),
    ],
)  # fmt: skip
def test_the_window_the_seller_missed_is_not_the_deadline(
    tmp_path: Path, sender: str, body: str, violation: str, deadline_at: str
) -> None:
    found = _check(tmp_path, sender, "Notice", body, "Wed, 02 Dec 2026 14:00:00 +0800")
    assert found["verdict"] == "genuine"
    assert violation in found["violations"]
    assert (found["deadline_at"], found["deadline_source"]) == (deadline_at, "relative")


@pytest.mark.parametrize(
    ("subject", "sentence"),
    [
        ("Store suspended: EPR registration missing",
         "Your EPR registration number for France is missing."),
        ("EPR registration missing",
         "Your store sales to France are suspended until the EPR registration is provided."),
    ],
)  # fmt: skip
def test_a_suspension_said_in_other_words_is_one(
    tmp_path: Path, subject: str, sentence: str
) -> None:
    found = _check(
        tmp_path,
        "Joom <merchant-support@joom.com>",
        subject,
        f"Dear merchant,\n\n{sentence}\nPlease provide it within 14 days. Ticket: JM-99201\n",
        "Wed, 02 Dec 2026 08:00:00 +0300",
    )
    assert (found["kind"], found["offers"]) == ("suspension", "appeal_case")
    assert found["violations"] == ["product_compliance"]
    assert found["deadline_at"] == "2026-12-16T08:00:00+03:00"


@pytest.mark.parametrize(
    ("sender", "body"),
    [
        # an adverb between the deed and its object
        ("Amazon <seller-performance@amazon.com>",
         "Dear Seller,\n\nWe have temporarily deactivated your listings for ASIN B0BXYZ1111 "
         "because they were reported as inauthentic. Send us your supplier invoices.\n"),
        # Shopee Taiwan counts its penalty points as 記點
        ("蝦皮購物 <no-reply@shopee.tw>",
         "親愛的賣家您好：\n您的賣場因延遲出貨，已被記點 2 點。\n"),
        # what will happen, said with its time and an adverb between
        ("淘宝网 <service@taobao.com>",
         "尊敬的商家：\n您的店铺存在虚假交易，店铺将于3天后被永久关闭，请尽快提交申诉。\n"),
    ],
)  # fmt: skip
def test_a_warning_said_in_other_words_is_one(tmp_path: Path, sender: str, body: str) -> None:
    found = _check(tmp_path, sender, "Notice", body, "Tue, 01 Dec 2026 16:00:00 +0800")
    assert (found["verdict"], found["kind"], found["offers"]) == (
        "genuine",
        "warning",
        "appeal_case",
    )
