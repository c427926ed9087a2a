"""Amazon Japan writes its notices in Japanese: their kind, their violations and their deadline
("72時間以内", "7日以内", "3営業日以内", "2026年12月10日までに") are read as a Chinese or English
notice's are, the deadline in the zone of the mail (Japan's)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest

from reinstate.cli import main
from reinstate.notices.check import check_notice, report_document
from reinstate.policies.loader import load_policies

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
AUTH = "mx.example.jp; spf=pass smtp.mailfrom=amazon.co.jp; dkim=pass header.d=amazon.co.jp; "
AUTH += "dmarc=pass header.from=amazon.co.jp"


def _eml(
    tmp_path: Path, subject: str, body: str, sent: str = "Tue, 01 Dec 2026 10:00:00 +0900"
) -> Path:
    msg = EmailMessage()
    msg["From"] = "Amazon.co.jp <seller-performance@amazon.co.jp>"
    msg["To"] = "shop@blueocean-home.example.jp"
    msg["Subject"] = subject
    msg["Date"] = sent
    msg["Authentication-Results"] = AUTH
    msg.set_content(body)
    path = tmp_path / "amazon-jp.eml"
    path.write_bytes(msg.as_bytes(policy=SMTP))
    return path


def _check(path: Path) -> dict[str, Any]:
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=NOW.date(), now=NOW)
    return report_document(report)


@pytest.mark.parametrize(
    ("subject", "body", "kind", "violations", "deadline_at"),
    [
        ("出品権限について",
         "出品者様\n\nお客様の出品権限は削除されています。お客様が出品した商品が第三者の"
         "知的財産権を侵害しているとの報告を受けたためです。\n7日以内に改善計画をお送りください。\n",
         "suspension", ["intellectual_property"], "2026-12-08T10:00:00+09:00"),
        ("出品の停止について",
         "以下の商品の出品を停止いたしました。\nASIN：B0CXYZ1234\n理由：商標権侵害の申し立て\n"
         "2026年12月10日までに、請求書などの書類をご提出ください。\n",
         "warning", ["intellectual_property"], "2026-12-10T23:59:59+09:00"),
        ("Amazonマーケットプレイス保証申請のお知らせ",
         "購入者様よりAmazonマーケットプレイス保証の申請がありました。\n"
         "注文番号：250-1234567-7654321\n７２時間以内にご回答ください。\n",
         "claim", ["order_defect_rate"], "2026-12-04T10:00:00+09:00"),
        ("アカウントのパフォーマンスについて",
         "お客様の注文不良率が、目標値である1%を上回っています。3営業日以内に改善計画を"
         "ご提出ください。\n", "metric_alert", ["order_defect_rate"],
         # three working days on Japan's calendar from Tuesday 1 December in Tokyo
         "2026-12-04T10:00:00+09:00"),
    ],
)  # fmt: skip
def test_an_amazon_japan_notice_is_read_for_its_kind_violations_and_deadline(
    tmp_path: Path,
    subject: str,
    body: str,
    kind: str,
    violations: list[str],
    deadline_at: str,
) -> None:
    found = _check(_eml(tmp_path, subject, body))
    assert (found["verdict"], found["platform"], found["kind"]) == ("genuine", "amazon", kind)
    assert found["violations"] == violations
    assert (found["deadline_at"], found["deadline_source"]) == (
        deadline_at,
        "explicit" if "までに" in body else "relative",
    )


def test_the_command_line_shows_a_japanese_notices_deadline_on_japans_clock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _eml(
        tmp_path,
        "重要：アカウントの停止",
        "Amazon.co.jpでのお客様のアカウントを停止しました。偽造品の出品が確認されました。\n"
        "異議を申し立てる場合は、14日以内にご連絡ください。\n",
    )
    assert main(["notice", "check", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "Kind: Suspension" in shown and "Inauthentic or counterfeit" in shown
    assert "Deadline: 2026-12-15 10:00 UTC+9" in shown


def test_a_japanese_mail_that_only_informs_stays_information(tmp_path: Path) -> None:
    found = _check(
        _eml(
            tmp_path,
            "セラーフォーラムのお知らせ",
            "いつもAmazon.co.jpをご利用いただきありがとうございます。年末年始の配送スケジュール"
            "についてご案内します。\n",
        )
    )
    assert (found["kind"], found["violations"]) == ("informational", [])


def test_amazon_japans_working_days_are_counted_on_japans_calendar(tmp_path: Path) -> None:
    # sent on Friday 20 November: Monday the 23rd is Labour Thanksgiving Day in Japan (a working
    # day in the United States), so the third working day is Thursday the 26th (Thanksgiving in
    # the United States, a working day in Japan)
    found = _check(
        _eml(
            tmp_path,
            "出荷遅延率について",
            "お客様の出荷遅延率が目標の4%を上回っています。3営業日以内に改善計画をご提出"
            "ください。\n",
            sent="Fri, 20 Nov 2026 10:00:00 +0900",
        )
    )
    assert (found["kind"], found["violations"]) == ("metric_alert", ["late_shipment"])
    assert (found["deadline_at"], found["deadline"]) == ("2026-11-26T10:00:00+09:00", "2026-11-26")


def test_pasted_japanese_text_is_on_japans_calendar_and_clock(tmp_path: Path) -> None:
    # nothing says who sent it or when: counted from the moment it is read, Wednesday 25
    # November 10:00 in Tokyo; Thanksgiving (the 26th) is a working day in Japan
    path = tmp_path / "pasted.txt"
    path.write_text(
        "出品者様\n\nお客様のアカウントで、注文不良率が目標値を超えています。\n"
        "5営業日以内に、改善計画をAmazonセラーセントラルからご提出ください。\n",
        encoding="utf-8",
    )
    now = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=now.date(), now=now)
    found = report_document(report)
    assert (found["platform"], found["violations"]) == ("amazon", ["order_defect_rate"])
    assert found["deadline_at"] == "2026-12-02T10:00:00+09:00"
    # a day written without its time ends at midnight in Tokyo, not in Seattle
    path.write_text(
        "Amazon出品サービスをご利用いただきありがとうございます。以下の商品の出品を停止しました。"
        "\nASIN：B0DQRS5678\n2026年12月10日までに、"
        "請求書をご提出ください。\n",
        encoding="utf-8",
    )
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=now.date(), now=now)
    assert report_document(report)["deadline_at"] == "2026-12-10T23:59:59+09:00"
