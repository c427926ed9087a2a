"""Notices as sellers receive and pass them on: pasted from a web page (odd spaces, invisible
characters), HTML-only, quoted in a reply, in traditional Chinese, with dates written the many
ways platforms write them. Each is read for the facts a careful reader finds."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest

from reinstate.notices.check import check_notice, report_document
from reinstate.policies.loader import load_policies

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 3, 20, tzinfo=UTC)
AUTH = (
    "mx.example.net; spf=pass smtp.mailfrom={d}; dkim=pass header.d={d}; dmarc=pass header.from={d}"
)


def mail(sender: str, subject: str, body: str, **content: Any) -> bytes:
    msg = EmailMessage()
    domain = sender.rsplit("@", 1)[1].rstrip(">")
    msg["From"] = sender
    msg["To"] = "ops@blueocean-home.example.com"
    msg["Subject"] = subject
    msg["Date"] = "Tue, 01 Dec 2026 03:20:00 +0000"
    msg["Authentication-Results"] = AUTH.format(d=domain)
    msg.set_content(body, **content)
    return msg.as_bytes(policy=SMTP)


def check(data: bytes, name: str = "n.eml") -> dict[str, Any]:
    report = check_notice(data, name, load_policies(), today=TODAY, now=NOW)
    return report_document(report)


def test_text_pasted_from_a_web_page_is_read_through_its_odd_spaces() -> None:
    pasted = (
        "Account\u00a0Health\u200b\n\n\u3000\u3000We have deactivated your account because "
        "the\u00a0Late\u00a0Shipment\u00a0Rate is above our target.\n"
        "\u200bReference\u00a0ID:\u00a0\u200b5521349876\n"
        "Please\u00a0respond\u00a0by\u00a0December\u00a05,\u00a02026.\n"
    )
    found = check(pasted.encode(), "pasted.txt")
    assert found["reference_id"] == "5521349876"
    assert found["deadline"] == "2026-12-05"


def test_full_width_digits_in_a_chinese_deadline_are_read() -> None:
    body = (
        "您的店铺因虚假交易被处罚。处罚编号：ＴＢ２０２６１２０１。\n"
        "请于２０２６年１２月５日 23:59前提交申诉。\n"
    )
    found = check(mail("淘宝网 <service@taobao.com>", "违规处理通知", body))
    assert found["verdict"] == "genuine"
    assert found["reference_id"] == "TB20261201"
    assert found["deadline_at"] == "2026-12-05T23:59:00+08:00"


def test_slashed_dates_are_read_day_or_month_first_whichever_is_not_past() -> None:
    joom = "Your store has been suspended for counterfeit goods.\nAppeal before 08/12/2026.\n"
    found = check(mail("Joom <merchant@joom.com>", "Store suspension", joom))
    assert (found["deadline"], found["deadline_source"]) == ("2026-12-08", "explicit")
    amazon = "We deactivated listing ASIN B09ABCDE12.\nUpdate your price by 12/05/2026.\n"
    found = check(mail("Amazon <seller-notification@amazon.com>", "Pricing error", amazon))
    assert (found["deadline"], found["deadline_source"]) == ("2026-12-05", "explicit")


def test_an_iso_deadline_in_utc_keeps_its_zone_and_seconds() -> None:
    body = "Orders have no tracking.\nFix the tracking by 2026-12-06T23:59:59Z, or else.\n"
    found = check(mail("Joom <support@joom.com>", "Warning", body))
    assert found["deadline_at"] == "2026-12-06T23:59:59+00:00"


def test_a_traditional_chinese_window_in_hours_is_counted() -> None:
    body = "您的賣場因延遲出貨已被記點。請於 72 小時內 至賣家中心申訴。\n"
    found = check(mail("蝦皮購物 <no-reply@shopee.tw>", "賣場違規通知", body, charset="big5"))
    # 72 hours after a UTC Date, on Shopee's clock (Singapore)
    assert found["deadline_at"] == "2026-12-04T11:20:00+08:00"


def test_a_reference_is_found_under_the_labels_platforms_give_it() -> None:
    labelled = {
        "Complaint ID: 7712345678": "7712345678",
        "Violation record ID: VR7720031": "VR7720031",
        "Penalty ID: AE-PEN-20261130-0042": "AE-PEN-20261130-0042",
        "违规单号：WG2026113000123": "WG2026113000123",
        "處罰編號：SP2026120100": "SP2026120100",
        # the value names itself again after the label
        "Reference: Notification ID 7788-ABCD-1122": "7788-ABCD-1122",
        "Notification number: 55120-XY": "55120-XY",
    }
    for line, reference in labelled.items():
        body = f"Your store received a penalty for late shipment.\n{line}\n"
        found = check(mail("TikTok Shop <no-reply@tiktokshop.com>", "Violation notice", body))
        assert found["reference_id"] == reference, line


def test_a_seller_passing_a_notice_on_is_unconfirmed_not_phishing() -> None:
    quoted = (
        "Hi, see below. What should we do?\n\n"
        "On Mon, 30 Nov 2026 at 08:00, AliExpress <notice@aliexpress.com> wrote:\n"
        "> Dear Seller,\n>\n> Your store has been frozen because the dispute rate exceeded\n"
        "> the standard. Penalty ID: AE-PEN-20261130-0042.\n"
    )
    forwarded = (
        "麻烦看一下\n\n-------- 转发的邮件 --------\n"
        "发件人: TikTok Shop <no-reply@tiktokshop.com>\n"
        "主题: Violation notice\n\nHi Seller,\n\nYour shop has been restricted for late "
        "dispatch.\nViolation record ID: VR7720031.\n"
    )
    # a reply quoting the notice is the seller's mail; a forward is read as the original it
    # carries, whose sender is the platform's but whose authentication cannot be checked
    for sender, subject, body, verdict in (
        (
            "Ops <ops@blueocean-home.example.com>",
            "Re: Your AliExpress store is frozen",
            quoted,
            "suspicious",
        ),
        (
            "王芳 <wangfang@blueocean-home.example.com>",
            "转发：TikTok Shop notice",
            forwarded,
            "unverifiable",
        ),
    ):
        found = check(mail(sender, subject, body))
        assert found["verdict"] == verdict, subject
        assert found["reference_id"] in ("AE-PEN-20261130-0042", "VR7720031")
    # the same words written as the sender's own still wear the platform's name
    own = quoted.replace("> ", "").replace(">\n", "").split("wrote:\n", 1)[1]
    found = check(mail("AliExpress <notice@aliexpress-support.example.com>", "Store frozen", own))
    assert found["verdict"] == "phishing"


def test_a_traditional_chinese_notice_is_read_for_its_violation_not_its_order_number() -> None:
    body = (
        "親愛的賣家您好：\n您的賣場因延遲出貨率過高，已被記上 2 點計分。\n"
        "訂單編號：2612013ABCDE1F、2612014GHJKL2M。\n處罰編號：SP2026120100\n"
    )
    found = check(mail("蝦皮購物 <no-reply@shopee.tw>", "賣場違規通知", body, charset="big5"))
    assert found["violations"] == ["late_shipment"]
    assert found["order_ids"] == ["2612013ABCDE1F", "2612014GHJKL2M"]
    assert found["reference_id"] == "SP2026120100"
    simplified = "您的店铺被处罚。订单编号：3125566778899001234\n"
    assert check(mail("淘宝网 <service@taobao.com>", "通知", simplified))["reference_id"] is None


def test_an_invitation_to_complete_a_video_verification_is_one() -> None:
    html = (
        "<html><body><p>Hi seller,</p><p>To keep selling, please complete a <strong>video "
        "verification</strong> with our team.</p><p>Ticket: TTS-KYC-90031</p></body></html>"
    )
    sender = "TikTok Shop <seller-noreply@tiktokshop.com>"
    found = check(mail(sender, "Action required", html, subtype="html", cte="base64"))
    assert (found["kind"], found["reference_id"]) == ("verification_invitation", "TTS-KYC-90031")
    zh = "您好，为保障店铺安全，您需要完成视频认证。\n"
    assert check(mail("Temu <notice@kuajingmaihuo.com>", "通知", zh))["kind"] == (
        "verification_invitation"
    )
    failed = "Your store has been suspended because you failed to complete a video verification."
    assert check(mail(sender, "Suspended", failed))["kind"] == "suspension"


def test_pasted_text_naming_no_brand_is_placed_by_its_platform_links() -> None:
    pasted = (
        "Account Health\nYour selling privileges have been deactivated because the Late "
        "Shipment Rate is above our target.\nhttps://sellercentral.amazon.com/performance\n"
    )
    found = check(pasted.encode(), "pasted.txt")
    assert (found["platform"], found["kind"], found["verdict"]) == (
        "amazon",
        "suspension",
        "unverifiable",
    )
    both = pasted + "https://seller.shopee.com.my/portal\n"
    assert check(both.encode(), "pasted.txt")["platform"] is None


@pytest.mark.parametrize(
    ("platform", "sender", "line", "expected"),
    [
        ("amazon", "seller-performance@amazon.com", "Submit no later than 5th December 2026.",
         "2026-12-05T23:59:59-08:00"),
        ("amazon", "seller-performance@amazon.com", "Please respond by Saturday, December 5, 2026.",
         "2026-12-05T23:59:59-08:00"),
        ("amazon", "seller-performance@amazon.com", "The appeal window closes on Dec 5.",
         "2026-12-05T23:59:59-08:00"),
        ("tiktok_shop", "no-reply@tiktokshop.com", "Appeal deadline: 05-Dec-2026",
         "2026-12-05T23:59:59-08:00"),
        ("taobao", "service@taobao.com", "请于 2026 年 12 月 5 日 18:00 前处理。",
         "2026-12-05T18:00:00+08:00"),
        ("taobao", "service@taobao.com", "请于1月5日前完成整改。", "2027-01-05T23:59:59+08:00"),
        ("joom", "support@joom.com", "Deadline: 2026.12.05", "2026-12-05T23:59:59+08:00"),
    ],
)  # fmt: skip
def test_a_deadline_is_read_however_its_date_is_written(
    platform: str, sender: str, line: str, expected: str
) -> None:
    body = f"Your store received a penalty for late shipment.\n{line}\n"
    found = check(mail(f"Seller Centre <{sender}>", "Notice", body))
    assert (found["platform"], found["deadline_at"]) == (platform, expected)


def test_a_plain_part_that_only_points_to_the_html_is_not_the_notice() -> None:
    msg = EmailMessage()
    msg["From"] = "Amazon Seller Performance <seller-performance@amazon.com>"
    msg["Subject"] = "Your Amazon.com selling account"
    msg["Date"] = "Tue, 01 Dec 2026 03:20:00 +0000"
    msg["Authentication-Results"] = AUTH.format(d="amazon.com")
    msg.set_content("This message contains HTML. Use an HTML-capable email client to view it.")
    msg.add_alternative(
        "<p>We have deactivated your Amazon selling account because your order defect rate "
        "is above 1%.</p><p>Reference ID: 8842713301</p>",
        subtype="html",
    )
    found = check(msg.as_bytes(policy=SMTP))
    assert (found["kind"], found["violations"], found["reference_id"]) == (
        "suspension",
        ["order_defect_rate"],
        "8842713301",
    )


def test_a_notice_wrapped_at_72_columns_keeps_its_date_and_temu_orders() -> None:
    body = (
        "Your account has been restricted because your first response time exceeded\r\n"
        "24 hours on orders such as PO-211-08812345678901 and\r\nPO-211-08812345678902. "
        "Please submit an appeal by December\r\n5, 2026, or it may become permanent.\r\n"
    )
    found = check(mail("Temu Seller Center <seller-notice@temu.com>", "Restricted", body))
    assert found["order_ids"] == ["PO-211-08812345678901", "PO-211-08812345678902"]
    assert found["deadline_at"] == "2026-12-05T23:59:59+08:00"


def test_a_notice_forwarded_as_an_attachment_is_read_as_a_forward() -> None:
    inner = EmailMessage()
    inner["From"] = "Joom <support@joom.com>"
    inner["Subject"] = "Store suspended"
    inner.set_content("Your store has been suspended for counterfeit goods. Case number: JM-99881.")
    outer = EmailMessage()
    outer["From"] = "Li Wei <li.wei@blueocean-home.example.com>"
    outer["Subject"] = "Fwd: Store suspended"
    outer.set_content("See attached.")
    outer.add_attachment(inner)
    found = check(outer.as_bytes(policy=SMTP))
    assert (found["platform"], found["verdict"], found["kind"]) == (
        "joom",
        "unverifiable",
        "suspension",
    )
    assert (found["violations"], found["reference_id"]) == (["counterfeit"], "JM-99881")
    assert (found["from"], found["forwarded_by"]) == (
        "support@joom.com",
        "li.wei@blueocean-home.example.com",
    )
    assert "From: Joom <support@joom.com>" in found["text"]


def test_the_cells_of_an_html_table_are_read_apart() -> None:
    html = (
        "<p>We removed the listings below.</p><table><tr><th>SKU</th><th>ASIN</th>"
        "<th>Order ID</th></tr><tr><td>BO-LAMP-1</td><td>B07XJ8C8F5</td>"
        "<td>112-3456789-1234567</td></tr></table><h4>Next steps</h4>Appeal within 7 days."
    )
    sender = "Amazon <seller-notification@amazon.com>"
    found = check(mail(sender, "Listings removed", html, subtype="html"))
    assert (found["asins"], found["order_ids"]) == (["B07XJ8C8F5"], ["112-3456789-1234567"])
    assert "Next steps\nAppeal within 7 days." in found["text"]


def test_listings_the_platform_says_it_deactivated_make_a_warning() -> None:
    body = "Hello,\n\nWe have deactivated some of your listings due to potential pricing errors.\n"
    found = check(mail("Amazon <seller-notification@amazon.com>", "Pricing error", body))
    assert found["kind"] == "warning"
    account = "We have deactivated your selling account."
    found = check(mail("Amazon <seller-performance@amazon.com>", "Deactivated", account))
    assert found["kind"] == "suspension"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # counted from a UTC Date, shown on Taobao's clock (Beijing)
        ("请在收到通知后五个工作日内提交申诉。", "2026-12-08T11:20:00+08:00"),
        ("请在七十二小时内处理。", "2026-12-04T11:20:00+08:00"),
        ("请于3日以内提交申诉材料。", "2026-12-04T11:20:00+08:00"),
    ],
)
def test_a_chinese_window_in_numerals_or_with_yinei_is_counted(line: str, expected: str) -> None:
    found = check(
        mail("淘宝网 <service@taobao.com>", "违规处理通知", f"您的店铺违规被扣分。{line}\n")
    )
    assert (found["deadline_at"], found["deadline_source"]) == (expected, "relative")


def test_text_saved_as_utf16_by_notepad_is_read() -> None:
    pasted = "Your selling privileges have been deactivated.\nReference ID: 5521349876\n"
    found = check(pasted.encode("utf-16"), "pasted.txt")
    assert (found["reference_id"], found["verdict"]) == ("5521349876", "unverifiable")


def test_the_command_line_counts_a_pasted_window_from_now(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reinstate.cli import main

    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    path = tmp_path / "pasted.txt"
    path.write_text(
        "We have deactivated your selling account.\nRespond within 72 hours.\n"
        "https://sellercentral.amazon.com/performance\n",
        encoding="utf-8",
    )
    before = datetime.now(UTC).replace(microsecond=0)
    assert main(["notice", "check", str(path), "--json"]) == 0
    after = datetime.now(UTC)
    at = datetime.fromisoformat(json.loads(capsys.readouterr().out)["deadline_at"])
    assert before + timedelta(hours=72) <= at <= after + timedelta(hours=72)


def test_pasted_text_names_its_sender_but_is_not_judged_by_it() -> None:
    pasted = (
        "From: Joom Merchant Support <merchant-support@joom.com>\n"
        "Subject: Your store is restricted\n\n"
        "Dear merchant,\nProducts in your store are suspected to be counterfeit goods.\n"
        "Reply to merchant-support@joom.com or appeals@joom.com within 3 days.\n"
    )
    found = check(pasted.encode(), "notice.txt")
    assert found["from"] == "merchant-support@joom.com" and found["from_quoted"] is True
    # the sender is not where to reply; another address the text names is
    assert found["reply_to"] == ["appeals@joom.com"]
    assert found["verdict"] != "genuine"  # pasted text proves no sender
    assert any(s["code"] == "no_headers" for s in found["signals"])
    mailed = check(mail("Joom <merchant-support@joom.com>", "Restricted", pasted))
    assert mailed["from"] == "merchant-support@joom.com" and mailed["from_quoted"] is False


def test_the_why_lines_do_not_say_twice_what_the_label_says() -> None:
    from reinstate.notices.words import report_text

    pasted = "Dear merchant,\nProducts in your store are suspected to be counterfeit goods.\n"
    document = check(pasted.encode(), "notice.txt")
    for language in ("en", "zh_CN"):
        lines = report_text(document, language).splitlines()
        [line] = [line for line in lines if "没有邮件头" in line or "No email headers" in line]
        clauses = [c.strip() for c in re.split(r"[:：]", line)]
        assert len(clauses) == len(set(clauses)), line
