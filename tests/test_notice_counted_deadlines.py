"""A counted deadline ("within 7 days", "3个工作日内", a platform's usual window) is shown in the
zone the notice is written in, as a stated date-only deadline is: the same instant, its day and
clock where the seller reads the mail; working days are still counted on the platform's
calendar."""

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

NOW = datetime(2026, 11, 19, 8, 0, tzinfo=UTC)


def _eml(tmp_path: Path, sender: str, sent: str, body: str, name: str = "n.eml") -> Path:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "ops@blueocean-home.example.com"
    msg["Subject"] = "About your selling account"
    msg["Date"] = sent
    msg.set_content(body)
    path = tmp_path / name
    path.write_bytes(msg.as_bytes(policy=SMTP))
    return path


def _check(path: Path, now: datetime = NOW) -> dict[str, Any]:
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=now.date(), now=now)
    return report_document(report)


def _shown(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["notice", "check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    return next(line for line in lines if line.startswith("Deadline"))


def test_a_counted_deadline_is_shown_in_the_zone_a_stated_one_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a mail written at 9 in the morning in China, about an Amazon (Seattle) account
    sent = "Thu, 19 Nov 2026 09:00:00 +0800"
    deactivated = "We have deactivated your Amazon selling account for inauthentic items.\n"
    amazon = "Amazon <seller-performance@amazon.com>"
    counted = _eml(tmp_path, amazon, sent, deactivated + "Appeal within one week.\n", "c.eml")
    stated = _eml(tmp_path, amazon, sent, deactivated + "Appeal before Nov 26, 2026.\n", "s.eml")
    found = _check(counted)
    # one week from 19 November 09:00 UTC+8 is 26 November there (25 November in Seattle)
    assert datetime.fromisoformat(found["deadline_at"]) == datetime(2026, 11, 26, 1, tzinfo=UTC)
    assert (found["deadline_at"], found["deadline"]) == ("2026-11-26T09:00:00+08:00", "2026-11-26")
    assert found["diagnosis"]["days_left"] == 7
    assert _shown(counted, capsys) == "Deadline: 2026-11-26 09:00 UTC+8"
    # the stated day is read on the same clock
    assert _check(stated)["deadline"] == "2026-11-26"
    assert _shown(stated, capsys) == "Deadline: 2026-11-26 23:59 UTC+8"


def test_a_platforms_usual_window_is_shown_in_the_notices_zone_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # an A-to-z claim names no window: Amazon's 72 hours, from a mail written in Berlin
    claim = _eml(
        tmp_path,
        "Amazon <cs-reply@amazon.com>",
        "Fri, 20 Nov 2026 23:30:00 +0100",
        "A buyer has filed an A-to-z Guarantee claim for order 302-1234567-7654321.\n",
    )
    found = _check(claim)
    assert found["deadline_source"] == "platform_window"
    assert (found["deadline_at"], found["deadline"]) == ("2026-11-23T23:30:00+01:00", "2026-11-23")
    assert _shown(claim, capsys) == "Deadline: 2026-11-23 23:30 UTC+1 (estimated)"


def test_working_days_are_counted_on_the_platforms_calendar_and_shown_in_the_notices_zone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 02:00 on Thursday 26 November in China is 10:00 on Wednesday 25 November in Seattle; the
    # count runs on Amazon's (US) days: Thanksgiving is none, so the three are Friday, Monday and
    # Tuesday 1 December, 10:00 in Seattle, which is 02:00 on 2 December where the mail was written
    notice = _eml(
        tmp_path,
        "Amazon <seller-performance@amazon.com>",
        "Thu, 26 Nov 2026 02:00:00 +0800",
        "Some of your listings were removed for a pricing error.\n"
        "Please fix them within 3 business days.\n",
    )
    found = _check(notice, datetime(2026, 11, 25, 20, tzinfo=UTC))
    assert datetime.fromisoformat(found["deadline_at"]) == datetime(2026, 12, 1, 18, tzinfo=UTC)
    assert (found["deadline_at"], found["deadline"]) == ("2026-12-02T02:00:00+08:00", "2026-12-02")
    assert _shown(notice, capsys) == "Deadline: 2026-12-02 02:00 UTC+8"


def test_a_chinese_count_of_working_days_keeps_its_instant(tmp_path: Path) -> None:
    # Taobao counts on China's calendar; a mail sent from a server on UTC is read on Taobao's clock
    notice = _eml(
        tmp_path,
        "淘宝网 <service@taobao.com>",
        "Fri, 20 Nov 2026 16:30:00 +0000",
        "您的店铺存在虚假交易行为，请于2个工作日内提交申诉材料。\n",
    )
    found = _check(notice)
    # Saturday 00:30 in Beijing: Monday and Tuesday are the two working days
    assert (found["deadline_at"], found["deadline"]) == ("2026-11-24T00:30:00+08:00", "2026-11-24")
    assert datetime.fromisoformat(found["deadline_at"]) == datetime(
        2026, 11, 23, 16, 30, tzinfo=UTC
    )
