"""After a failed video verification (seed 004: "再次预约入口（通常需间隔72小时）"), a new booking
entrance opens 72 hours later and stays open: Mei, who waits a week before booking again, books a
slot the platform offered her (48–72 hours ahead of her click), and the command records it. A slot
sooner than 72 hours after the failure, or further ahead than the platform offers, is refused in
one sentence with a non-zero exit. The command runs on the real clock: times relative to it."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from reinstate.cli import main
from reinstate.clock import FrozenClock
from reinstate.verification import service
from reinstate.workbench import Workbench

from .conftest import World


def _run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str, *args: str
) -> tuple[int, dict[str, object], str]:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(["verify", *args, "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else {}), err.strip()


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _failed(run: object, account: int, invited: datetime) -> tuple[str, datetime]:
    """A verification invited at ``invited``, booked 50 hours later, failed 40 minutes into the
    call: its id and when it failed."""
    assert callable(run)
    code, opened, err = run("open", str(account), "--invited-at", _iso(invited))
    assert code == 0, err
    vid, call = str(opened["id"]), invited + timedelta(hours=50)
    assert run("event", vid, "booked", "--slot", _iso(call), "--at", _iso(invited))[0] == 0
    done = call + timedelta(minutes=20)
    assert run("event", vid, "completed", "--at", _iso(done))[0] == 0
    failed = call + timedelta(minutes=40)
    code, shown, err = run("event", vid, "failed", "--at", _iso(failed))
    assert code == 0, err
    assert shown["book_from"] == (failed + timedelta(hours=72)).isoformat()
    assert shown["book_until"] is None
    return vid, failed


def test_a_week_after_a_failure_a_slot_offered_then_is_booked(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    world: World,
) -> None:
    run = lambda *a: _run(capsys, monkeypatch, database_url, *a)  # noqa: E731
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    vid, failed = _failed(run, world.account_a2, now - timedelta(days=10))
    assert now - failed > timedelta(days=7)
    too_far = now + timedelta(hours=80)
    code, _, err = run("event", vid, "booked", "--slot", _iso(too_far))
    assert code == 1 and err.startswith(f"The slot {_iso(too_far.astimezone(UTC))} is more than")
    assert err.endswith("the platform offers slots at most 72 hours ahead.") and "\n" not in err
    slot = now + timedelta(hours=60)
    code, booked, err = run("event", vid, "booked", "--slot", _iso(slot))
    assert code == 0, err
    assert (booked["state"], booked["slot_at"]) == ("booked", slot.astimezone(UTC).isoformat())


def test_a_slot_sooner_than_72_hours_after_the_failure_is_refused(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    world: World,
) -> None:
    run = lambda *a: _run(capsys, monkeypatch, database_url, *a)  # noqa: E731
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    vid, failed = _failed(run, world.account_a2, now - timedelta(hours=52))
    opens = failed + timedelta(hours=72)
    early = opens - timedelta(minutes=1)
    code, _, err = run("event", vid, "booked", "--slot", _iso(early))
    assert code == 1
    assert err == (
        f"The slot {_iso(early)} is sooner than a new booking may be: from {_iso(opens)}, "
        "72 hours after the last attempt ended."
    )
    code, booked, err = run("event", vid, "booked", "--slot", _iso(opens))
    assert code == 0, err
    assert booked["slot_at"] == opens.isoformat()


def test_the_page_says_from_when_a_new_slot_may_be_booked_with_no_end(
    wb: Workbench, world: World, clock: FrozenClock, as_persona: Any
) -> None:
    mei = world.actor(wb, "owner")
    invited = datetime(2026, 11, 10, 8, tzinfo=UTC)
    row = service.open_verification(wb, mei, world.account_a2, invited_at=invited)
    call = invited + timedelta(hours=50)
    service.apply_event(wb, mei, row.id, "booked", slot=call, at=invited)
    clock.set(call + timedelta(hours=1))
    service.apply_event(wb, mei, row.id, "completed", at=call + timedelta(minutes=20))
    service.apply_event(wb, mei, row.id, "failed", at=call + timedelta(minutes=40))
    page = as_persona("owner").client.get(f"/verifications/{row.id}?tz=UTC").text
    assert "Book from</dt><dd>2026-11-15 10:40 UTC</dd>" in page
    assert "Booking window" not in page and "– —" not in page
