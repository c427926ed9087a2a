"""Read models of appeal letters: saved versions, the prefilled draft with its suggestions, and
a preview (the letter, its lint result and what is unanswered).

Example::

    listed = letter_versions(wb, actor, case_id)  # listed.letters[0].version, .score
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..cases.service import get_case
from ..i18n import Gettext
from ..metrics.rootcause import root_cause_facts
from ..storage.tables import LetterVersion
from ..views import Moment, View
from ..workbench import Workbench
from . import service
from .draft import Draft, parse_draft
from .report import review_document


class LetterVersionView(View):
    case_id: int
    version: int
    score: int
    language: str
    created_at: Moment
    author_id: int | None

    @classmethod
    def of(cls, saved: LetterVersion) -> LetterVersionView:
        return cls.model_validate(saved)


class LetterVersionFull(LetterVersionView):
    text: str
    draft: dict[str, Any]

    @classmethod
    def of(cls, saved: LetterVersion) -> LetterVersionFull:
        return cls.model_validate(saved)


class LetterVersionList(View):
    letters: list[LetterVersionView]


class Suggestions(View):
    root_causes: list[str]
    facts: list[str]


class LetterDraft(View):
    draft: Draft
    suggestions: dict[str, Suggestions]


class LintProblem(View):
    code: str
    severity: str
    line: int | None
    detail: str


class GapView(View):
    violation: str | None
    part: str
    detail: str


class LetterPreview(View):
    platform: str
    language: str
    type: str = "plan_of_action"  # or "statement": the letter's structure follows it
    text: str
    score: int
    problems: list[LintProblem]
    covered: list[str]
    uncovered: list[str]
    gaps: list[GapView]


def versions_in(session: Session, case_id: int) -> list[LetterVersionView]:
    """The case's saved versions, newest first (the case already checked by the caller)."""
    query = select(LetterVersion).where(LetterVersion.case_id == case_id)
    return [
        LetterVersionView.of(v)
        for v in session.scalars(query.order_by(LetterVersion.version.desc()))
    ]


def letter_versions(wb: Workbench, actor: Actor, case_id: int) -> LetterVersionList:
    return LetterVersionList(
        letters=[LetterVersionView.of(v) for v in service.letters_of(wb, actor, case_id)]
    )


def letter_version(wb: Workbench, actor: Actor, case_id: int, version: int) -> LetterVersionFull:
    return LetterVersionFull.of(service.get_letter(wb, actor, case_id, version))


def saved_letter(
    wb: Workbench,
    actor: Actor,
    case_id: int,
    body: dict[str, Any],
    letter_language: str | None = None,
) -> LetterVersionFull:
    saved = service.save_letter(wb, actor, case_id, parse_draft(body), letter_language)
    return LetterVersionFull.of(saved)


def letter_draft(wb: Workbench, actor: Actor, case_id: int) -> LetterDraft:
    """The case's draft and, per violation, the pack's common root causes and what the account's
    imported orders say about the metric it is judged by."""
    from ..association.views import letter_facts

    draft = service.draft_for_case(wb, actor, case_id)
    account_id = get_case(wb, actor, case_id).account_id
    pack = wb.policies.get_pack(draft.platform)
    language = pack.appeal.language
    suggestions = {
        a.violation: Suggestions(
            root_causes=service.suggestions(pack, a.violation, language),
            facts=root_cause_facts(wb, actor, account_id, a.violation, language)
            + letter_facts(wb, actor, account_id, a.violation, language),
        )
        for a in draft.answers
    }
    return LetterDraft(draft=draft, suggestions=suggestions)


def letter_preview(
    wb: Workbench,
    actor: Actor,
    case_id: int,
    body: dict[str, Any],
    gettext: Gettext,
    language: str,
    letter_language: str | None = None,
) -> LetterPreview:
    review = service.preview(wb, actor, case_id, parse_draft(body), letter_language)
    pack = wb.policies.get_pack(review.draft.platform)
    return LetterPreview.model_validate(review_document(review, pack, gettext, language))
