"""Read models of cases: the summary the API, the CLI and the lists show, judged at one ``now``
so every deadline in one answer agrees (the whole case page is in ``cases.page``).

Example::

    shown = case_summary(wb, actor, case_id)  # shown.due_at, shown.overdue, shown.attempts_left
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..auth.actor import Actor
from ..i18n import N_, gettext_for
from ..policies.schema import Pack
from ..policies.triage import default_letter_type
from ..storage.tables import Case
from ..views import Second, View
from ..workbench import Workbench
from . import rules, service


class CaseSummary(View):
    """A case and where it stands against its platform's rules at one moment."""

    id: int
    account_id: int
    platform: str
    state: str
    violations: list[str]
    notice_id: int | None
    # the kind of notice it answers (suspension, claim, ...): None when opened without one
    kind: str | None = None
    assignee_id: int | None
    client_visible: bool
    due_at: Second | None
    resubmit_not_before: Second | None
    review_due: Second | None
    attempts_used: int
    attempts_left: int | None
    max_attempts: int | None
    last_attempt: bool
    # the limit is one the platform does not state for certain (its pack marks it uncertain),
    # and that said in words in the reader's language
    attempts_uncertain: bool = False
    attempts_note: str | None = None
    overdue: bool
    triage: dict[str, str] = {}  # the triage answers: {"listings_for_sale": "yes"}
    letter_type: str = "plan_of_action"  # or "statement": chosen by the triage or the violations
    # the deadline to the minute (= due_at) and, for compatibility, its day on the platform's clock
    deadline_at: Second | None = None
    deadline: str | None = None

    @classmethod
    def of(cls, case: Case, pack: Pack, now: datetime, language: str = "en") -> CaseSummary:
        note = uncertain_limit(pack, case.kind, language)
        return cls(
            id=case.id,
            account_id=case.account_id,
            platform=case.platform,
            state=case.state,
            violations=case.violations,
            notice_id=case.notice_id,
            kind=case.kind,
            assignee_id=case.assignee_id,
            client_visible=case.client_visible,
            due_at=case.due_at,
            resubmit_not_before=case.resubmit_not_before,
            review_due=case.review_due,
            attempts_used=case.attempts_used,
            attempts_left=rules.attempts_left(pack, case.attempts_used, case.kind),
            max_attempts=pack.appeal.attempt_limit(case.kind),
            last_attempt=rules.is_last_attempt(service.state_of(case), pack),
            attempts_uncertain=note is not None,
            attempts_note=note,
            overdue=bool(case.due_at and case.due_at < now and case.state in rules.WAITING),
            triage=dict(case.triage or {}),
            letter_type=case.letter_type or default_letter_type(pack, list(case.violations)),
            deadline_at=case.due_at,
            deadline=rules.local_day(case.due_at, pack).isoformat() if case.due_at else None,
        )


UNCERTAIN_LIMIT = N_(
    "Uncertain: {platform} may end the appeal after {n} attempts but does not say so for "
    "certain; the number is set in its platform rules."
)


def uncertain_limit(pack: Pack, kind: str | None, language: str) -> str | None:
    """In words, that the attempt limit of a case of ``kind`` is uncertain; None when the
    platform states it (or sets none)."""
    limit = pack.appeal.attempt_limit(kind)
    if limit is None or "max_attempts" not in pack.appeal.uncertain:
        return None
    words = gettext_for(language)(UNCERTAIN_LIMIT)
    return words.format(platform=pack.names.get(language), n=limit)


class CaseOutcome(CaseSummary):
    """A case after an event, with notes worth showing (i18n message ids)."""

    notes: list[str] = []


class CaseList(View):
    items: list[CaseSummary]


def urgency(case: Case | CaseSummary, now: datetime) -> str:
    return deadline_urgency(case.state, case.due_at, now)


def deadline_urgency(state: str, due_at: datetime | None, now: datetime) -> str:
    """How close a waiting case is to its deadline: "overdue", "urgent", "soon" or "". The
    deadline itself is still in time (the rules accept a submission at ``due_at``).

    >>> due = datetime(2026, 11, 26, 19, 20)
    >>> [deadline_urgency("open", due, due + timedelta(seconds=s)) for s in (-1, 0, 1)]
    ['urgent', 'urgent', 'overdue']
    """
    if state not in rules.WAITING or due_at is None:
        return ""
    left = due_at - now
    if left < _NONE_LEFT:
        return "overdue"
    return "urgent" if left <= _URGENT else "soon" if left <= _SOON else ""


_NONE_LEFT, _URGENT, _SOON = timedelta(0), timedelta(hours=24), timedelta(hours=72)


def summarised(wb: Workbench, case: Case, language: str = "en") -> CaseSummary:
    """``case`` as it stands now, its words in ``language``."""
    pack = wb.policies.get_pack(case.platform)
    return CaseSummary.of(case, pack, wb.clock.now(), language)


def case_summary(wb: Workbench, actor: Actor, case_id: int, language: str = "en") -> CaseSummary:
    return summarised(wb, service.get_case(wb, actor, case_id), language)


def case_list(wb: Workbench, cases: list[Case], language: str = "en") -> CaseList:
    """The cases as one list, every deadline judged at the same ``now``."""
    now, policies = wb.clock.now(), wb.policies
    return CaseList(
        items=[CaseSummary.of(c, policies.get_pack(c.platform), now, language) for c in cases]
    )


def case_outcome(wb: Workbench, outcome: service.Outcome, language: str = "en") -> CaseOutcome:
    return CaseOutcome(**dict(summarised(wb, outcome.case, language)), notes=outcome.notes)
