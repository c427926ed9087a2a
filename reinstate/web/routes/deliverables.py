"""A case's deliverables as downloads from its page (issue 19): the root-cause analysis report,
the failure review after a rejection and the prevention checklist after a reinstatement, each a
PDF in Chinese and English; and the team's forms to accept the case's quote and to mark its
deliverables delivered."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ...errors import N_, Conflict, InvalidInput, ReinstateError
from ...provider import service
from ...provider.pricing import LANGUAGES
from ...provider.sla import DEFAULT_WORKING_DAYS
from ...provider.views import QuoteView
from ..context import gettext, language, page_actor, render_error, verified_form, workbench
from ..download import attachment
from ..routing import Router
from .cases import case_page_response

router = Router(include_in_schema=False)


def _pdf(data: bytes, name: str) -> Response:
    return Response(
        data, media_type="application/pdf", headers={"Content-Disposition": attachment(name)}
    )


@router.get("/cases/{case_id}/deliverables/report.pdf")
def report_download(request: Request, case_id: int) -> Response:
    """The root-cause analysis report."""
    from ...provider.report import report_content, report_pdf

    content = report_content(workbench(request), page_actor(request), case_id)
    return _pdf(report_pdf(content), f"report-case-{case_id}.pdf")


@router.get("/cases/{case_id}/deliverables/review.pdf")
def review_download(request: Request, case_id: int) -> Response:
    """The failure review of the latest rejection: issued by the team's first download (and
    recorded), read by a viewer or the client once issued."""
    from ...provider.review import review_content, review_pdf

    content = review_content(workbench(request), page_actor(request), case_id)
    return _pdf(review_pdf(content), f"failure-review-case-{case_id}.pdf")


@router.get("/cases/{case_id}/deliverables/prevention.pdf")
def prevention_download(request: Request, case_id: int) -> Response:
    """The prevention checklist of a reinstated case."""
    from ...provider.prevention import prevention_content, prevention_pdf

    content = prevention_content(workbench(request), page_actor(request), case_id)
    return _pdf(prevention_pdf(content), f"prevention-case-{case_id}.pdf")


def _whole(value: str, field: str, default: int) -> int:
    text = value.strip()
    if not text:
        return default
    # ASCII digits only: int() refuses "²" (a digit to isdigit) and more than 4300 digits
    if not (text.isascii() and text.isdigit()) or len(text) > 4000:
        raise InvalidInput(N_("{field} must be a whole number."), field=field)
    return int(text)


# the quote form's fields, carried from the quote shown to its confirmation
OPTIONS = ("kind", "metrics", "tier", "working_days", "rush", "reconstruction", "history_repair")
CHOICES = (*OPTIONS, "advisory", "declaration", *(f"language_{code}" for code in LANGUAGES))


def _options(form: dict[str, str]) -> service.QuoteOptions:
    kind = form.get("kind", "").strip().lower()
    if not kind:  # never chosen for the team: an accepted quote cannot be taken back
        raise InvalidInput(N_("Choose the kind of case."), field="case_kind")
    return service.QuoteOptions(
        kind=kind,
        metrics=_whole(form.get("metrics", ""), "metrics", 1),
        rush=form.get("rush") == "yes",
        languages=tuple(code for code in LANGUAGES if form.get(f"language_{code}") == "yes"),
        tier=form.get("tier", "").strip() or None,
        reconstruction=form.get("reconstruction") == "yes",
        history_repair=form.get("history_repair") == "yes",
        advisory=form.get("advisory") == "yes",
        declaration=form.get("declaration") == "yes",
        working_days=_whole(form.get("working_days", ""), "working_days", DEFAULT_WORKING_DAYS),
    )


def _refused(request: Request, case_id: int, exc: ReinstateError, **extra: object) -> Response:
    if exc.status not in (409, 422):
        raise exc
    error = render_error(request, exc)
    return case_page_response(request, case_id, exc.status, error=error, **extra)


@router.post("/cases/{case_id}/engagement/quote")
async def show_quote(request: Request, case_id: int) -> Response:
    """The case's quote priced from the organisation's price list, line by line with its total,
    and a button that accepts exactly that quote; nothing is stored (the team)."""
    actor = page_actor(request)
    form = await verified_form(request)
    chosen = {name: form[name] for name in CHOICES if form.get(name)}
    try:
        quote, digest = service.preview_quote(workbench(request), actor, case_id, _options(form))
    except ReinstateError as exc:
        return _refused(request, case_id, exc, quote_values=chosen)
    shown = QuoteView.of(quote, gettext(request), language(request))
    preview = {"quote": shown, "fields": chosen, "digest": digest}
    return case_page_response(request, case_id, quote_preview=preview, quote_values=chosen)


@router.post("/cases/{case_id}/engagement")
async def accept_quote(request: Request, case_id: int) -> Response:
    """Accept the quote shown (the team): only with the digest of the quote the page showed,
    and only when its choices and prices are still those."""
    actor = page_actor(request)
    form = await verified_form(request)
    try:
        shown = form.get("digest", "").strip()  # empty: no quote was shown, it is refused
        service.accept_quote(workbench(request), actor, case_id, _options(form), shown)
    except ReinstateError as exc:
        chosen = {name: form[name] for name in CHOICES if form.get(name)}
        return _refused(request, case_id, exc, quote_values=chosen)
    return RedirectResponse(f"/cases/{case_id}#engagement", status_code=303)


@router.post("/cases/{case_id}/engagement/delivered")
async def mark_delivered(request: Request, case_id: int) -> Response:
    """The team marks the deliverables delivered, on time or late: the SLA clock stops."""
    actor = page_actor(request)
    await verified_form(request)
    try:
        service.deliver(workbench(request), actor, case_id)
    except Conflict as exc:
        error = render_error(request, exc)
        return case_page_response(request, case_id, exc.status, error=error)
    return RedirectResponse(f"/cases/{case_id}#engagement", status_code=303)
