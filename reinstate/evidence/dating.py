"""Dates a document's text layer could not give (a scan), typed by the user: the age checks
of its materials run on them instead.

Example::

    set_document_dates(wb, actor, document_id, valid_until=date(2027, 3, 1), issued_on=None)
"""

from __future__ import annotations

from datetime import date, timedelta

from ..auth.actor import Actor
from ..cases.listing import get_case
from ..errors import N_
from ..events import record
from ..storage.tables import Document
from ..workbench import Workbench
from .service import AGE_CODES, get_document


def set_document_dates(
    wb: Workbench,
    actor: Actor,
    document_id: int,
    *,
    valid_until: date | None,
    issued_on: date | None,
) -> Document:
    """Dates the text layer could not give (a scan): the age checks run on them instead."""
    actor.require_change()
    document = get_document(wb, actor, document_id)
    case = get_case(wb, actor, document.case_id)
    pack = wb.policies.get_pack(case.platform)
    today = wb.clock.now().date()
    ages = [
        m.max_age_days
        for m in (pack.materials.get(k) for k in document.materials)
        if m is not None and m.max_age_days
    ]
    problems = [p for p in document.problems if p["code"] not in AGE_CODES]
    if valid_until and valid_until < today:
        problems.append(
            {
                "code": "expired",
                "severity": "error",
                "params": {"date": valid_until.isoformat()},
                "message": N_("It expired on {date}."),
                "hint": N_("Get a current version (a renewed licence or authorisation)."),
            }
        )
    if issued_on and ages and issued_on < today - timedelta(days=min(ages)):
        problems.append(
            {
                "code": "too_old",
                "severity": "error",
                "params": {"date": issued_on.isoformat(), "days": min(ages)},
                "message": N_("It is dated {date}, older than {days} days."),
                "hint": N_("Use a document issued within the last {days} days."),
            }
        )
    with wb.db.transaction() as session:
        stored = session.get(Document, document.id)
        assert stored is not None
        before = {"valid_until": _day(stored.valid_until), "issued_on": _day(stored.issued_on)}
        stored.valid_until, stored.issued_on, stored.problems = valid_until, issued_on, problems
        record(
            session,
            actor,
            wb.clock,
            "evidence.dated",
            case_id=stored.case_id,
            subject=stored.filename,
            before=before,
            after={"valid_until": _day(valid_until), "issued_on": _day(issued_on)},
        )
        return stored


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None
