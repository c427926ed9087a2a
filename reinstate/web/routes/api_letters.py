"""/api/v1 for appeal letters: the prefilled draft, a preview (letter + lint + gaps), saved
versions. Drafts are the JSON of ``reinstate letter compose --json`` (its ``draft``)."""

from __future__ import annotations

from typing import Any

from fastapi import Body, Query, Request

from ...letters import views
from ...letters.views import LetterDraft, LetterPreview, LetterVersionFull, LetterVersionList
from ..context import gettext, language, workbench
from ..routing import Router
from .api import ActorDep

router = Router(prefix="/api/v1", tags=["v1"])
DraftBody = Body(
    description="A letter draft: platform, store_name, answers per violation (root_causes, "
    "actions with done_on/exhibit/page, prevention with owner/frequency, evidence), …"
)
LetterLanguage = Query(
    None, description="The letter's language: en zh de fr es it ja (default: the platform's)."
)


@router.get("/cases/{case_id}/letter/draft", response_model=LetterDraft)
def letter_draft(request: Request, actor: ActorDep, case_id: int) -> LetterDraft:
    """The case's last saved answers, or a new draft with the notice's facts filled in, and as
    suggestions per violation the platform's common root causes and what the account's imported
    orders say about the metric it is judged by."""
    return views.letter_draft(workbench(request), actor, case_id)


@router.post("/cases/{case_id}/letter/preview", response_model=LetterPreview)
def letter_preview(
    request: Request,
    actor: ActorDep,
    case_id: int,
    body: dict[str, Any] = DraftBody,
    letter_language: str | None = LetterLanguage,
) -> LetterPreview:
    """The letter these answers give, its lint score and problems, and what is unanswered."""
    wb = workbench(request)
    return views.letter_preview(
        wb, actor, case_id, body, gettext(request), language(request), letter_language
    )


@router.post("/cases/{case_id}/letters", status_code=201, response_model=LetterVersionFull)
def letter_save(
    request: Request,
    actor: ActorDep,
    case_id: int,
    body: dict[str, Any] = DraftBody,
    letter_language: str | None = LetterLanguage,
) -> LetterVersionFull:
    """Keep the letter of these answers as the case's next version."""
    return views.saved_letter(workbench(request), actor, case_id, body, letter_language)


@router.get("/cases/{case_id}/letters", response_model=LetterVersionList)
def letter_versions(request: Request, actor: ActorDep, case_id: int) -> LetterVersionList:
    return views.letter_versions(workbench(request), actor, case_id)


@router.get("/cases/{case_id}/letters/{version}", response_model=LetterVersionFull)
def letter_version(
    request: Request, actor: ActorDep, case_id: int, version: int
) -> LetterVersionFull:
    return views.letter_version(workbench(request), actor, case_id, version)
