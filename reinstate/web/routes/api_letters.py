"""/api/v1 for appeal letters: the prefilled draft, a preview (letter + lint + gaps), saved
versions. Drafts are the JSON of ``reinstate letter compose --json`` (its ``draft``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request

from ...cases.service import get_case
from ...letters import service
from ...letters.draft import parse_draft
from ...letters.report import review_document
from ...metrics.rootcause import root_cause_facts
from ...storage.tables import LetterVersion
from ..context import gettext, language, workbench
from .api import ActorDep

router = APIRouter(prefix="/api/v1", tags=["v1"])
DraftBody = Body(
    description="A letter draft: platform, store_name, answers per violation (root_causes, "
    "actions with done_on/exhibit/page, prevention with owner/frequency, evidence), …"
)


def _version(saved: LetterVersion, full: bool = False) -> dict[str, Any]:
    document: dict[str, Any] = {
        "case_id": saved.case_id,
        "version": saved.version,
        "score": saved.score,
        "language": saved.language,
        "created_at": saved.created_at.isoformat(),
        "author_id": saved.author_id,
    }
    if full:
        document |= {"text": saved.text, "draft": saved.draft}
    return document


@router.get("/cases/{case_id}/letter/draft")
def letter_draft(request: Request, actor: ActorDep, case_id: int) -> dict[str, Any]:
    """The case's last saved answers, or a new draft with the notice's facts filled in, and as
    suggestions per violation the platform's common root causes and what the account's imported
    orders say about the metric it is judged by."""
    wb = workbench(request)
    draft = service.draft_for_case(wb, actor, case_id)
    case = get_case(wb, actor, case_id)
    pack = wb.policies.get_pack(draft.platform)
    language = pack.appeal.language
    return {
        "draft": draft.model_dump(mode="json"),
        "suggestions": {
            a.violation: {
                "root_causes": service.suggestions(pack, a.violation, language),
                "facts": root_cause_facts(wb, actor, case.account_id, a.violation, language),
            }
            for a in draft.answers
        },
    }


@router.post("/cases/{case_id}/letter/preview")
def letter_preview(
    request: Request, actor: ActorDep, case_id: int, body: dict[str, Any] = DraftBody
) -> dict[str, Any]:
    """The letter these answers give, its lint score and problems, and what is unanswered."""
    wb = workbench(request)
    review = service.preview(wb, actor, case_id, parse_draft(body))
    pack = wb.policies.get_pack(review.draft.platform)
    return review_document(review, pack, gettext(request), language(request))


@router.post("/cases/{case_id}/letters", status_code=201)
def letter_save(
    request: Request, actor: ActorDep, case_id: int, body: dict[str, Any] = DraftBody
) -> dict[str, Any]:
    """Keep the letter of these answers as the case's next version."""
    saved = service.save_letter(workbench(request), actor, case_id, parse_draft(body))
    return _version(saved, full=True)


@router.get("/cases/{case_id}/letters")
def letter_versions(request: Request, actor: ActorDep, case_id: int) -> dict[str, Any]:
    versions = service.letters_of(workbench(request), actor, case_id)
    return {"letters": [_version(v) for v in versions]}


@router.get("/cases/{case_id}/letters/{version}")
def letter_version(request: Request, actor: ActorDep, case_id: int, version: int) -> dict[str, Any]:
    return _version(service.get_letter(workbench(request), actor, case_id, version), full=True)
