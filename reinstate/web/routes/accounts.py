"""Seller account pages: list, create, view, edit, delete, client access, activity."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ...accounts import service
from ...errors import ReinstateError
from ...events import visible_events
from ...notices.service import list_notices
from ...paging import page_links, page_number
from ...penalties import ledger
from ...tenancy import restricted
from ...today.hub import HUB_STATUS_LABELS, account_hub
from ...today.views import SEVERITY_LABELS
from ...verification.views import change_log_view
from ..context import language, page_actor, render_error, verified_form, workbench
from ..routing import Router
from ..templating import render

router = Router(include_in_schema=False)


@router.get("/accounts")
def account_list(request: Request, platform: str = "") -> Response:
    actor = page_actor(request)
    number = page_number(request.query_params.get("page"))
    found = service.account_page(workbench(request), actor, platform=platform or None, page=number)
    context = {
        "accounts": found.items,
        "page": found,
        "page_links": page_links(found, "/accounts", dict(request.query_params)),
        "platform": platform,
        "actor": actor,
    }
    return render(request, "accounts.html", context)


@router.get("/accounts/new")
def new_account_page(request: Request) -> Response:
    actor = page_actor(request)
    actor.require_change()
    return render(request, "account_form.html", {"values": {}, "account": None})


def _form_error(
    request: Request, exc: ReinstateError, values: dict[str, Any], account: dict[str, Any] | None
) -> Response:
    context = {
        "values": values,
        "account": account,
        "error": render_error(request, exc),
        "field": exc.field,
    }
    return render(request, "account_form.html", context, status=exc.status)


@router.post("/accounts/new")
async def create_account(request: Request) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    if not form.pop("confirm_links", None):  # say what it shares with a store before saving
        warning = association_warning(request, actor, form)
        if warning:
            return render(request, "account_form.html", warning)
    try:
        account = service.create_account(workbench(request), actor, form)
    except ReinstateError as exc:
        if exc.status != 422:
            raise
        return _form_error(request, exc, form, None)
    return RedirectResponse(f"/accounts/{account.id}", status_code=303)


def association_warning(request: Request, actor: Any, form: dict[str, str]) -> dict[str, Any]:
    """The form again, with what the new store would share with existing ones (issue 18)."""
    from ...association.service import matches_for_new
    from ...association.views import new_account_check

    actor.require_change()
    matches = matches_for_new(workbench(request), actor, form)
    if not matches:
        return {}
    shown = new_account_check(matches, language(request)).matches
    return {"values": form, "account": None, "links": shown}


@router.get("/accounts/{account_id}")
def account_page(request: Request, account_id: int) -> Response:
    return account_view(request, account_id)


def account_view(request: Request, account_id: int, *, status: int = 200, **extra: Any) -> Response:
    """The account page; ``extra`` carries a form error or values to show again."""
    actor = page_actor(request)
    wb = workbench(request)
    account = service.get_account(wb, actor, account_id)
    clients = service.clients_of(wb, actor, account_id) if not restricted(actor) else []
    context = {
        "account": service.view(account),
        "actor": actor,
        "clients": clients,
        "events": visible_events_of(request, account_id, limit=10),
        "pack": wb.policies.get_pack(account.platform),
        "penalties": ledger.penalties_of(wb, actor, account_id),
        "notices": list_notices(wb, actor, account_id=account_id),
        "standing": ledger.standing_of(wb, actor, account_id),
        "what_if": None,
        "what_if_form": {},
        "penalty_form": {},
        "today": ledger.seller_today(wb, account.org_id).isoformat(),
        "verification_risk": change_log_view(wb, actor, account_id, language(request)).triggers,
        "hub": account_hub(wb, actor, account_id, language(request)),
        "hub_status_labels": HUB_STATUS_LABELS,
        "severity_labels": SEVERITY_LABELS,
        **extra,
    }
    query = request.query_params
    points = query.get("what_if_points")
    violation = query.get("what_if_violation")
    if (points is not None or violation) and "what_if" not in extra:
        day = query.get("what_if_date", "")
        asked = {
            "points": points or "",
            "date": day,
            "violation": violation or "",
            "serious": query.get("what_if_serious", ""),
            "orders": query.get("what_if_orders", ""),
        }
        context["what_if_form"] = asked
        try:
            entry = (
                ledger.what_if_penalty(wb, actor, account_id, asked)
                if violation
                else ledger.what_if_entry(points, day, ledger.seller_today(wb, account.org_id))
            )
            context["what_if"] = (entry, ledger.standing_of(wb, actor, account_id, what_if=entry))
        except ReinstateError as exc:
            if exc.status != 422:
                raise
            context["error"], status = render_error(request, exc), 422
    return render(request, "account.html", context, status=status)


def visible_events_of(request: Request, account_id: int, limit: int) -> list[Any]:
    wb = workbench(request)
    with wb.db.reading() as session:
        return visible_events(session, page_actor(request), account_id=account_id, limit=limit)


@router.get("/accounts/{account_id}/edit")
def edit_account_page(request: Request, account_id: int) -> Response:
    actor = page_actor(request)
    actor.require_change()
    account = service.view(service.get_account(workbench(request), actor, account_id))
    # The full ID number is never sent back to the browser; blank means "keep it".
    values = {**account, "legal_rep_id_number": ""}
    return render(request, "account_form.html", {"values": values, "account": account})


@router.post("/accounts/{account_id}/edit")
async def edit_account(request: Request, account_id: int) -> Response:
    actor = page_actor(request)
    wb = workbench(request)
    account = service.view(service.get_account(wb, actor, account_id))
    form = await verified_form(request)
    changes = dict(form)
    if not changes.get("legal_rep_id_number", "").strip():
        changes.pop("legal_rep_id_number", None)
    try:
        service.update_account(wb, actor, account_id, changes)
    except ReinstateError as exc:
        if exc.status != 422:
            raise
        return _form_error(request, exc, form, account)
    return RedirectResponse(f"/accounts/{account_id}", status_code=303)


@router.post("/accounts/{account_id}/delete")
async def delete_account(request: Request, account_id: int) -> Response:
    actor = page_actor(request)
    await verified_form(request)
    service.delete_account(workbench(request), actor, account_id)
    return RedirectResponse("/accounts", status_code=303)


@router.post("/accounts/{account_id}/clients")
async def client_access(request: Request, account_id: int) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    allowed = form.get("action", "add") != "remove"
    service.set_client_access(
        workbench(request), actor, account_id, form.get("email", ""), allowed=allowed
    )
    return RedirectResponse(f"/accounts/{account_id}", status_code=303)


@router.get("/accounts/{account_id}/activity")
def account_activity(request: Request, account_id: int) -> Response:
    actor = page_actor(request)
    account = service.get_account(workbench(request), actor, account_id)
    events = visible_events_of(request, account_id, limit=500)
    context = {"events": events, "account": service.view(account)}
    return render(request, "activity.html", context)
