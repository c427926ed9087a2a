"""Would the platform ask this account for video verification? The pack's triggers read from
the account's change log (pure: the changes, the pack's numbers and ``now`` in).

    password_resets  the latest run of password resets, uninterrupted by a sign-in of the
                     owner's (``sign_in``), is ``password_resets_in_a_row`` long or longer
    bank_changes     ``bank_changes`` or more bank or payment account changes within the last
                     ``bank_window_days`` days, or within the calendar quarter so far in the
                     seller's zone (``zone``; Asia/Shanghai unless the organisation set one):
                     "≥ 2 times in a quarter" holds for 1 July and 30 September, 91 days apart,
                     and a change at 2026-10-01 01:00 in Shenzhen is in the fourth quarter
    new_devices      more than ``new_device_logins_max`` new-device logins within the last
                     ``new_device_window_days`` days

What breaks "连续3次密码重置" (3 password resets in a row): only a sign-in the owner made as usual,
which shows the account was in their hands between two resets. A login from a new device or a new
place is no such sign-in: the log records it because the platform cannot tell it was the owner's
(seed 004 lists both as risk signals of their own), so it does not end a run; a bank, payment or
category change has nothing to do with the password and does not either.

>>> from datetime import UTC, datetime, timedelta
>>> from reinstate.policies.schema import TriggerMonitor
>>> m = TriggerMonitor(password_resets_in_a_row=3, bank_changes=2, bank_window_days=90,
...                    new_device_logins_max=3, new_device_window_days=30)
>>> now = datetime(2026, 11, 18, tzinfo=UTC)
>>> log = [("password_reset", now - timedelta(days=d)) for d in (3, 2, 1)]
>>> [(t.code, t.count) for t in assess(log, m, now)]
[('password_resets', 3)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from ..errors import N_
from ..policies.schema import TriggerMonitor
from ..timezones import seller_zone

KINDS = (
    "login_location",
    "new_device",
    "password_reset",
    "bank_change",
    "payment_change",
    "category_added",
    "sign_in",
)
BANK_KINDS = frozenset({"bank_change", "payment_change"})
MESSAGES = {
    "password_resets": N_("{count} password resets in a row (the platform's trigger: {limit})"),
    "bank_changes": N_(
        "{count} bank or payment account changes in {days} days (the platform's trigger: {limit})"
    ),
    "new_devices": N_("{count} new-device logins in {days} days (more than {limit} is a trigger)"),
}


@dataclass(frozen=True)
class Trigger:
    code: str
    count: int
    limit: int
    days: int | None  # the window, when the trigger has one


def _resets_in_a_row(changes: list[tuple[str, datetime]], now: datetime) -> int:
    run = 0
    for kind, _at in sorted((c for c in changes if c[1] <= now), key=lambda c: c[1]):
        if kind == "password_reset":
            run += 1
        elif kind == "sign_in":
            run = 0
    return run


def _within(
    changes: list[tuple[str, datetime]], kinds: frozenset[str], now: datetime, days: int
) -> int:
    since = now - timedelta(days=days)
    return sum(1 for kind, at in changes if kind in kinds and since < at <= now)


def _quarter_start(now: datetime, zone: tzinfo) -> datetime:
    """The first moment of ``now``'s calendar quarter in ``zone``."""
    at = now.astimezone(zone)
    return datetime(at.year, 3 * ((at.month - 1) // 3) + 1, 1, tzinfo=zone)


def _bank_changes(
    changes: list[tuple[str, datetime]], now: datetime, days: int, zone: tzinfo
) -> tuple[int, int]:
    """The bank or payment changes of the last ``days`` days or of the quarter so far in
    ``zone``, and the days that covers."""
    since, start = now - timedelta(days=days), _quarter_start(now, zone)
    count = sum(
        1
        for kind, at in changes
        if kind in BANK_KINDS and (since < at or start <= at) and at <= now
    )
    return count, max(days, math.ceil((now - start) / timedelta(days=1)))


def assess(
    changes: list[tuple[str, datetime]],
    monitor: TriggerMonitor,
    now: datetime,
    zone: tzinfo | None = None,
) -> list[Trigger]:
    """The triggers the log sets off at ``now``; empty when none. ``zone`` is the seller's,
    whose calendar quarters count (Asia/Shanghai when not given)."""
    found = []
    resets = _resets_in_a_row(changes, now)
    if resets >= monitor.password_resets_in_a_row:
        found.append(Trigger("password_resets", resets, monitor.password_resets_in_a_row, None))
    banks, bank_days = _bank_changes(
        changes, now, monitor.bank_window_days, zone or seller_zone(None)
    )
    if banks >= monitor.bank_changes:
        found.append(Trigger("bank_changes", banks, monitor.bank_changes, bank_days))
    devices = _within(changes, frozenset({"new_device"}), now, monitor.new_device_window_days)
    if devices > monitor.new_device_logins_max:
        found.append(
            Trigger(
                "new_devices",
                devices,
                monitor.new_device_logins_max,
                monitor.new_device_window_days,
            )
        )
    return found
