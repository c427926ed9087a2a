"""The notice's deadline is for the appeal it asks for: once the platform has answered a
submission (rejected it, asked for more), that deadline no longer runs (seed 000: only a
notice left unanswered closes the entrance; a resubmission waits 48 h and has no deadline of
its own), so a case waiting to resubmit is not "overdue" on Today nor "after the deadline".
A moment given for an event cannot come before the platform sent the case's notice."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, date, datetime, timedelta
from html import unescape
from typing import Any

import pytest

from reinstate.cases.from_notice import open_from_notice
from reinstate.cases.service import apply_event, update_case
from reinstate.cases.views import case_summary
from reinstate.cli import main
from reinstate.clock import FrozenClock
from reinstate.errors import InvalidInput
from reinstate.i18n import gettext_for
from reinstate.notices.service import store_notice
from reinstate.today.service import today
from reinstate.today.views import TodayItem
from reinstate.workbench import Workbench

from .conftest import World

# A Joom notice in other words than the fixtures': sent 3 Nov 2026 06:30 UTC, reply in 7 days.
JOOM_NOTICE = b"""From: Joom Merchant Support <merchant-support@joom.com>
To: seller@harbour-lights.example.com
Subject: Account Suspension: trademark complaint
Date: Tue, 03 Nov 2026 06:30:00 +0000
Message-ID: <case-7781@joom.com>
Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=joom.com;
 dkim=pass header.d=joom.com; dmarc=pass header.from=joom.com
Content-Type: text/plain; charset="utf-8"
MIME-Version: 1.0

Dear merchant,

Your store Harbour Lights is suspended: the rights holder of a trademark reported
product JOOM-40411 (intellectual property violation). Reference ID: JM-2026-40411.

Please submit your remediation documents at https://merchant.joom.com/appeals
within 7 days of this notice.

Joom Merchant Team
"""
SENT = datetime(2026, 11, 3, 6, 30, tzinfo=UTC)
DUE = SENT + timedelta(days=7)


def _deadline_lines(wb: Workbench, world: World) -> list[tuple[str, int]]:
    shown = today(wb, world.actor(wb, "owner"))
    return [
        (i.kind, int(i.params["case"]))
        for s in shown.sections
        if s.section == "deadlines"
        for i in s.items
    ]


def _deadline_items(wb: Workbench, world: World) -> list[TodayItem]:
    shown = today(wb, world.actor(wb, "owner"))
    return [i for s in shown.sections if s.section == "deadlines" for i in s.items]


def test_a_rejection_after_the_deadline_does_not_make_the_case_overdue(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    owner = world.actor(wb, "owner")
    clock.set(SENT + timedelta(hours=2))
    notice = store_notice(wb, owner, world.account_a, JOOM_NOTICE, "joom-trademark.eml")
    case = open_from_notice(wb, owner, notice.id)
    assert case.due_at == DUE
    clock.set(SENT + timedelta(days=2))
    apply_event(wb, owner, case.id, "submitted")  # in time
    clock.set(DUE + timedelta(days=3))  # Joom answers after the notice's deadline
    apply_event(wb, owner, case.id, "rejected", note="authorisation expired")
    shown = case_summary(wb, owner, case.id)
    assert (shown.state, shown.overdue, shown.due_at) == ("rejected", False, None)
    # not overdue, and not forgotten: the next submission is Today's, from Joom's 48 h on
    lines = _deadline_items(wb, world)
    assert [(i.kind, i.severity) for i in lines] == [("case_rejected", "medium")]
    assert lines[0].at == DUE + timedelta(days=3, hours=48)
    assert lines[0].text(gettext_for("en"), "en") == (
        f"Case #{case.id} of Blue Ocean Home: the appeal was rejected; submit it again"
    )
    clock.set(DUE + timedelta(days=6))  # past Joom's 48 h wait
    assert [(i.kind, i.severity, i.at) for i in _deadline_items(wb, world)] == [
        ("case_rejected", "high", None)
    ]
    again = apply_event(wb, owner, case.id, "submitted")
    assert again.case.attempts_used == 2
    assert "This submission is after the deadline." not in again.notes
    apply_event(wb, owner, case.id, "info_requested")
    assert not case_summary(wb, owner, case.id).overdue
    assert _deadline_lines(wb, world) == [("case_info_requested", case.id)]
    # the platform's request names a day to answer by: set on the case, it runs again
    update_case(wb, owner, case.id, {"deadline": date(2026, 11, 17)})
    assert _deadline_lines(wb, world) == [("case_due", case.id)]
    clock.set(datetime(2026, 11, 18, tzinfo=UTC))
    assert _deadline_lines(wb, world) == [("case_overdue", case.id)]
    late = apply_event(wb, owner, case.id, "submitted")
    assert "This submission is after the deadline." in late.notes
    assert late.case.attempts_used == 2  # answering a request uses no attempt


def test_a_notice_still_unanswered_stays_overdue(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    owner = world.actor(wb, "owner")
    clock.set(SENT + timedelta(hours=2))
    notice = store_notice(wb, owner, world.account_a, JOOM_NOTICE, "joom-trademark.eml")
    case = open_from_notice(wb, owner, notice.id)
    clock.set(DUE + timedelta(seconds=1))
    assert case_summary(wb, owner, case.id).overdue
    assert _deadline_lines(wb, world) == [("case_overdue", case.id)]


def test_an_event_cannot_be_dated_before_the_notice_was_sent(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    owner = world.actor(wb, "owner")
    clock.set(SENT + timedelta(days=1))
    notice = store_notice(wb, owner, world.account_a, JOOM_NOTICE, "joom-trademark.eml")
    case = open_from_notice(wb, owner, notice.id)
    with pytest.raises(InvalidInput, match="before the platform sent the case's notice"):
        apply_event(wb, owner, case.id, "submitted", at=SENT - timedelta(days=2))
    shown = case_summary(wb, owner, case.id)
    assert (shown.state, shown.attempts_used) == ("open", 0)
    made = apply_event(wb, owner, case.id, "submitted", at=SENT + timedelta(hours=3))
    assert made.case.attempts_used == 1


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "before the platform sent the case's notice"), ("zh_CN", "早于平台发出该案件通知")],
)
def test_the_cli_refuses_an_event_before_the_notice_in_one_sentence(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    wb: Workbench,
    world: World,
    language: str,
    words: str,
) -> None:
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a, JOOM_NOTICE, "joom-trademark.eml")
    case = open_from_notice(wb, owner, notice.id)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    early = ["case", "event", str(case.id), "submitted", "--confirm", "--json"]
    assert main([*early, "--at", "2026-10-30T00:00:00+00:00"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert main([*early, "--at", "2026-11-04T00:00:00+00:00"]) == 0
    assert json.loads(capsys.readouterr().out)["attempts_used"] == 1


def test_the_case_page_says_no_deadline_is_set_for_the_next_submission(
    wb: Workbench, world: World, clock: FrozenClock, as_persona: Any
) -> None:
    owner = world.actor(wb, "owner")
    clock.set(SENT + timedelta(hours=2))
    notice = store_notice(wb, owner, world.account_a, JOOM_NOTICE, "joom-trademark.eml")
    case = open_from_notice(wb, owner, notice.id)
    apply_event(wb, owner, case.id, "submitted")
    clock.set(DUE + timedelta(days=1))
    apply_event(wb, owner, case.id, "rejected")
    user = as_persona("client")  # the seller reads it too
    page = unescape(user.client.get(f"/cases/{case.id}").text)
    assert "none set for the next submission" in page and "not known" not in page
    user.post("/language", {"language": "zh_CN", "next": "/"}, page="/today")
    assert "下一次提交未设截止时间" in unescape(user.client.get(f"/cases/{case.id}").text)
