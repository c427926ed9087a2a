"""Association pages: a store's identifiers, links, risk and picture; the organisation's groups."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ...association import service, views
from ...association.identifiers import KIND_LABELS, KINDS, kept_as_written
from ...association.picture import as_script_json, layout
from ...errors import InvalidInput
from ..context import language, page_actor, render_error, verified_form, workbench
from ..routing import Router
from ..templating import render
from ..vendor import PLOTLY_JS

router = Router(include_in_schema=False)


def _page(request: Request, account_id: int, status: int = 200, **extra: Any) -> Response:
    actor = page_actor(request)
    wb = workbench(request)
    lang = language(request)
    rows = service.identifiers_of(wb, actor, account_id)
    world = service.load_world(wb, actor)
    shown = views.explain(world, account_id, lang)
    picture = None
    if len(shown.group) > 1:
        at_risk = {i for i in shown.group if service.risk_of(world, i)}
        names = {i: world.name(i) for i in shown.group}
        picture = layout(
            world.graph, shown.group, names, world.trouble, current=account_id, at_risk=at_risk
        )
    context = {
        "account": world.accounts[account_id],
        "actor": actor,
        "identifiers": views.identifier_list(rows, lang).items,
        "explained": shown,
        "picture_json": as_script_json(picture) if picture else None,
        "plotly_js": PLOTLY_JS,
        "kinds": [(k, KIND_LABELS[k]) for k in KINDS],
        "strength_labels": views.STRENGTH_LABELS,
        "values": {},
        "phone_as_written": False,
        **extra,
    }
    return render(request, "association.html", context, status=status)


@router.get("/accounts/{account_id}/association")
def account_association(request: Request, account_id: int) -> Response:
    # after a phone number of no known country was added: say how it is kept
    as_written = request.query_params.get("kept") == "as_written"
    return _page(request, account_id, phone_as_written=as_written)


@router.post("/accounts/{account_id}/identifiers")
async def add_identifier(request: Request, account_id: int) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    try:
        service.add_identifier(
            workbench(request),
            actor,
            account_id,
            form.get("kind", ""),
            form.get("value", ""),
            form.get("first_seen") or None,
            form.get("last_seen") or None,
        )
    except InvalidInput as exc:
        # The value typed is not sent back: it may be a card or an ID number.
        values = {k: v for k, v in form.items() if k != "value"}
        error = render_error(request, exc)
        return _page(request, account_id, exc.status, error=error, field=exc.field, values=values)
    kept = (
        "?kept=as_written" if kept_as_written(form.get("kind", ""), form.get("value", "")) else ""
    )
    return RedirectResponse(f"/accounts/{account_id}/association{kept}", status_code=303)


@router.post("/identifiers/{identifier_id}/remove")
async def remove_identifier(request: Request, identifier_id: int) -> Response:
    """Remove one entered or imported identifier (the account's details are changed there)."""
    actor = page_actor(request)
    await verified_form(request)
    wb = workbench(request)
    account_id = service.remove_identifier(wb, actor, identifier_id)
    return RedirectResponse(f"/accounts/{account_id}/association", status_code=303)


@router.get("/association")
def association_overview(request: Request) -> Response:
    actor = page_actor(request)
    world = service.load_world(workbench(request), actor)
    shown = views.scan(world, language(request))
    context = {"scan": shown, "level_labels": views.LEVEL_LABELS, "actor": actor}
    return render(request, "association_groups.html", context)
