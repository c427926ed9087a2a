"""Cases through the service layer: open, move through the state table, list, and schedule
reminders, all inside the actor's organisation and recorded as events.

Example::

    case = open_case(wb, actor, account_id, ["counterfeit"], deadline=date(2026, 11, 24))
    case, notes = apply_event(wb, actor, case.id, "submitted")
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from ..accounts.service import get_account
from ..auth.actor import Actor
from ..errors import N_, Conflict, InvalidInput
from ..events import record
from ..notices.service import (
    deadline_assumed,
    notice_deadline,
    notice_of_account,
    notice_sent_at,
)
from ..outbox import claimable
from ..policies.schema import Pack
from ..provider.approvals import latest_unapproved
from ..storage.tables import Case, Notice, Organisation, Reminder, User
from ..tenancy import visible
from ..validation import aware, clean_text
from ..workbench import Workbench
from . import history, rules, typed
from .codes import VIOLATION_CODES as VIOLATION_CODES  # where other modules import them from
from .codes import clean_kind, clean_violations, notice_case_kind, with_violations
from .codes import violation_choices as violation_choices
from .listing import BY_DEADLINE, case_query, open_case_of
from .listing import OPEN_STATES as OPEN_STATES  # where other modules import it from
from .listing import find_case as find_case
from .listing import get_case as get_case
from .reminders import set_reminder_settings as set_reminder_settings  # where callers find it

LATE_REINSTATEMENT = N_(
    "Recorded after the appeals were used up: the platform reinstated the account on its own."
)
_TRACKED = ("state", "attempts_used", "resubmit_not_before", "review_due", "due_at")


@dataclass
class Outcome:
    case: Case
    notes: list[str] = field(default_factory=list)  # i18n message ids worth showing


def state_of(case: Case) -> rules.CaseState:
    return rules.CaseState(
        case.state,
        case.attempts_used,
        case.resubmit_not_before,
        case.review_due,
        case.answering_request,
        case.due_at,
        kind=case.kind,
    )


def state_for_rules(session: Session, case: Case) -> rules.CaseState:
    """``case`` as the rules judge it: with whether its deadline is only assumed (the notice
    states none), which closes no entrance; every adapter asks the rules through this."""
    notice = session.get(Notice, case.notice_id) if case.notice_id else None
    return replace(state_of(case), deadline_assumed=deadline_assumed(notice, case.due_at))


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Values as the activity log keeps them: times as ISO text to the second."""
    return {k: _iso(v) if isinstance(v, datetime) else v for k, v in values.items()}


def _snapshot(case: Case) -> dict[str, Any]:
    return _plain({k: v for k in _TRACKED if (v := getattr(case, k)) is not None})


def _due_at(pack: Pack, deadline: date | None, since: datetime | None) -> datetime | None:
    if deadline is not None:
        return rules.end_of_day(deadline, pack)
    if since is not None and pack.appeal.submission_days:
        return since + timedelta(days=pack.appeal.submission_days)
    return None


def open_case(
    wb: Workbench,
    actor: Actor,
    account_id: int,
    violations: list[str],
    *,
    notice_id: int | None = None,
    notice_date: datetime | None = None,
    deadline: date | None = None,
    assignee_id: int | None = None,
    reuse_open: bool = False,
    kind: str | None = None,
) -> Case:
    """A new case. Its deadline: ``deadline``, else the notice's own, else the notice's date
    plus the platform's submission window. Its ``kind`` (the kind of notice it answers,
    which decides whether the platform's attempt limit governs it): ``kind``, else the
    notice's. A notice has one open case at a time: with
    ``reuse_open`` (the page's button) the notice's case still open is returned, without it
    (the command line, the API) opening another is refused naming that case. Two clicks, or
    two people, opening a case from one notice at once open one (the notice's row is written
    first, which makes the second wait for the first)."""
    actor.require_change()
    if not violations:
        raise InvalidInput(N_("Name at least one violation."), field="violations")
    account = get_account(wb, actor, account_id)
    pack = wb.policies.get_pack(account.platform)
    codes = clean_violations(violations, pack)
    kind = clean_kind(kind) if kind is not None else None
    now = wb.clock.now()
    deadline = typed.deadline(deadline, pack, now) if deadline is not None else None
    if notice_date is not None:
        typed.notice_date(notice_date, now)
    with wb.db.transaction() as session:
        since, deadline_at = notice_date, None
        if notice_id is not None:
            session.execute(
                update(Notice)
                .where(visible(actor, Notice), Notice.id == notice_id)
                .values(id=Notice.id)
            )
        if notice_id is not None:
            notice = notice_of_account(session, actor, account.id, notice_id)
            if (found := open_case_of(session, actor, notice.id)) is not None:
                if reuse_open:
                    return found
                raise Conflict(
                    N_(
                        "Notice {notice} already has an open case, #{case}: record what "
                        "happens next on that case."
                    ),
                    field="notice_id",
                    notice=notice.id,
                    case=found.id,
                )
            deadline_at = None if deadline else notice_deadline(notice)
            deadline = deadline or notice.deadline
            since = since or notice_sent_at(notice)
            kind = kind or notice_case_kind(notice)
        if assignee_id is not None:
            _member(session, actor, assignee_id)
        case = Case(
            org_id=actor.org_id,
            account_id=account.id,
            platform=account.platform,
            notice_id=notice_id,
            kind=kind,
            violations=codes,
            assignee_id=assignee_id,
            state="open",
            due_at=deadline_at or _due_at(pack, deadline, since),
            attempts_used=0,
            answering_request=False,
            client_visible=True,
            created_at=now,
            updated_at=now,
        )
        session.add(case)
        session.flush()
        record(
            session,
            actor,
            wb.clock,
            "case.opened",
            account_id=account.id,
            case_id=case.id,
            subject=f"#{case.id} {account.store_name}",
            after={"violations": codes, **({"kind": kind} if kind else {}), **_snapshot(case)},
        )
        schedule_reminders(session, case, now)
        return case


def _member(session: Session, actor: Actor, user_id: int) -> User:
    user = session.scalar(select(User).where(visible(actor, User), User.id == user_id))
    if user is None:
        raise InvalidInput(N_("There is no such member in your organisation."), field="assignee")
    return user


def apply_event(
    wb: Workbench,
    actor: Actor,
    case_id: int,
    event: str,
    *,
    at: datetime | None = None,
    force: bool = False,
    require_materials: bool = False,
    note: str = "",
) -> Outcome:
    """Move the case; a refusal (Conflict) says why the platform would not accept it, or that
    someone else moved the case first: the move is computed from the case as read in its own
    transaction and written only if the case is still that version, so of two people marking
    it at once one wins and the other is told the state it is now in. With
    ``require_materials`` (what the page, the API and the CLI ask unless the member confirmed),
    marking it submitted with required materials not provided is refused too, ``force`` or not
    (it overrides the platform's timing and attempt rule only). ``note``: the
    platform's words with it (a rejection's reason, kept for the failure review)."""
    actor.require_change()
    text = clean_text(" ".join(note.split()), "note", max_length=2000)  # one paragraph
    noted = {"note": text} if text else {}
    # "Submitted", "info-requested", "under review": the event as typed, in any case or spacing
    typed = event
    event = "_".join(event.replace("-", " ").split()).lower() if isinstance(event, str) else event
    if event not in rules.EVENTS:
        raise InvalidInput(
            N_("{field} “{value}” is not known: choose one of {choices}."),
            field="event",
            value=typed,
            choices=", ".join(rules.EVENTS),
        )
    now = wb.clock.now()
    when = aware(at, "at") if at is not None else now
    if when > now + timedelta(minutes=5):
        raise InvalidInput(N_("{field} cannot be in the future."), field="at")
    pack = wb.policies.get_pack(get_case(wb, actor, case_id).platform)
    with wb.db.transaction() as session:
        stored = session.get(Case, case_id)
        assert stored is not None
        notice = session.get(Notice, stored.notice_id) if stored.notice_id else None
        current = state_for_rules(session, stored)
        if at is not None:
            history.require_after_notice(notice, when)
            history.require_after_previous(session, stored.id, when)
        notes = (
            [N_("This submission uses the last attempt.")]
            if (event == "submitted" and rules.is_last_attempt(current, pack))
            else []
        )
        after = rules.apply(current, event, when, pack, force=force)
        # the platform reinstated the account on its own after the last rejection
        late = {"after_closing": True} if stored.state == "closed_lost" else {}
        if late:
            notes.append(LATE_REINSTATEMENT)
        # force overrides the platform's timing/attempt rule only; materials need the confirm
        if event == "submitted" and require_materials:
            _require_materials(session, stored, pack)
        if event == "submitted" and stored.due_at and when > stored.due_at:
            notes.append(N_("This submission is after the deadline."))
        if event == "submitted" and latest_unapproved(session, stored.id) is not None:
            notes.append(N_("The newest version of the letter is not approved by the client."))
        before = _snapshot(stored)
        _move(session, stored, after, now)
        record(
            session,
            actor,
            wb.clock,
            f"case.{event}",
            account_id=stored.account_id,
            case_id=stored.id,
            subject=f"#{stored.id}",
            before=before,
            after={
                **_snapshot(stored),
                # when it happened, if not as it was recorded: the timeline shows both
                **({"at": when.isoformat()} if at is not None else {}),
                **({"forced": True} if force else {}),
                **late,
                **noted,
            },
        )
        schedule_reminders(session, stored, now)
        return Outcome(stored, notes)


def _require_materials(session: Session, case: Case, pack: Pack) -> None:
    from ..evidence import service as evidence  # it builds on this module

    documents = list(session.scalars(evidence.live_documents(case.id)))
    letter = evidence.latest_letters(session, [case.id]).get(case.id)
    missing = evidence.missing_for_submission(
        evidence.build_checklist(case, pack, documents, letter)
    )
    if missing:
        raise Conflict(
            N_(
                "{count} required materials are not provided; confirm to mark the case "
                "submitted anyway."
            ),
            field="materials",
            count=len(missing),
        )


def _move(session: Session, case: Case, after: rules.CaseState, now: datetime) -> None:
    """Write ``after`` only if ``case`` is still the version it was computed from
    (compare-and-set: one row changed, or someone else moved it first and nothing is written)."""
    moved: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Case)
        .where(Case.id == case.id, Case.version == case.version)
        .values(
            state=after.state,
            attempts_used=after.attempts_used,
            resubmit_not_before=after.resubmit_not_before,
            review_due=after.review_due,
            answering_request=after.answering_request,
            due_at=after.due_at,
            updated_at=now,
            version=Case.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise _changed_meanwhile(session, case.id, "event")
    session.refresh(case)


def _set(session: Session, case: Case, values: dict[str, Any], *, field: str) -> None:
    """``values`` written by the same compare-and-set as :func:`_move`."""
    written: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Case)
        .where(Case.id == case.id, Case.version == case.version)
        .values(**values, version=Case.version + 1)
        .execution_options(synchronize_session=False)
    )
    if written.rowcount != 1:
        raise _changed_meanwhile(session, case.id, field)
    session.refresh(case)


def _changed_meanwhile(session: Session, case_id: int, field: str) -> Conflict:
    state = session.scalar(select(Case.state).where(Case.id == case_id))
    return Conflict(
        N_("Someone else changed case #{id} a moment ago: it is now {state}."),
        field=field,
        id=case_id,
        state=state,
    )


def comment(wb: Workbench, actor: Actor, case_id: int, text: str) -> None:
    actor.require_contribution()  # a client comments on its own cases (issue 19)
    body = clean_text(text, "comment", max_length=2000, required=True)
    case = get_case(wb, actor, case_id)
    with wb.db.transaction() as session:
        record(
            session,
            actor,
            wb.clock,
            "case.comment",
            account_id=case.account_id,
            case_id=case.id,
            subject=f"#{case.id}",
            after={"comment": body},
        )


def list_cases(wb: Workbench, actor: Actor, **filters: Any) -> list[Case]:
    """Every case ``actor`` may see that matches the filters (see ``listing.case_query``),
    soonest deadline first."""
    query = case_query(wb, actor, **filters)
    with wb.db.reading() as session:
        return list(session.scalars(query.order_by(*BY_DEADLINE)))


def schedule_reminders(session: Session, case: Case, now: datetime) -> None:
    """Replace the case's unsent reminders with those its deadlines call for now. Only a
    reminder inside a live lease stays: a run is sending it, and re-checks the case first."""
    session.execute(delete(Reminder).where(Reminder.case_id == case.id, claimable(Reminder, now)))
    if case.state in rules.TERMINAL:
        return
    org = session.get(Organisation, case.org_id)
    configured = list(org.reminder_hours if org else [72, 24, 6])
    window = (case.due_at - case.created_at) if case.due_at else timedelta(0)
    hours = rules.reminder_hours(configured, window)
    waiting = case.state in rules.WAITING
    if waiting and case.due_at:
        for before in hours:
            fire = case.due_at - timedelta(hours=before)
            if fire > now:
                session.add(
                    Reminder(
                        org_id=case.org_id,
                        case_id=case.id,
                        kind="due",
                        hours_before=before,
                        fire_at=fire,
                        last_error="",
                    )
                )
    if case.state in rules.WITH_PLATFORM and case.review_due and case.review_due > now:
        session.add(
            Reminder(
                org_id=case.org_id,
                case_id=case.id,
                kind="review_due",
                hours_before=0,
                fire_at=case.review_due,
                last_error="",
            )
        )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def update_case(wb: Workbench, actor: Actor, case_id: int, values: dict[str, Any]) -> Case:
    """Change the assignee, whether clients see the case, its deadline, its kind (which decides
    whether the attempt limit governs it) or its violations (the letter type following them,
    as a triage answer's does); one event."""
    actor.require_change()
    allowed = {"assignee_id", "client_visible", "deadline", "violations", "kind"}
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise InvalidInput(N_("Unknown field: {name}."), field=unknown[0], name=unknown[0])
    case = get_case(wb, actor, case_id)
    pack = wb.policies.get_pack(case.platform)
    now = wb.clock.now()
    with wb.db.transaction() as session:
        stored = session.get(Case, case.id)
        assert stored is not None
        before = {k: getattr(stored, k) for k in _EDITABLE}
        after = {**before, **_case_fields(session, actor, values, pack, stored, now)}
        if after == before:
            return stored
        shown = _plain({k: v for k, v in after.items() if before[k] != v})
        # Written only if nobody moved the case since it was read, so the reminders below are
        # scheduled from the state that is stored, never from a stale one.
        field = "deadline" if "due_at" in shown else next(iter(shown))
        field = "violations" if field == "letter_type" else field
        _set(session, stored, {**after, "updated_at": now}, field=field)
        record(
            session,
            actor,
            wb.clock,
            "case.updated",
            account_id=stored.account_id,
            case_id=stored.id,
            subject=f"#{stored.id}",
            before=_plain({k: v for k, v in before.items() if k in shown}),
            after=shown,
        )
        schedule_reminders(session, stored, now)
        return stored


_EDITABLE = ("assignee_id", "client_visible", "due_at", "violations", "letter_type", "kind")


def _case_fields(
    session: Session, actor: Actor, values: dict[str, Any], pack: Pack, case: Case, now: datetime
) -> dict[str, Any]:
    """The stored values ``update_case`` was asked to write, checked."""
    fields: dict[str, Any] = {}
    if "violations" in values:
        chosen = [str(v) for v in values["violations"] or []]
        codes, letter_type = with_violations(pack, chosen, dict(case.triage or {}))
        fields.update(violations=codes, letter_type=letter_type)
    if "assignee_id" in values:
        assignee = values["assignee_id"]
        if assignee is not None:
            _member(session, actor, int(assignee))
        fields["assignee_id"] = int(assignee) if assignee is not None else None
    if "kind" in values:  # learnt after a case was opened by hand: a claim's, say
        fields["kind"] = clean_kind(values["kind"]) if values["kind"] else None
    if "client_visible" in values:
        fields["client_visible"] = bool(values["client_visible"])
    if "deadline" in values:
        day = values["deadline"]
        fields["due_at"] = rules.end_of_day(typed.deadline(day, pack, now), pack) if day else None
    return fields
