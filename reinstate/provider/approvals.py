"""A client approves a letter version or asks for changes; the decision is an event of the case
(``letter.approved`` / ``letter.changes_requested``), so the activity log is its history and the
latest decision on a version is its state.

Example::

    decide(wb, client, case_id, version=2, decision="approved")
    latest_unapproved(session, case_id)  # None once the newest version is approved
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..errors import N_, InvalidInput, NotFound
from ..events import record
from ..labels import DECISION_LABELS
from ..storage.tables import AccountClient, Case, Event, LetterVersion
from ..tenancy import scope
from ..validation import clean_text
from ..workbench import Workbench

__all__ = ["DECISION_LABELS", "Approval", "approval", "decide", "latest_unapproved"]

DECISIONS = {"approved": "letter.approved", "changes_requested": "letter.changes_requested"}
_NAMES = {name: decision for decision, name in DECISIONS.items()}


@dataclass(frozen=True)
class Approval:
    case_id: int
    version: int
    decision: str  # "approved", "changes_requested" or "pending"
    comment: str
    by: str | None
    at: datetime | None


def _decision_events(session: Session, case_id: int, version: int | None = None) -> list[Event]:
    query = (
        select(Event)
        .where(Event.case_id == case_id, Event.name.in_(tuple(_NAMES)))
        .order_by(Event.id.desc())
    )
    events = list(session.scalars(query))
    if version is None:
        return events
    return [e for e in events if (e.after or {}).get("version") == version]


def _approval(case_id: int, version: int, events: list[Event]) -> Approval:
    if not events:
        return Approval(case_id, version, "pending", "", None, None)
    latest = events[0]
    after = latest.after or {}
    return Approval(
        case_id,
        version,
        _NAMES[latest.name],
        str(after.get("comment", "")),
        latest.actor,
        latest.created_at,
    )


def _version(session: Session, actor: Actor, case_id: int, version: int) -> LetterVersion:
    query = scope(select(LetterVersion), actor, LetterVersion).where(
        LetterVersion.case_id == case_id, LetterVersion.version == version
    )
    letter = session.scalar(query)
    if letter is None:
        raise NotFound(
            N_("Case {id} has no letter version {version}."), id=case_id, version=version
        )
    return letter


def approval(wb: Workbench, actor: Actor, case_id: int, version: int) -> Approval:
    """The latest decision on the version (``pending`` when nobody decided yet)."""
    from ..events import as_seen_by

    with wb.db.reading() as session:
        _version(session, actor, case_id, version)
        events = [as_seen_by(actor, e, None) for e in _decision_events(session, case_id, version)]
        return _approval(case_id, version, events)


def decide(
    wb: Workbench, actor: Actor, case_id: int, version: int, decision: str, comment: str = ""
) -> Approval:
    """Record the client's decision on one letter version (the team may record it for them)."""
    actor.require_contribution()
    decision = re.sub(r"[\s\-]+", "_", decision.strip().lower())  # "Changes requested"
    if decision not in DECISIONS:
        raise InvalidInput(
            N_("{field} must be one of: {choices}."), field="decision", choices=", ".join(DECISIONS)
        )
    text = clean_text(comment, "comment", max_length=2000, required=decision == "changes_requested")
    with wb.db.transaction() as session:
        letter = _version(session, actor, case_id, version)
        event = record(
            session,
            actor,
            wb.clock,
            DECISIONS[decision],
            account_id=letter.account_id,
            case_id=case_id,
            subject=f"#{case_id} v{version}",
            after={"version": version, "decision": decision, "comment": text},
        )
        return _approval(case_id, version, [event])


def latest_unapproved(session: Session, case_id: int) -> int | None:
    """The newest letter version of the case when it is not approved, else None (no letter:
    nothing to approve; no client who sees the case: nobody to approve it)."""
    case = session.get(Case, case_id)
    if case is None or not case.client_visible:
        return None
    if (
        session.scalar(
            select(AccountClient.id).where(AccountClient.account_id == case.account_id).limit(1)
        )
        is None
    ):
        return None
    newest = session.scalar(
        select(func.max(LetterVersion.version)).where(LetterVersion.case_id == case_id)
    )
    if newest is None:
        return None
    decided = _approval(case_id, newest, _decision_events(session, case_id, newest))
    return None if decided.decision == "approved" else int(newest)
