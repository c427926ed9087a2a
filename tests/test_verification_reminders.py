"""Verification reminders (issue 17) through the real SMTP test server: 24 h and 1 h before the
call, unticked readiness items at T-24 h, the booking window about to close, the result
overdue; each sent once, dropped when no longer called for, and in the .ics feed."""

from __future__ import annotations

import email
from datetime import timedelta
from email import policy
from typing import Any

from icalendar import Calendar
from sqlalchemy import select

from reinstate.cases import calendar, reminders
from reinstate.cases import service as cases
from reinstate.clock import FrozenClock
from reinstate.storage.tables import Reminder
from reinstate.verification import rules, service
from reinstate.workbench import Workbench

from . import test_reminders as sinks
from .conftest import NOW, World
from .test_reminders import Inbox
from .test_verification import amazon_store

settings, inbox = sinks.settings, sinks.inbox  # the real SMTP server, allowed on 127.0.0.1

SLOT = NOW + timedelta(hours=50)


def _mails(box: Inbox) -> list[str]:
    found = []
    for envelope in box.mails:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        body = message.get_body(("plain",))
        found.append(f"{message['subject']}\n{body.get_content() if body else ''}")
    return found


def _channel(wb: Workbench, world: World, box: tuple[Inbox, str, str]) -> Inbox:
    mails, mail_url, _ = box
    cases.set_reminder_settings(wb, world.actor(wb, "owner"), urls=[mail_url], hours=None)
    return mails


def test_it_reminds_a_day_and_an_hour_before_the_call_and_of_unticked_items(
    wb: Workbench, world: World, clock: FrozenClock, inbox: tuple[Inbox, str, str]
) -> None:
    box = _channel(wb, world, inbox)
    mei = world.actor(wb, "owner")
    row = service.open_verification(wb, mei, world.account_a2, invited_at=NOW)
    clock.set(NOW + timedelta(hours=1))
    service.apply_event(wb, mei, row.id, "booked", slot=SLOT)
    for item in ("bring_1", "bring_2", "bring_3", "device_test"):
        service.set_check(wb, mei, row.id, item, done=True)
    clock.set(SLOT - timedelta(hours=24, minutes=1))
    assert reminders.send_due(wb).due == 0
    clock.set(SLOT - timedelta(hours=24))
    report = reminders.send_due(wb)
    assert (report.due, len(report.sent)) == (2, 2)
    sent = _mails(box)
    assert any("the call is in 24 h, at 2026-11-20T10:00+00:00" in m for m in sent)
    unticked = len(rules.checklist_items(service.video_rules(wb, "amazon"))) - 4
    assert any(f"{unticked} readiness items are not ticked" in m for m in sent)
    assert all("Blue Ocean US" in m and "视频验证" in m for m in sent)  # both languages
    assert reminders.send_due(wb).due == 0  # once
    clock.set(SLOT - timedelta(hours=1))
    assert len(reminders.send_due(wb).sent) == 1
    assert "the call is in 1 h" in _mails(box)[-1]
    clock.set(SLOT + timedelta(minutes=30))
    service.apply_event(wb, mei, row.id, "completed")
    clock.set(SLOT + timedelta(hours=48, minutes=30))
    assert len(reminders.send_due(wb).sent) == 1
    assert "the result was due at 2026-11-22T10:30+00:00 and has not come" in _mails(box)[-1]
    assert len(box.mails) == 4


def test_it_warns_before_the_booking_window_closes_and_forgets_it_once_booked(
    wb: Workbench, world: World, clock: FrozenClock, inbox: tuple[Inbox, str, str]
) -> None:
    box = _channel(wb, world, inbox)
    mei = world.actor(wb, "owner")
    other = amazon_store(wb, world, "Blue Ocean JP")  # one verification in progress a store
    waiting = service.open_verification(wb, mei, other, invited_at=NOW)
    booked = service.open_verification(wb, mei, world.account_a2, invited_at=NOW)
    service.apply_event(wb, mei, booked.id, "booked", slot=SLOT)
    closes = NOW + timedelta(hours=72)
    clock.set(closes - timedelta(hours=12))
    reminders.send_due(wb)
    closing = [m for m in _mails(box) if "booking window" in m]
    assert len(closing) == 1 and f"V{waiting.id} " in closing[0]
    assert "the booking window closes at 2026-11-21T08:00+00:00; no slot is booked" in closing[0]
    assert not any(f"V{booked.id} " in m for m in closing)


def test_a_reminder_no_longer_called_for_is_dropped_unsent(
    wb: Workbench, world: World, clock: FrozenClock, inbox: tuple[Inbox, str, str]
) -> None:
    box = _channel(wb, world, inbox)
    mei = world.actor(wb, "owner")
    row = service.open_verification(wb, mei, world.account_a2, invited_at=NOW)
    service.apply_event(wb, mei, row.id, "booked", slot=SLOT)
    for item, _ in rules.checklist_items(service.video_rules(wb, "amazon")):
        service.set_check(wb, mei, row.id, item, done=True)
    clock.set(SLOT - timedelta(hours=24))
    report = reminders.send_due(wb)
    assert (len(report.sent), len(report.superseded)) == (1, 1)  # all ticked: no warning
    assert "the call is in 24 h" in _mails(box)[0]
    # the call missed: the 1-hour reminder of that slot is replaced by the new window's
    clock.set(SLOT + timedelta(minutes=10))
    service.apply_event(wb, mei, row.id, "no_show", at=SLOT + timedelta(minutes=10))
    with wb.db.reading() as session:
        kinds = [
            r.kind for r in session.scalars(select(Reminder).where(Reminder.sent_at.is_(None)))
        ]
    assert kinds == ["verify_window"]


def test_the_calendar_feed_carries_the_call_the_window_and_the_result(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    mei = world.actor(wb, "owner")
    booked = service.open_verification(wb, mei, world.account_a2, invited_at=NOW)
    service.apply_event(wb, mei, booked.id, "booked", slot=SLOT)
    other = amazon_store(wb, world, "Blue Ocean JP")  # one verification in progress a store
    waiting = service.open_verification(wb, mei, other, invited_at=NOW)
    assert mei.user_id is not None
    secret = calendar.new_calendar_secret(wb, mei.user_id)
    events = {
        str(e["summary"]): e for e in Calendar.from_ical(calendar.feed(wb, secret)).walk("VEVENT")
    }
    call = events[f"Video verification call: Blue Ocean US (V{booked.id})"]
    assert call.decoded("dtstart") == SLOT
    assert call.decoded("dtend") == SLOT + timedelta(minutes=30)
    closes = events[f"Video verification booking window closes: Blue Ocean JP (V{waiting.id})"]
    assert closes.decoded("dtstart") == NOW + timedelta(hours=72)
    # the client is not given account A2: nothing of it in their feed
    client: Any = world.actor(wb, "client")
    theirs = calendar.feed(wb, calendar.new_calendar_secret(wb, client.user_id))
    assert b"Video verification" not in theirs
