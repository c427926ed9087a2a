"""Pages of a provider's work (issue 19): the price list in Settings, the SLA list of every
engagement, a client's decision on a letter version from the case page, and the private intake
form (no sign-in)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile
from starlette.responses import Response

from ...errors import ReinstateError
from ...provider import approvals, intake_service, service
from ...provider.views import IntakeView
from ..context import (
    gettext,
    language,
    page_actor,
    render_error,
    verified_form,
    verified_formdata,
    workbench,
)
from ..routing import Router
from ..templating import render
from .cases import case_page_response

router = Router(include_in_schema=False)


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


def _intake_page(request: Request, link: str, status: int = 200, **extra: object) -> Response:
    from ...provider.intake import rules

    intake_service.link_of(workbench(request), link)  # 404 for a link that is not valid
    context = {"link": link, "sent": None, "error": None, "order_ids": rules().order_ids, **extra}
    return render(request, "intake.html", context, status=status)


@router.get("/intake/{link}")
def intake_page(request: Request, link: str) -> Response:
    """The private intake form: no sign-in, whoever holds the link."""
    return _intake_page(request, link)


@router.post("/intake/{link}")
async def intake_send(request: Request, link: str) -> Response:
    wb = workbench(request)
    limit = wb.settings.max_upload_mb * 1024 * 1024
    form = await verified_formdata(request, max_files=1, max_fields=30)
    try:
        upload = form.get("file")
        screenshot = None
        if isinstance(upload, UploadFile) and upload.filename:
            screenshot = (upload.filename, await upload.read(limit + 1))
        text = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
        data: dict[str, object] = {k: v.strip() for k, v in text.items() if v.strip()}
        data["order_ids"] = str(data.pop("order_ids", ""))  # split as the request reads ids
        if "cosmetics_registered" in data:
            data["cosmetics_registered"] = data["cosmetics_registered"] == "yes"
        client = request.client.host if request.client else None
        sent = intake_service.submit_by_link(wb, link, data, screenshot, client)
    except ReinstateError as exc:
        if exc.status not in (422, 429):
            raise
        return _intake_page(request, link, exc.status, error=render_error(request, exc))
    finally:
        await form.close()
    shown = IntakeView.of(sent, gettext(request), language(request))
    return _intake_page(request, link, sent=shown)
