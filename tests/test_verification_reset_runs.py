"""Seed 004's trigger "连续3次密码重置" (3 password resets in a row), read from a change log file:
a run of resets is ended only by a sign-in of the owner's, never by a bank change, a category
added, or a login from a new device or place (the platform's own risk signals, not a sign that
the owner had the account between two resets)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reinstate.clock import FrozenClock
from reinstate.verification import monitor
from reinstate.workbench import Workbench

from .conftest import World

NOW = datetime.fromisoformat("2026-11-20T12:00:00+08:00")


def _log(tmp_path: Path, rows: list[tuple[float, str, str]]) -> str:
    """A change log a seller saved from a spreadsheet: (days ago, kind, detail) rows."""
    path = tmp_path / "changes.csv"
    lines = ["Occurred At,Kind,Detail"]
    lines += [f"{(NOW - timedelta(days=d)).isoformat()},{k},{x}" for d, k, x in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("between", "in_a_row"),
    [
        ([(5.5, "bank_change", "招商银行 → 建设银行")], True),
        ([(5.5, "Category Added", "Pet Supplies")], True),
        ([(5.5, "new_device", "iPhone 15"), (4.5, "login_location", "Shenzhen → Hanoi")], True),
        ([(4.5, "sign_in", "办公室电脑")], False),
        ([(5.5, "Sign In", "office laptop"), (4.5, "bank_change", "PingPong")], False),
    ],
)
def test_only_the_owners_sign_in_ends_a_run_of_password_resets(
    wb: Workbench,
    world: World,
    clock: FrozenClock,
    tmp_path: Path,
    between: list[tuple[float, str, str]],
    in_a_row: bool,
) -> None:
    clock.set(NOW)
    resets = [(d, "password_reset", "Seller Central") for d in (6, 5, 4)]
    text = _log(tmp_path, resets + between)
    mei = world.actor(wb, "owner")
    assert monitor.import_changes(wb, mei, world.account_a2, text) == 3 + len(between)
    _, _, found = monitor.change_log(wb, mei, world.account_a2)
    runs = [t.count for t in found if t.code == "password_resets"]
    assert runs == ([3] if in_a_row else [])


def test_resets_after_the_owners_sign_in_start_a_new_run(
    wb: Workbench, world: World, clock: FrozenClock, tmp_path: Path
) -> None:
    clock.set(NOW)
    rows = [(9, "password_reset", ""), (8, "password_reset", ""), (7, "sign_in", "")]
    rows += [(d, "password_reset", "") for d in (3, 2, 1)]
    rows += [(1.5, "payment_change", "Payoneer")]
    mei = world.actor(wb, "owner")
    monitor.import_changes(wb, mei, world.account_a2, _log(tmp_path, rows))
    _, _, found = monitor.change_log(wb, mei, world.account_a2)
    assert [(t.code, t.count) for t in found if t.code == "password_resets"] == [
        ("password_resets", 3)
    ]
