"""Pages of a provider's work (issue 19): the price list in Settings, the SLA list of every
engagement, and a client's decision on a letter version from the case page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ...errors import ReinstateError
from ...provider import approvals, service
from ..context import gettext, language, page_actor, render_error, verified_form, workbench
from ..templating import render
from .cases import case_page_response

router = APIRouter(include_in_schema=False)


@router.post("/cases/{case_id}/letters/{version}/approval")
async def letter_approval(request: Request, case_id: int, version: int) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    try:
        approvals.decide(
            workbench(request),
            actor,
            case_id,
            version,
            form.get("decision", ""),
            form.get("comment", ""),
        )
    except ReinstateError as exc:
        if exc.status != 422:
            raise
        return case_page_response(request, case_id, 422, error=render_error(request, exc))
    return RedirectResponse(f"/cases/{case_id}#approval", status_code=303)


def _prices_page(
    request: Request, status: int = 200, text: str | None = None, **extra: object
) -> Response:
    actor = page_actor(request)
    stored = service.price_list(workbench(request), actor)
    context = {
        "actor": actor,
        "prices": service.price_list_view(stored),
        "text": stored.text if text is None else text,
        **extra,
    }
    return render(request, "prices.html", context, status=status)


@router.get("/settings/prices")
def prices_page(request: Request) -> Response:
    return _prices_page(request)


@router.post("/settings/prices")
async def save_prices(request: Request) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    text = form.get("text", "")
    try:
        service.save_price_list(workbench(request), actor, text)
    except ReinstateError as exc:
        if exc.status != 422:
            raise
        return _prices_page(request, 422, text=text, error=render_error(request, exc))
    return RedirectResponse("/settings/prices", status_code=303)


@router.get("/engagements")
def engagements_page(request: Request) -> Response:
    actor = page_actor(request)
    listed = service.sla_list(workbench(request), actor, gettext(request), language(request))
    return render(request, "engagements.html", {"actor": actor, "listed": listed})
