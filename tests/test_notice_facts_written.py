"""Facts of notices written by other hands than ours, read from real .eml files: the SKUs a
label lists, and the day a date-only deadline ends."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest

from reinstate.cli import main
from reinstate.notices.check import check_notice, report_document
from reinstate.policies.loader import load_policies

TODAY = date(2026, 11, 18)
NOW = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


def _eml(tmp_path: Path, sender: str, sent: str, body: str, html: bool = False) -> Path:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "ops@blueocean-home.example.com"
    msg["Subject"] = "Notice about your store"
    msg["Date"] = sent
    if html:
        msg.set_content(body, subtype="html", cte="quoted-printable")
    else:
        msg.set_content(body)
    path = tmp_path / "notice.eml"
    path.write_bytes(msg.as_bytes(policy=SMTP))
    return path


def _check(path: Path) -> dict[str, Any]:
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=TODAY, now=NOW)
    return report_document(report)


def test_it_reads_every_sku_after_a_plural_label_not_the_label(tmp_path: Path) -> None:
    path = _eml(
        tmp_path,
        "Temu Seller Center <seller-noreply@temu.com>",
        "Wed, 18 Nov 2026 08:00:00 +0000",
        "Dear Seller,\nProducts in your store are missing EU compliance information.\n"
        "Affected SKU IDs: 3827719201, 3827719202\nThese products have been taken offline.\n",
    )
    assert _check(path)["skus"] == ["3827719201", "3827719202"]


def test_a_date_only_deadline_ends_that_day_in_the_zone_of_the_mails_date(
    tmp_path: Path,
) -> None:
    joom = _eml(
        tmp_path,
        "Joom <merchant-support@joom.com>",
        "Tue, 17 Nov 2026 14:00:00 +0300",
        "<p>Your store has been <b>suspended</b> for counterfeit goods.</p>"
        "<p>You can submit an appeal before December 10, 2026.</p>",
        html=True,
    )
    found = _check(joom)
    assert found["deadline_at"] == "2026-12-10T23:59:59+03:00"
    assert found["deadline"] == "2026-12-10"
    amazon = _eml(
        tmp_path,
        "Amazon <seller-performance@amazon.com>",
        "Wed, 18 Nov 2026 10:00:00 +0800",
        "您的亚马逊卖家账户已被停用。请于2026年12月5日前提交申诉。\n",
    )
    found = _check(amazon)
    assert found["deadline_at"] == "2026-12-05T23:59:59+08:00"
    assert found["deadline"] == "2026-12-05"


def test_a_mail_sent_in_utc_keeps_the_platforms_day(tmp_path: Path) -> None:
    path = _eml(
        tmp_path,
        "Amazon <seller-performance@amazon.com>",
        "Wed, 18 Nov 2026 10:00:00 +0000",
        "Your listings will be removed. Submit your appeal by December 5, 2026.\n",
    )
    assert _check(path)["deadline_at"] == "2026-12-05T23:59:59-08:00"


def test_a_zone_named_after_a_date_only_deadline_is_its_zone(tmp_path: Path) -> None:
    path = _eml(
        tmp_path,
        "Amazon <seller-performance@amazon.com>",
        "Wed, 18 Nov 2026 08:00:00 +0000",
        "您的账户已被停用。申诉截止：2026年12月5日（北京时间）\n",
    )
    assert _check(path)["deadline_at"] == "2026-12-05T23:59:59+08:00"


def test_order_labels_give_order_numbers_not_dates_or_phone_numbers(tmp_path: Path) -> None:
    path = _eml(
        tmp_path,
        "Shopee <no-reply@shopee.com.my>",
        "Tue, 17 Nov 2026 09:00:00 +0800",
        "Dear Seller,\nYour shop has been issued 3 penalty points for Non-fulfilment Rate.\n"
        "Order SN: 2611093HJK7P2A, 2611094AB12CDE\n"
        "Order ID: 2026-11-18\nOrders: 138-1234-5678\n",
    )
    assert _check(path)["order_ids"] == ["2611093HJK7P2A", "2611094AB12CDE"]


def test_products_taken_offline_make_a_warning_not_information(tmp_path: Path) -> None:
    path = _eml(
        tmp_path,
        "Temu Seller Center <seller-noreply@temu.com>",
        "Wed, 18 Nov 2026 08:00:00 +0000",
        "Dear Seller,\nProducts in your store are missing EU compliance information.\n"
        "These products have been taken offline. Please upload the documents.\n",
    )
    assert _check(path)["kind"] == "warning"


def test_the_text_report_shows_a_stated_deadline_on_the_day_it_states(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _eml(
        tmp_path,
        "Joom <merchant-support@joom.com>",
        "Tue, 17 Nov 2026 14:00:00 +0300",
        "Your store has been suspended for counterfeit goods.\n"
        "You can submit an appeal before December 10, 2026.\n",
    )
    assert main(["notice", "check", str(path)]) == 0
    shown = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Deadline")]
    assert shown == ["Deadline: 2026-12-10 23:59 UTC+3"]


def test_policy_sections_keep_their_sub_clauses_and_other_spellings(tmp_path: Path) -> None:
    path = _eml(
        tmp_path,
        "Amazon <seller-performance@amazon.com>",
        "Wed, 18 Nov 2026 08:00:00 +0000",
        "Your account has been deactivated under Section 3(b) of the Business Solutions "
        "Agreement and § 4.2 of the Seller Code of Conduct.\n根据第5.2条处理。\n",
    )
    assert _check(path)["policy_sections"] == ["Section 3(b)", "§ 4.2", "第5.2条"]


def test_the_day_an_account_will_be_frozen_is_its_deadline(tmp_path: Path) -> None:
    path = tmp_path / "shopee.html"
    path.write_text(
        "<html><head><meta charset='utf-8'></head><body><p>Dear Seller,</p>"
        "<p>Your Shopee account has reached 9 penalty points due to late shipment.</p>"
        "<p>Your account will be frozen on 8 Dec 2026.</p></body></html>",
        "utf-8",
    )
    found = _check(path)
    assert (found["deadline_at"], found["deadline_source"]) == (
        "2026-12-08T23:59:59+08:00",
        "explicit",
    )
