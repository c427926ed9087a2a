"""Recurrence (seed 001, SPEC §3): the same problem coming back within the pack's
``recurrence_limits_appeal_days`` (30) of a successful appeal limits further appeals. A case is a
recurrence when an appeal of the same seller account, for one of the same violations, was
reinstated within that many days before the case was opened (both ends included).

Example::

    found = recurrence_of(session, actor, case, pack)  # None, or the earlier case and when
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..policies.schema import Pack
from ..storage.tables import Case, Event
from ..tenancy import visible
from ..views import Second, View
from .history import happened_at


class Recurrence(View):
    """The earlier appeal this case repeats, and the pack's days."""

    case_id: int
    reinstated_at: Second
    days: int


def recurrence_of(session: Session, actor: Actor, case: Case, pack: Pack) -> Recurrence | None:
    """The latest appeal ``actor`` may see that makes ``case`` a recurrence, or None."""
    days = pack.appeal.recurrence_limits_appeal_days
    if not days:
        return None
    since: datetime = case.created_at - timedelta(days=days)
    # when the platform reinstated (the moment given with the event, never after it was
    # recorded), within the days before this case was opened
    events = session.scalars(
        select(Event).where(
            Event.org_id == case.org_id,
            Event.account_id == case.account_id,
            Event.name == "case.reinstated",
            Event.case_id.is_not(None),
            Event.case_id != case.id,
            Event.created_at >= since,
        )
    )
    moments = [(happened_at(e), e.id, e.case_id) for e in events]
    opened = case.created_at
    for at, _, case_id in sorted(moments, reverse=True):
        if not since <= at <= opened:
            continue
        earlier = session.scalar(select(Case).where(visible(actor, Case), Case.id == case_id))
        if earlier is not None and set(earlier.violations) & set(case.violations):
            return Recurrence(case_id=earlier.id, reinstated_at=at, days=days)
    return None
