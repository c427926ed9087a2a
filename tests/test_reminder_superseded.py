"""A reminder claimed by a run that died is not sent once its case has closed or moved on.

Li's `reinstate remind` cron run is killed after it claimed a reminder. Before its lease runs
out, or after, Mei withdraws the case or moves its deadline. The stale claim must not reach the
team's webhook later: rescheduling removes every unsent reminder outside a live lease, and the
run holding a live lease re-reads the case before it sends.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select

from reinstate.cases import reminders, service
from reinstate.clock import FrozenClock
from reinstate.outbox import LEASE, claim
from reinstate.settings import Settings
from reinstate.storage.tables import Reminder
from reinstate.workbench import Workbench

from .conftest import World


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The webhook listens on 127.0.0.1: an on-premises installation's opt-in."""
    return settings.model_copy(update={"notify_allow_private": True})


@pytest.fixture
def hook() -> Iterator[tuple[list[str], str]]:
    received: list[str] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            received.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield received, f"json://127.0.0.1:{http.server_address[1]}/hook"
    http.shutdown()
    http.server_close()


def _claimed_by_a_dying_run(
    wb: Workbench, world: World, clock: FrozenClock, hook_url: str
) -> tuple[int, Reminder]:
    """A case due on 21 November whose first reminder a run claimed, then died holding."""
    owner = world.actor(wb, "owner")
    service.set_reminder_settings(wb, owner, urls=[hook_url], hours=[72, 24, 6])
    case = service.open_case(
        wb, owner, world.account_a, ["counterfeit"], deadline=date(2026, 11, 21)
    )
    with wb.db.reading() as session:
        first = session.scalars(
            select(Reminder).where(Reminder.case_id == case.id).order_by(Reminder.fire_at)
        ).first()
    assert first is not None
    clock.set(first.fire_at + timedelta(minutes=1))
    assert claim(wb, Reminder, first.id, clock.now())
    return case.id, first


def _unsent(wb: Workbench, case_id: int) -> list[Reminder]:
    with wb.db.reading() as session:
        query = select(Reminder).where(Reminder.case_id == case_id, Reminder.sent_at.is_(None))
        return list(session.scalars(query))


def test_a_dead_claim_is_not_sent_after_the_case_is_withdrawn(
    wb: Workbench, world: World, clock: FrozenClock, hook: tuple[list[str], str]
) -> None:
    received, hook_url = hook
    case_id, _ = _claimed_by_a_dying_run(wb, world, clock, hook_url)
    service.apply_event(wb, world.actor(wb, "owner"), case_id, "withdrawn")
    clock.set(clock.now() + LEASE + timedelta(minutes=1))  # the lease runs out
    report = reminders.send_due(wb)
    assert report.sent == [] and received == []


def test_a_dead_claim_past_its_lease_goes_when_the_deadline_moves(
    wb: Workbench, world: World, clock: FrozenClock, hook: tuple[list[str], str]
) -> None:
    received, hook_url = hook
    case_id, first = _claimed_by_a_dying_run(wb, world, clock, hook_url)
    clock.set(clock.now() + LEASE + timedelta(minutes=1))
    owner = world.actor(wb, "owner")
    service.update_case(wb, owner, case_id, {"deadline": date(2026, 11, 25)})
    unsent = _unsent(wb, case_id)  # the 72 h reminder of the old deadline is gone
    assert len(unsent) == 3 and all(r.fire_at > clock.now() for r in unsent)
    assert reminders.send_due(wb).sent == [] and received == []


def test_the_run_holding_a_live_claim_rereads_the_case_before_sending(
    wb: Workbench, world: World, clock: FrozenClock, hook: tuple[list[str], str]
) -> None:
    received, hook_url = hook
    case_id, first = _claimed_by_a_dying_run(wb, world, clock, hook_url)
    claimed_at = clock.now()
    # Withdrawn while the run still holds its lease: the claimed reminder stays for it ...
    service.apply_event(wb, world.actor(wb, "owner"), case_id, "withdrawn")
    assert [r.id for r in _unsent(wb, case_id)] == [first.id]
    # ... and the run, going on, sees the case closed and drops it unsent.
    report = reminders.RemindReport()
    reminders._deliver(wb, first, claimed_at, reminders.apprise_send, report)
    assert report.superseded == [first.id] and report.sent == [] and received == []
    assert _unsent(wb, case_id) == []


def test_a_run_that_outlived_its_lease_finds_its_reminder_rescheduled_away(
    wb: Workbench, world: World, clock: FrozenClock, hook: tuple[list[str], str]
) -> None:
    received, hook_url = hook
    case_id, first = _claimed_by_a_dying_run(wb, world, clock, hook_url)
    claimed_at = clock.now()
    clock.set(claimed_at + LEASE + timedelta(minutes=1))  # a send slower than LEASE
    service.update_case(wb, world.actor(wb, "owner"), case_id, {"deadline": date(2026, 11, 25)})
    report = reminders.RemindReport()
    reminders._deliver(wb, first, claimed_at, reminders.apprise_send, report)
    assert len(received) == 1  # it went out while the case still called for it ...
    assert report.sent == []  # ... and the run leaves the new deadline's reminders alone
    unsent = _unsent(wb, case_id)  # (SQLite may give one of them the old reminder's id)
    assert len(unsent) == 3 and all(r.fire_at > clock.now() and not r.claimed_at for r in unsent)
