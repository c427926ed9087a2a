"""The appeal letter of a case: a guided form per violation beside the letter it writes, the
lint panel (updated as the user types, through /preview), saved versions and their downloads."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from ...association.views import letter_facts
from ...cases.service import get_case
from ...errors import ReinstateError
from ...letters import service
from ...letters.compose import violation_name
from ...letters.draft import Draft, parse_draft
from ...letters.export import letter_pdf, letter_text
from ...letters.report import review_document
from ...metrics.rootcause import root_cause_facts
from ..context import gettext, language, page_actor, render_error, verified_form, workbench
from ..download import attachment
from ..routing import Router
from ..templating import render
from .cases import account_or_none

router = Router(include_in_schema=False)
ROW = re.compile(r"^a(\d{1,2})\.(action|measure|proof)(\d{1,2})\.(\w+)$")
BLANK_ROWS = {"actions": 2, "prevention": 2, "evidence": 1}
ROW_FIELDS = {
    "action": ("actions", ("text", "done_on", "exhibit", "page")),
    "measure": ("prevention", ("text", "owner", "frequency")),
    "proof": ("evidence", ("text", "exhibit", "page")),
}


def draft_from_form(fields: Mapping[str, str], base: Draft) -> Draft:
    """The form's fields as a Draft. What the form does not carry (the case's violations, the
    pack's exhibit index, the account's wording) comes from ``base``."""
    answers: list[dict[str, Any]] = []
    for i, answer in enumerate(base.answers):
        rows: dict[str, dict[int, dict[str, str]]] = {kind: {} for kind in ROW_FIELDS}
        for key, value in fields.items():
            match = ROW.match(key)
            if match and int(match.group(1)) == i:
                rows[match.group(2)].setdefault(int(match.group(3)), {})[match.group(4)] = value
        built: dict[str, Any] = {
            "violation": answer.violation,
            "quote": fields.get(f"a{i}.quote", ""),
            "facts": _lines(fields.get(f"a{i}.facts", "")),
            "root_causes": _lines(fields.get(f"a{i}.root_causes", "")),
        }
        for kind, (name, keys) in ROW_FIELDS.items():
            built[name] = [_row(row, keys) for _, row in sorted(rows[kind].items())]
        answers.append(built)
    return parse_draft(
        {
            "platform": base.platform,
            "store_name": fields.get("store_name", base.store_name),
            "seller_id": fields.get("seller_id", base.seller_id),
            "reference_id": fields.get("reference_id", base.reference_id),
            "notice_date": fields.get("notice_date") or None,
            "items": _lines(fields.get("items", "").replace(",", "\n")),
            "answers": answers,
            "statement": fields.get("statement", ""),
            "signatory": fields.get("signatory", ""),
            "exhibits": [e.model_dump(mode="json") for e in base.exhibits],
            "variant": base.variant,
            "letter_type": fields.get("letter_type") or base.letter_type,
        }
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _row(row: dict[str, str], keys: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {key: row.get(key, "").strip() for key in keys}
    for key in ("done_on", "page"):
        if key in values and not values[key]:
            values[key] = None
    return values


def _page(
    request: Request, case_id: int, draft: Draft | None = None, status: int = 200, **extra: Any
) -> Response:
    actor = page_actor(request)
    wb = workbench(request)
    case = get_case(wb, actor, case_id)
    draft = draft or service.draft_for_case(wb, actor, case_id)
    review = service.preview(wb, actor, case_id, draft)
    pack = wb.policies.get_pack(case.platform)
    lang = language(request)
    context = {
        "case": case,
        "account": account_or_none(wb, actor, case.account_id),
        "pack": pack,
        "draft": review.draft,
        "letter_type": review.composed.letter_type,
        "result": review_document(review, pack, gettext(request), lang),
        "blank_rows": BLANK_ROWS,
        "suggestions": {
            a.violation: service.suggestions(pack, a.violation, pack.appeal.language)
            for a in review.draft.answers
        },
        "facts": {
            a.violation: root_cause_facts(
                wb, actor, case.account_id, a.violation, pack.appeal.language
            )
            + letter_facts(wb, actor, case.account_id, a.violation, pack.appeal.language)
            for a in review.draft.answers
        },
        "names": {
            a.violation: violation_name(pack, a.violation, lang) for a in review.draft.answers
        },
        "versions": service.letters_of(wb, actor, case_id),
        "actor": actor,
        "saved": None,
        "unsaved": False,  # the form holds what the user wrote, not yet kept as a version
        **extra,
    }
    return render(request, "letter.html", context, status=status)


@router.get("/cases/{case_id}/letter")
def letter_page(request: Request, case_id: int, saved: int | None = None) -> Response:
    return _page(request, case_id, saved=saved)


async def _posted(request: Request, case_id: int) -> tuple[dict[str, str], Draft]:
    fields = await verified_form(request)
    actor = page_actor(request)
    base = service.draft_for_case(workbench(request), actor, case_id)
    return fields, draft_from_form(fields, base)


@router.post("/cases/{case_id}/letter")
async def letter_post(request: Request, case_id: int) -> Response:
    """Preview (without JavaScript) or save the letter the form describes."""
    actor = page_actor(request)
    try:
        fields, draft = await _posted(request, case_id)
        if fields.get("action") == "save":
            saved = service.save_letter(workbench(request), actor, case_id, draft)
            return RedirectResponse(
                f"/cases/{case_id}/letter?saved={saved.version}", status_code=303
            )
    except ReinstateError as exc:
        if exc.status != 422:
            raise
        return _page(request, case_id, status=422, error=render_error(request, exc))
    return _page(request, case_id, draft, unsaved=True)


@router.post("/cases/{case_id}/letter/preview")
async def letter_preview(request: Request, case_id: int) -> Response:
    """The live panel: the letter and its problems for the form as it is now, as JSON."""
    actor = page_actor(request)
    try:
        _, draft = await _posted(request, case_id)
    except ReinstateError as exc:
        if exc.status != 422:
            raise
        return JSONResponse({"error": render_error(request, exc)}, status_code=422)
    wb = workbench(request)
    review = service.preview(wb, actor, case_id, draft)
    pack = wb.policies.get_pack(review.draft.platform)
    return JSONResponse(review_document(review, pack, gettext(request), language(request)))


@router.get("/cases/{case_id}/letters/{version}.{kind}")
def letter_download(request: Request, case_id: int, version: int, kind: str) -> Response:
    """A saved version as a file, always as an attachment."""
    actor = page_actor(request)
    wb = workbench(request)
    if kind not in ("txt", "pdf"):
        return Response(status_code=404)
    saved = service.get_letter(wb, actor, case_id, version)
    title = f"{wb.policies.get_pack(saved.platform).names.en} appeal"
    data = letter_pdf(saved.text, title) if kind == "pdf" else letter_text(saved.text)
    media = "application/pdf" if kind == "pdf" else "text/plain; charset=utf-8"
    name = f"appeal-case-{case_id}-v{version}.{kind}"
    return Response(data, media_type=media, headers={"Content-Disposition": attachment(name)})
