"""Organisation pages: activity log, members, API tokens."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ...auth import service
from ...errors import N_, InvalidInput, ReinstateError
from ...events import visible_events
from ..context import page_actor, render_error, signed_in_user, verified_form, workbench
from ..routing import Router
from ..templating import render

router = Router(include_in_schema=False)


@router.get("/activity")
def activity(request: Request) -> Response:
    actor = page_actor(request)
    with workbench(request).db.reading() as session:
        events = visible_events(session, actor, limit=500)
    return render(request, "activity.html", {"events": events, "account": None})


def _members_page(request: Request, status: int = 200, **extra: object) -> Response:
    actor = page_actor(request)
    context = {
        "members": service.members(workbench(request), actor),
        "actor": actor,
        "values": {},
        "created": None,
        **extra,
    }
    return render(request, "members.html", context, status=status)


@router.get("/members")
def members(request: Request) -> Response:
    return _members_page(request)


@router.post("/members")
async def add_member(request: Request) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    try:
        user = service.create_user(
            workbench(request),
            actor,
            form.get("email", ""),
            form.get("role", ""),
            form.get("password", ""),
        )
    except ReinstateError as exc:
        if exc.status not in (409, 422):
            raise
        values = {"email": form.get("email", ""), "role": form.get("role", "")}
        return _members_page(request, exc.status, values=values, error=render_error(request, exc))
    return _members_page(request, created=user.email)


@router.post("/members/{user_id}/role")
async def change_role(request: Request, user_id: int) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    try:
        service.change_role(workbench(request), actor, user_id, form.get("role", ""))
    except ReinstateError as exc:
        if exc.status != 422:
            raise
        return _members_page(request, 422, error=render_error(request, exc))
    return RedirectResponse("/members", status_code=303)


def _tokens_page(request: Request, status: int = 200, **extra: object) -> Response:
    page_actor(request)
    user = signed_in_user(request)
    assert user is not None
    context = {
        "tokens": service.api_tokens(workbench(request), user),
        "new_token": None,
        "now": workbench(request).clock.now(),
        **extra,
    }
    return render(request, "tokens.html", context, status=status)


@router.get("/tokens")
def tokens(request: Request) -> Response:
    return _tokens_page(request)


@router.post("/tokens")
async def create_token(request: Request) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    user = signed_in_user(request)
    assert user is not None and actor.user_id == user.id
    try:
        days = _whole_days(form.get("days"), workbench(request).settings.token_days)
        issued = service.issue_credential(
            workbench(request), user, "api", name=form.get("name", ""), days=days, via="web"
        )
    except ReinstateError as exc:
        return _tokens_page(request, exc.status, error=render_error(request, exc))
    # Shown once: only its hash is kept.
    return _tokens_page(request, new_token=issued.secret)


def _whole_days(value: str | None, default: int) -> int:
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(N_("A token lasts from 1 to 3650 days."), field="days") from None


@router.post("/tokens/{credential_id}/revoke")
async def revoke_token(request: Request, credential_id: int) -> Response:
    page_actor(request)
    await verified_form(request)
    user = signed_in_user(request)
    assert user is not None
    service.revoke_credential(workbench(request), user, credential_id)
    return RedirectResponse("/tokens", status_code=303)
