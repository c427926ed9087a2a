"""Messages waiting to be sent (reminders, alerts): claimed under a lease, so two runs never both
send one and a crashed run delays it by at most ``LEASE`` instead of losing it.

A table of the outbox has ``sent_at`` and ``claimed_at`` columns (an engagement's ``sent_at``
is its SLA reminder's ``reminded_at``). Example::

    due = select(Reminder).where(claimable(Reminder, now))
    if claim(wb, Reminder, reminder.id, now): ...  # only one run gets True
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, CursorResult, or_, update

from .storage.tables import Alert, Engagement, Reminder
from .workbench import Workbench

LEASE = timedelta(minutes=10)
Outbox = type[Reminder] | type[Alert] | type[Engagement]


def claimable(table: Outbox, now: datetime) -> ColumnElement[bool]:
    """Not sent, and not claimed by a run whose lease is still running."""
    return table.sent_at.is_(None) & or_(
        table.claimed_at.is_(None), table.claimed_at <= now - LEASE
    )


def claim(wb: Workbench, table: Outbox, row_id: int, now: datetime) -> bool:
    """Claim one row for this run; False when another run holds it or it was sent."""
    with wb.db.transaction() as session:
        claimed: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(table).where(table.id == row_id, claimable(table, now)).values(claimed_at=now)
        )
        return claimed.rowcount == 1
