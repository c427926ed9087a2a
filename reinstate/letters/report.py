"""Lint results and letter previews as documents (JSON for the CLI and the API, data for
pages), with every message in the reader's language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import N_
from ..i18n import Gettext, render
from ..policies.schema import Pack
from .compose import Gap, violation_name
from .lint import LintResult

if TYPE_CHECKING:
    from .service import Review

GAP_PARTS = {
    "root_cause": N_("why it happened (root cause)"),
    "actions": N_("what has been done (actions taken)"),
    "prevention": N_("what will stop it happening again (prevention)"),
    "evidence": N_("which evidence shows it"),
    "statement": N_("the statement"),
    "facts": N_("what happened (the facts)"),
}


def lint_document(result: LintResult, gettext: Gettext) -> dict[str, Any]:
    """The SPEC §6 shape of a lint result."""
    return {
        "score": result.score,
        "problems": [
            {
                "code": f.code,
                "severity": f.severity,
                "line": f.line,
                "detail": render(gettext, f.message, f.params),
            }
            for f in result.findings
        ],
        "covered": result.covered,
        "uncovered": result.uncovered,
    }


def gap_document(gap: Gap, pack: Pack, gettext: Gettext, language: str) -> dict[str, str]:
    name = violation_name(pack, gap.violation, language) if gap.violation else ""
    detail = (
        gettext(N_("Still to answer for {violation}: {part}.")).format(
            violation=name, part=gettext(GAP_PARTS[gap.part])
        )
        if name
        else gettext(N_("Still to answer: {part}.")).format(part=gettext(GAP_PARTS[gap.part]))
    )
    return {"violation": gap.violation, "part": gap.part, "detail": detail}


def review_document(review: Review, pack: Pack, gettext: Gettext, language: str) -> dict[str, Any]:
    """The letter, its lint result and what is still unanswered."""
    return {
        "platform": review.draft.platform,
        "language": review.composed.language,
        "text": review.composed.text,
        "type": review.composed.letter_type,
        **lint_document(review.lint, gettext),
        "gaps": [gap_document(g, pack, gettext, language) for g in review.composed.gaps],
    }
