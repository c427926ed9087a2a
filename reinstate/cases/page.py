"""The case page as one read model: the case, its account, checklist, documents, evidence packs,
letters, members and timeline, read in one session at one ``now`` so every deadline on it agrees.

Example::

    page = case_page(wb, actor, case_id)  # page.case.overdue, page.checklist, page.timeline
"""

from __future__ import annotations

from pydantic import Field

from ..accounts import service as accounts_service
from ..accounts.views import AccountSummary, EventView
from ..auth.actor import Actor
from ..auth.views import MemberView, members_in
from ..errors import NotFound
from ..events import visible_events
from ..evidence import service as evidence_service
from ..evidence.views import BuiltPackView, ChecklistItemView, DocumentView, packs_in
from ..letters.views import LetterVersionView, versions_in
from ..policies.schema import Pack
from ..views import Moment, View
from ..workbench import Workbench
from . import rules, service
from .recurrence import Recurrence, recurrence_of
from .views import CaseSummary, urgency


class CasePage(View):
    """Everything the case page shows, read in one session at one ``now``."""

    now: Moment
    case: CaseSummary
    account: AccountSummary | None  # None once the account has been deleted (its cases stay)
    urgency: str  # "", "soon", "urgent" or "overdue"
    allowed: list[str]  # the events the state table allows from here
    violation_choices: list[str]  # the codes the case may name: its platform's, and "other"
    checklist: list[ChecklistItemView]
    documents: list[DocumentView]
    packs: list[BuiltPackView]  # the evidence packs built, newest first
    letter_versions: list[LetterVersionView]
    members: list[MemberView]  # only for actors who may change the case
    timeline: list[EventView]
    # an appeal of the same account and violation reinstated shortly before (seed 001)
    recurrence: Recurrence | None = None
    pack: Pack = Field(exclude=True)


def case_page(wb: Workbench, actor: Actor, case_id: int, language: str = "en") -> CasePage:
    """The case, its account, checklist, documents, letters, members and timeline; its
    words in ``language``."""
    now, policies = wb.clock.now(), wb.policies
    with wb.db.reading() as session:
        case = service.find_case(session, actor, case_id)
        pack = policies.get_pack(case.platform)
        try:
            account: AccountSummary | None = AccountSummary.of(
                accounts_service._get(session, actor, case.account_id)
            )
        except NotFound:
            account = None
        documents = list(session.scalars(evidence_service.live_documents(case.id)))
        letters = versions_in(session, case.id)
        latest = letters[0].version if letters else None
        checklist = evidence_service.build_checklist(case, pack, documents, latest)
        return CasePage(
            now=now,
            case=CaseSummary.of(case, pack, now, language),
            account=account,
            urgency=urgency(case, now),
            allowed=[e for e in rules.EVENTS if (case.state, e) in rules.TRANSITIONS],
            violation_choices=service.violation_choices(pack),
            checklist=[ChecklistItemView.of(i) for i in checklist],
            documents=[DocumentView.of(d) for d in documents],
            packs=packs_in(session, actor, case.id),
            letter_versions=letters,
            members=members_in(session, actor) if actor.can_change else [],
            timeline=[
                EventView.model_validate(e)
                for e in visible_events(session, actor, case_id=case.id, limit=500)
            ],
            recurrence=recurrence_of(session, actor, case, pack),
            pack=pack,
        )
