"""My settings (reminder channels, calendar feed), the organisation's reminders, and the feed."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ...auth import zones
from ...cases import calendar, service
from ...cases.reminders import masked_url
from ...errors import ReinstateError
from ...storage.tables import Organisation
from ..context import page_actor, render_error, signed_in_user, verified_form, workbench
from ..routing import Router
from ..templating import render

router = Router(include_in_schema=False)


def _settings_page(request: Request, status: int = 200, **extra: object) -> Response:
    actor = page_actor(request)
    user = signed_in_user(request)
    assert user is not None
    with workbench(request).db.reading() as session:
        org = session.get(Organisation, actor.org_id)
    context = {
        "actor": actor,
        "me": user,
        "org": org,
        "calendar_url": None,
        "masked": masked_url,
        "now": workbench(request).clock.now(),
        **extra,
    }
    return render(request, "settings.html", context, status=status)


@router.get("/settings")
def settings_page(request: Request) -> Response:
    return _settings_page(request)


@router.post("/settings/notify")
async def my_channels(request: Request) -> Response:
    page_actor(request)
    form = await verified_form(request)
    user = signed_in_user(request)
    assert user is not None
    try:
        calendar.set_user_channels(workbench(request), user.id, form.get("urls", "").splitlines())
    except ReinstateError as exc:
        return _settings_page(request, exc.status, error=render_error(request, exc))
    return RedirectResponse("/settings", status_code=303)


@router.post("/settings/calendar")
async def my_calendar(request: Request) -> Response:
    page_actor(request)
    await verified_form(request)
    user = signed_in_user(request)
    assert user is not None
    secret = calendar.new_calendar_secret(workbench(request), user.id)
    url = f"{request.base_url}calendar/{secret}.ics"
    return _settings_page(request, calendar_url=url)  # shown once: only its hash is kept


@router.post("/settings/reminders")
async def org_reminders(request: Request) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    try:
        hours = [int(h) for h in form.get("hours", "").replace(",", " ").split()]
    except ValueError:
        hours = [0]
    try:
        service.set_reminder_settings(
            workbench(request), actor, urls=form.get("urls", "").splitlines(), hours=hours
        )
    except ReinstateError as exc:
        if exc.status not in (403, 422):
            raise
        return _settings_page(request, exc.status, error=render_error(request, exc))
    return RedirectResponse("/settings", status_code=303)


@router.post("/settings/time-zone")
async def my_time_zone(request: Request) -> Response:
    page_actor(request)
    form = await verified_form(request)
    user = signed_in_user(request)
    assert user is not None
    try:
        zones.set_my_zone(workbench(request), user.id, form.get("time_zone"))
    except ReinstateError as exc:
        return _settings_page(request, exc.status, error=render_error(request, exc))
    return RedirectResponse("/settings#time-zone", status_code=303)


@router.post("/settings/organisation-time-zone")
async def org_time_zone(request: Request) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    try:
        zones.set_org_zone(workbench(request), actor, form.get("time_zone"))
    except ReinstateError as exc:
        if exc.status not in (403, 422):
            raise
        return _settings_page(request, exc.status, error=render_error(request, exc))
    return RedirectResponse("/settings#time-zone", status_code=303)


@router.get("/calendar/{secret}.ics")
def calendar_feed(request: Request, secret: str) -> Response:
    body = calendar.feed(workbench(request), secret)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )
