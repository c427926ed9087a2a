"""When a case's events happened: each is recorded now, but may have happened earlier (``at``).

A moment given for an event cannot come before the case's previous event: a rejection dated
before the submission it answers would start the platform's wait after a rejection (Joom's
48 h) in the past, and the next submission would pass a rule it breaks.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import N_, InvalidInput, Moment
from ..storage.tables import Event, Notice
from .rules import EVENTS

_MOVES = [f"case.{event}" for event in EVENTS]


def happened_at(event: Event) -> datetime:
    """When ``event`` happened: the moment it was given, else when it was recorded."""
    given = (event.after or {}).get("at")
    moment = datetime.fromisoformat(given) if isinstance(given, str) else event.created_at
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def require_after_previous(session: Session, case_id: int, when: datetime) -> None:
    """Refuse ``when`` (an event's given moment) before the case's previous event."""
    previous = session.scalar(
        select(Event)
        .where(Event.case_id == case_id, Event.name.in_(_MOVES))
        .order_by(Event.id.desc())
        .limit(1)
    )
    if previous is not None and when < (last := happened_at(previous)):
        raise InvalidInput(
            N_(
                "{field} ({time}) is before the case's previous event ({last}): record events "
                "in the order they happened."
            ),
            field="at",
            time=Moment(when),
            last=Moment(last),
        )


def require_after_notice(notice: Notice | None, when: datetime) -> None:
    """Refuse ``when`` (an event's given moment) before the platform sent the case's notice:
    nothing is submitted, rejected or reinstated against a notice not yet received. Only the
    notice's own date counts (a pasted text without one was stored when it was pasted, which
    says nothing of when it came)."""
    given = (notice.report or {}).get("date") if notice is not None else None
    try:
        sent = datetime.fromisoformat(given) if isinstance(given, str) else None
    except ValueError:
        return
    if sent is not None and sent.tzinfo is not None and when < sent:
        raise InvalidInput(
            N_(
                "{field} ({time}) is before the platform sent the case's notice ({sent}): give "
                "the moment it happened."
            ),
            field="at",
            time=Moment(when),
            sent=Moment(sent),
        )
