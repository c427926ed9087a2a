"""Notices as sellers' inboxes hold them, written here rather than taken from the fixtures:
a Chinese notice listing its orders without a colon, a notice in traditional characters naming
its platform only in them, and TikTok Shop's shop performance score falling."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from reinstate.cli import main


def checked(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert main(["notice", "check", str(path), "--json"]) == 0
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def _mail(tmp_path: Path, sender: str, subject: str, body: str) -> Path:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "shop@example.cn"
    message["Subject"] = subject
    message["Date"] = "Tue, 01 Dec 2026 10:30:00 +0800"
    message.set_content(body, charset="utf-8", cte="base64")
    path = tmp_path / "notice.eml"
    path.write_bytes(bytes(message))
    return path


def test_every_order_a_chinese_notice_lists_after_its_label_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _mail(
        tmp_path,
        "淘宝网 <service@taobao.com>",
        "【淘宝网】违规处理通知",
        "尊敬的商家：\n经排查，您的店铺存在虚假交易行为，涉及订单号 2871234567890123、"
        "2871234567890124，以及訂單編號 2871234567890125 2871234567890126。\n淘宝网\n",
    )
    assert checked(path, capsys, monkeypatch)["order_ids"] == [
        "2871234567890123",
        "2871234567890124",
        "2871234567890125",
        "2871234567890126",
    ]


def test_a_platform_named_in_traditional_characters_is_that_platform(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Taobao written "淘寶" is Taobao written "淘宝": a stranger's mailbox speaking as it is
    phishing."""
    path = _mail(
        tmp_path,
        "淘寶網客服中心 <kefu20261201@qq.com>",
        "【淘寶網】您的店鋪已被凍結",
        "親愛的賣家：您的店鋪因違規已被凍結，請儘快處理。\n",
    )
    report = checked(path, capsys, monkeypatch)
    assert (report["platform"], report["verdict"]) == ("taobao", "phishing")
    assert report["kind"] == "suspension"


def test_a_falling_shop_performance_score_is_a_metric_alert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sps.txt"
    path.write_text(
        "Hi seller,\n\nYour Shop Performance Score has dropped to 3.1 this week, below the "
        "level required to join campaigns.\n\nTikTok Shop\n",
        encoding="utf-8",
    )
    report = checked(path, capsys, monkeypatch)
    assert (report["platform"], report["kind"]) == ("tiktok_shop", "metric_alert")
    path.write_text("TikTok Shop 卖家您好：您的店铺体验分已降至 3.1 分，请尽快改善。\n", "utf-8")
    assert checked(path, capsys, monkeypatch)["kind"] == "metric_alert"


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        (
            "Joom Merchant Support <merchant-support@joom.com>",
            "Store restricted",
            "Your store has been restricted. To lift the restriction, pay the unblock fee of "
            "150 USD within 3 days; reply to this mail for the payment details.\n",
        ),
        (
            "Amazon Seller Performance <seller-performance@amazon.com>",
            "Account on hold",
            "Your selling account is on hold. Send the outstanding balance of $420 by Western "
            "Union to our agent in order to release your funds.\n",
        ),
        (
            "淘宝网 <service@taobao.com>",
            "【淘宝网】店铺处罚通知",
            "您的店铺已被冻结。请在 24 小时内向以下银行账户转账 3000 元，核实后为您解冻。\n"
            "开户行：中国建设银行\n",
        ),
        (
            "Amazon <seller-performance@amazon.com>",
            "Your Amazon account is frozen",
            "Do not ignore this message, pay the unfreeze fee via Western Union within 24 hours "
            "or your account will be closed.\n",
        ),
    ],
)
def test_a_platform_asking_for_money_to_give_the_account_back_is_phishing(
    sender: str,
    subject: str,
    body: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Even from the platform's own domain (a forged From), unauthenticated: platforms charge
    nothing to appeal and never ask for a wire, Western Union or a transfer to an account."""
    report = checked(_mail(tmp_path, sender, subject, body), capsys, monkeypatch)
    assert "asks_for_payment" in [s["code"] for s in report["signals"]]
    assert report["verdict"] == "phishing" and report["deadline_at"] is None


@pytest.mark.parametrize(
    ("sender", "sent", "sentence", "deadline_at"),
    [
        (
            "Amazon <seller-performance@amazon.com>",
            "Mon, 30 Nov 2026 23:30:00 -0800",
            "Your account has been deactivated. Send your plan of action within twelve (12) days.",
            "2026-12-12T23:30:00-08:00",
        ),
        (
            "Amazon <seller-performance@amazon.com>",
            "Mon, 30 Nov 2026 23:30:00 -0800",
            "An A-to-z Guarantee claim was filed. Please respond within the next 48 hours.",
            "2026-12-02T23:30:00-08:00",
        ),
        (
            "淘宝网 <service@taobao.com>",
            "Tue, 01 Dec 2026 10:00:00 +0800",
            "您的店铺存在违规，请您务必在2026-12-06 12:00之前完成申诉。",
            "2026-12-06T12:00:00+08:00",
        ),
        (
            "淘宝网 <service@taobao.com>",
            "Tue, 01 Dec 2026 10:00:00 +0800",
            "您的商品已被下架，您需于2026年12月7日前完成整改。",
            "2026-12-07T23:59:59+08:00",
        ),
        (
            "Joom <support@joom.com>",
            "Tue, 01 Dec 2026 10:00:00 +0300",
            "Your store has been restricted. Please respond by 2026-12-05 15:00 MSK.",
            "2026-12-05T15:00:00+03:00",
        ),
        (
            "Joom <support@joom.com>",
            "Tue, 01 Dec 2026 10:00:00 +0300",
            "Your store has been restricted. Please send the invoices within two weeks.",
            "2026-12-15T10:00:00+03:00",
        ),
        (
            "Joom <support@joom.com>",
            "Sat, 31 Jan 2026 10:00:00 +0300",
            "Your store has been restricted. Please send the invoices within one month.",
            "2026-02-28T10:00:00+03:00",  # a calendar month on: February's last day
        ),
        (
            "淘宝网 <service@taobao.com>",
            "Tue, 01 Dec 2026 10:00:00 +0800",
            "您的店铺存在售假行为，请在1个月内完成整改。",
            "2027-01-01T10:00:00+08:00",
        ),
        (
            "Amazon <seller-performance@amazon.com>",
            "Mon, 30 Nov 2026 23:30:00 -0800",
            "Your listings will be removed on December 7, 2026 unless you send the invoices.",
            "2026-12-07T23:59:59-08:00",
        ),
        (
            "淘宝网 <service@taobao.com>",
            "Tue, 01 Dec 2026 10:00:00 +0800",
            "您的商品已被下架，请在两周内完成整改。",
            "2026-12-15T10:00:00+08:00",
        ),
        (
            "淘宝网 <service@taobao.com>",
            "Tue, 01 Dec 2026 10:00:00 +0800",
            "您的店铺被扣分。申诉期限：2026-12-09。",
            "2026-12-09T23:59:59+08:00",
        ),
        (
            "淘宝网 <service@taobao.com>",
            "Tue, 01 Dec 2026 10:00:00 +0800",
            "您的店铺被扣分，最晚于12月10日提交申诉。",
            "2026-12-10T23:59:59+08:00",
        ),
    ],
)
def test_deadlines_as_platforms_write_them(
    sender: str,
    sent: str,
    sentence: str,
    deadline_at: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "notice.eml"
    path.write_text(
        f"From: {sender}\nSubject: Notice\nDate: {sent}\n"
        f"Content-Type: text/plain; charset=utf-8\n\n{sentence}\n",
        encoding="utf-8",
    )
    report = checked(path, capsys, monkeypatch)
    assert report["deadline_at"] == deadline_at
    assert report["deadline_source"] in ("explicit", "relative")


@pytest.mark.parametrize(
    ("sender", "sentence", "platform"),
    [
        (
            "Amazon <seller-notification@amazon.com>",
            "We removed your listing because it violates our Restricted Products policy.",
            "amazon",
        ),
        (
            "蝦皮購物 <no-reply@shopee.tw>",
            "您的賣場因違反蝦皮禁止和限制商品政策，商品已被下架。",
            "shopee",
        ),
        (
            "AliExpress <seller-notice@aliexpress.com>",
            "Your store was penalised for listing prohibited goods.",
            "aliexpress",
        ),
    ],
)
def test_a_restricted_product_notice_names_its_violation(
    sender: str,
    sentence: str,
    platform: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = checked(_mail(tmp_path, sender, "Notice", sentence + "\n"), capsys, monkeypatch)
    assert (report["platform"], report["violations"]) == (platform, ["restricted_product"])


@pytest.mark.parametrize(
    "command",
    [["notice", "check"], ["letter", "lint", "--platform", "amazon"]],
)
def test_a_folder_given_for_the_file_is_said_to_be_a_folder(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "a.eml").write_text("From: a@b.c\n\nHi\n", encoding="utf-8")
    assert main([*command[:2], str(folder), *command[2:], "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == f"{folder} is a folder, not a file."
    assert captured.out == ""


@pytest.mark.parametrize(
    ("sender", "sentence", "kind"),
    [
        ("亚马逊 <seller-performance@amazon.com>", "我们已停用您的亚马逊销售账户。", "suspension"),
        ("亚马逊 <seller-performance@amazon.com>", "您的销售权限已被移除。", "suspension"),
        (
            "亚马逊 <seller-performance@amazon.com>",
            "买家已就订单 112-7654321-7654321 提交交易保障索赔，请尽快回复。",
            "claim",
        ),
        (
            "Amazon <seller-performance@amazon.com>",
            "We have received a chargeback for order 112-7654321-7654321.",
            "claim",
        ),
        ("淘宝网 <service@taobao.com>", "您的店铺被扣 6 分，屏蔽 3 天。", "warning"),
        (
            "TikTok Shop <no-reply@tiktokshop.com>",
            "Your shop has received 4 violation points.",
            "warning",
        ),
    ],
)
def test_kinds_as_platforms_word_them(
    sender: str,
    sentence: str,
    kind: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = checked(_mail(tmp_path, sender, "Notice", sentence + "\n"), capsys, monkeypatch)
    assert report["kind"] == kind


def test_taobao_names_selling_counterfeits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _mail(tmp_path, "淘宝网 <service@taobao.com>", "违规通知", "您的店铺因售假被处罚。\n")
    assert checked(path, capsys, monkeypatch)["violations"] == ["counterfeit"]


@pytest.mark.parametrize(
    ("sender", "sentence", "reference"),
    [
        (
            "Amazon <seller-performance@amazon.com>",
            "Your account has been deactivated. Your case number is 20261201775.",
            "20261201775",
        ),
        (
            "Amazon <seller-performance@amazon.com>",
            "Your account has been deactivated. Reply to case 20261201776 in Seller Central.",
            "20261201776",
        ),
        ("淘宝网 <service@taobao.com>", "您的店铺已被处罚。违规记录ID：661234567", "661234567"),
    ],
)
def test_reference_ids_written_in_a_sentence_or_as_an_id(
    sender: str,
    sentence: str,
    reference: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = checked(_mail(tmp_path, sender, "Notice", sentence + "\n"), capsys, monkeypatch)
    assert report["reference_id"] == reference


def test_a_date_header_without_a_zone_is_shown_with_an_offset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC §6: every timestamp in JSON carries an offset; a mail client that writes its
    ``Date`` without a zone (or "-0000") says nothing of where it was, so it is UTC."""
    path = tmp_path / "naive.eml"
    for sent in ("Tue, 01 Dec 2026 10:00:00", "Tue, 01 Dec 2026 10:00:00 -0000"):
        path.write_text(
            "From: Amazon <seller-performance@amazon.com>\nSubject: Claim\n"
            f"Date: {sent}\n\nAn A-to-z claim was filed. Respond within 72 hours.\n",
            encoding="utf-8",
        )
        report = checked(path, capsys, monkeypatch)
        assert report["date"] == "2026-12-01T10:00:00+00:00"
        # 72 hours on, shown on Amazon's clock as a UTC Date says nothing of where it was
        assert report["deadline_at"] == "2026-12-04T02:00:00-08:00"


def test_a_day_before_the_notice_is_history_not_its_deadline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Orders "not shipped before 28 November" is what happened; "within 7 days" is the
    deadline. A pasted old notice whose only deadline is past keeps it (it has expired)."""
    path = _mail(
        tmp_path,
        "Amazon <seller-performance@amazon.com>",
        "Late shipment rate",
        "Your late shipment rate exceeds our 4% target: orders not shipped before "
        "2026-11-28 count as late. Please send a plan of action within 7 days.\n",
    )
    report = checked(path, capsys, monkeypatch)
    assert (report["deadline_at"], report["deadline_source"]) == (
        "2026-12-08T10:30:00+08:00",
        "relative",
    )
    pasted = tmp_path / "old.txt"
    pasted.write_text("Your Amazon account was deactivated. Appeal by 2026-11-09.\n", "utf-8")
    assert checked(pasted, capsys, monkeypatch)["deadline"] == "2026-11-09"


def test_a_multipart_mail_without_its_boundary_is_read_as_one_part(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "broken.eml"
    path.write_bytes(
        b"From: Joom <support@joom.com>\nSubject: Notice\nDate: Tue, 01 Dec 2026 10:00:00 +0300\n"
        b"Content-Type: multipart/mixed\n\nYour store has been suspended for counterfeit goods."
        b" Appeal within 7 days.\n"
    )
    report = checked(path, capsys, monkeypatch)
    assert (report["kind"], report["violations"]) == ("suspension", ["counterfeit"])
    assert report["deadline_at"] == "2026-12-08T10:00:00+03:00"


def test_a_saved_account_health_page_saying_what_was_done_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "health.html"
    page.write_text(
        "<html><body><h1>Account Health</h1><div>Suspected Intellectual Property Violations"
        "<br>ASIN: B0E1112223 &middot; Complaint ID: 9988776655 &middot; Action taken: "
        'Listing removed</div><a href="https://sellercentral.amazon.com/performance">View</a>'
        "</body></html>",
        encoding="utf-8",
    )
    report = checked(page, capsys, monkeypatch)
    assert (report["platform"], report["kind"]) == ("amazon", "warning")


@pytest.mark.parametrize(
    "warning",
    [
        "Please note: Amazon does not charge a reinstatement fee, and we will never ask you to "
        "pay via Western Union or with gift cards to restore your account.",
        "温馨提示：平台不会收取任何解冻费，也绝不会要求您向个人银行账户转账，谨防诈骗。",
    ],
)
def test_a_genuine_notice_warning_that_it_never_asks_for_money_is_still_genuine(
    warning: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Platforms tell sellers what they never ask for; those words are a warning, not an ask
    (the payment and prize signals read the sentence they are in)."""
    fixture = Path(__file__).parent / "fixtures" / "notices" / "genuine"
    text = (fixture / "amazon-odr-deactivation.eml").read_text(encoding="utf-8")
    assert "Sincerely" in text
    path = tmp_path / "warned.eml"
    path.write_text(text.replace("Sincerely", warning + "\n\nSincerely", 1), encoding="utf-8")
    report = checked(path, capsys, monkeypatch)
    codes = [s["code"] for s in report["signals"]]
    assert report["verdict"] == "genuine", codes
    assert "asks_for_payment" not in codes and "prize_lure" not in codes


def test_a_date_not_yet_come_is_not_the_start_of_the_deadline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mail dated 2099 (a forged or broken clock): its '17 days' count from now, not from
    2099 (which gave a deadline 26,000 days away)."""
    from datetime import UTC, datetime, timedelta

    path = _mail(
        tmp_path,
        "Amazon <seller-performance@amazon.com>",
        "Your Amazon selling account has been deactivated",
        "Your account has been deactivated. Send your plan of action within 17 days.\n",
    )
    path.write_bytes(
        path.read_bytes().replace(
            b"Tue, 01 Dec 2026 10:30:00 +0800", b"Thu, 01 Dec 2099 10:30:00 +0800"
        )
    )
    before = datetime.now(UTC).replace(microsecond=0)  # deadlines are shown to the second
    report = checked(path, capsys, monkeypatch)
    assert report["date"].startswith("2099-12-01")  # what the mail says is still shown
    due = datetime.fromisoformat(report["deadline_at"])
    assert before + timedelta(days=17) <= due <= datetime.now(UTC) + timedelta(days=17)
