"""Seed 004's trigger "收款银行账户更换≥2次/季度": two bank or payment account changes in one
calendar quarter set it off even when they are more than 90 days apart (1 July and 30
September are 91 days apart, and Q3 and Q4 have 92 days), read from a change log file. The
quarter is the seller's: in their organisation's zone, else Beijing time, never UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reinstate.auth import zones
from reinstate.clock import FrozenClock
from reinstate.verification import monitor
from reinstate.workbench import Workbench

from .conftest import World


def _log(tmp_path: Path, *times: str) -> str:
    path = tmp_path / "changes.csv"
    rows = ["occurred_at,kind,detail", *(f"{t},bank_change,收款账户变更" for t in times)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("now", "changes", "triggered"),
    [
        # the first and last day of Q3, 91 days apart (the evening of 30 September in Shenzhen)
        (
            "2026-09-30T12:00:00+00:00",
            ("2026-07-01T00:30:00+00:00", "2026-09-30T18:00:00+08:00"),
            True,
        ),
        # the first and last day of Q4, 91 days apart
        (
            "2026-12-31T12:00:00+00:00",
            ("2026-10-01T02:00:00+00:00", "2026-12-31T09:00:00+00:00"),
            True,
        ),
        # 1 October 01:00 in Shenzhen is in Q4 for the seller (still Q3 in UTC)
        (
            "2026-12-31T20:00:00+08:00",
            ("2026-10-01T01:00:00+08:00", "2026-12-31T09:00:00+08:00"),
            True,
        ),
        # two quarters, more than 90 days apart: not twice in a quarter
        (
            "2026-10-02T12:00:00+00:00",
            ("2026-06-30T20:00:00+00:00", "2026-10-01T09:00:00+00:00"),
            False,
        ),
        # in the quarter before, then nothing since: no longer within its window
        (
            "2026-11-01T12:00:00+00:00",
            ("2026-07-02T08:00:00+00:00", "2026-07-03T08:00:00+00:00"),
            False,
        ),
    ],
)
def test_two_bank_changes_in_one_calendar_quarter_are_a_trigger(
    wb: Workbench,
    world: World,
    clock: FrozenClock,
    tmp_path: Path,
    now: str,
    changes: tuple[str, ...],
    triggered: bool,
) -> None:
    clock.set(datetime.fromisoformat(now))
    mei = world.actor(wb, "owner")
    assert monitor.import_changes(wb, mei, world.account_a2, _log(tmp_path, *changes)) == 2
    _, _, found = monitor.change_log(wb, mei, world.account_a2)
    banks = [t for t in found if t.code == "bank_changes"]
    assert bool(banks) is triggered
    if triggered:
        assert banks[0].count == 2 and banks[0].days is not None and banks[0].days >= 91
        assert clock.now().astimezone(UTC) > datetime.fromisoformat(changes[1])


def test_the_quarter_is_the_organisations_when_it_has_a_zone(
    wb: Workbench, world: World, clock: FrozenClock, tmp_path: Path
) -> None:
    """The same two changes for a seller whose organisation keeps London time: the first, on 30
    September in London, is in the quarter before."""
    clock.set(datetime.fromisoformat("2026-12-31T20:00:00+08:00"))
    mei = world.actor(wb, "owner")
    zones.set_org_zone(wb, mei, "Europe/London")
    log = _log(tmp_path, "2026-10-01T01:00:00+08:00", "2026-12-31T09:00:00+08:00")
    assert monitor.import_changes(wb, mei, world.account_a2, log) == 2
    _, _, found = monitor.change_log(wb, mei, world.account_a2)
    assert [t.code for t in found] == []
    zones.set_org_zone(wb, mei, None)  # none: Beijing time, where it is the fourth quarter
    _, _, found = monitor.change_log(wb, mei, world.account_a2)
    assert [(t.code, t.count) for t in found] == [("bank_changes", 2)]
    assert [r.account.id for r in monitor.accounts_at_verification_risk(wb, mei)] == [
        world.account_a2
    ]
