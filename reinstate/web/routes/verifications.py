"""Video verification pages: an account's verifications (and opening one), one verification
with its window, slots, checklist and what to record next."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile
from starlette.responses import Response

from ...accounts.service import get_account
from ...errors import N_, Conflict, InvalidInput
from ...evidence import rehearsal
from ...evidence.consistency import REHEARSED
from ...notices.service import list_notices
from ...timezones import DEFAULT_ZONE, zone_name
from ...validation import clean_time, decode_table, whole
from ...verification import rules, service, views
from ...verification.monitor import import_changes, record_change
from ...verification.practice import run_drill
from ...verification.sheet import preparation_sheet
from ...verification.triggers import KINDS
from ..context import (
    language,
    page_actor,
    render_error,
    signed_in_user,
    time_zone,
    verified_form,
    verified_formdata,
    workbench,
)
from ..download import attachment
from ..routing import Router
from ..templating import render

router = Router(include_in_schema=False)
MAX_CSV = 2 * 1024 * 1024


def _zone(request: Request) -> ZoneInfo:
    """The reader's time zone: ``?tz=`` (an IANA name), else the one every other page uses (the
    member's, else the organisation's, under Settings), else Beijing time for Chinese readers."""
    default = time_zone(request)
    user = signed_in_user(request)
    if default == DEFAULT_ZONE and not (user is not None and user.time_zone):
        default = "Asia/Shanghai" if language(request).startswith("zh") else DEFAULT_ZONE
    try:
        return ZoneInfo(request.query_params.get("tz") or default)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(default)


def _local(zone: ZoneInfo) -> Any:
    """A time as every page writes it, in ``zone``: 2026-12-02 20:00 UTC+8."""

    def local(moment: datetime | None) -> str:
        if moment is None:
            return "—"
        here = moment.astimezone(zone)
        return f"{here:%Y-%m-%d %H:%M} {zone_name(here)}"

    return local


def _account_page(request: Request, account_id: int, status: int = 200, **extra: Any) -> Response:
    actor = page_actor(request)
    wb = workbench(request)
    account = get_account(wb, actor, account_id)
    video = wb.policies.get_pack(account.platform).verification.video
    context = {
        "account": account,
        "actor": actor,
        "video": video,
        "items": views.verification_list(wb, actor, account.id, language(request)).items
        if video
        else [],
        "notices": list_notices(wb, actor, account_id=account.id) if video else [],
        "changes": views.change_log_view(wb, actor, account.id, language(request)),
        "change_kinds_order": KINDS,
        "change_error": None,
        "change_values": {},
        "zone": _zone(request),  # a time typed without an offset is read in it
        "values": {},
        **extra,
    }
    return render(request, "verifications.html", context, status=status)


@router.get("/accounts/{account_id}/verifications")
def account_verifications(request: Request, account_id: int) -> Response:
    return _account_page(request, account_id)


@router.post("/accounts/{account_id}/verifications")
async def open_verification(request: Request, account_id: int) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    actor.require_change()
    notice, invited = form.get("notice_id", ""), form.get("invited_at", "").strip()
    try:
        row = service.open_verification(
            workbench(request),
            actor,
            account_id,
            notice_id=whole(notice),
            invited_at=clean_time(invited, "invited_at", _zone(request)) if invited else None,
        )
    except (InvalidInput, Conflict) as exc:
        error = render_error(request, exc)
        return _account_page(request, account_id, exc.status, error=error, values=form)
    return RedirectResponse(f"/verifications/{row.id}", status_code=303)


def _page(request: Request, verification_id: int, status: int = 200, **extra: Any) -> Response:
    actor = page_actor(request)
    wb = workbench(request)
    shown = views.verification_view(wb, actor, verification_id, language(request))
    zone = _zone(request)
    context = {
        "v": shown,
        "account": get_account(wb, actor, shown.account_id),
        "actor": actor,
        "zone": zone,
        "local": _local(zone),
        "events": rules.EVENTS,
        "refusal": None,
        "drill": views.drill_view(wb, actor, verification_id, language(request)),
        "rehearsed": REHEARSED,
        "comparisons": None,
        "answers": {},
        "event_values": {},
        **extra,
    }
    return render(request, "verification.html", context, status=status)


def _back(request: Request, verification_id: int) -> str:
    """The verification's page, in the zone the form was read in (``?tz=`` kept)."""
    asked = request.query_params.get("tz")
    return f"/verifications/{verification_id}" + (f"?tz={quote(asked)}" if asked else "")


@router.get("/verifications/{verification_id}")
def verification_page(request: Request, verification_id: int) -> Response:
    return _page(request, verification_id)


@router.post("/verifications/{verification_id}/event")
async def verification_event(request: Request, verification_id: int) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    slot, at = form.get("slot", "").strip(), form.get("at", "").strip()
    try:
        service.apply_event(
            workbench(request),
            actor,
            verification_id,
            form.get("event", ""),
            slot=clean_time(slot, "slot", _zone(request)) if slot else None,
            at=clean_time(at, "at", _zone(request)) if at else None,
        )
    except (InvalidInput, Conflict) as exc:
        refusal = render_error(request, exc, _zone(request).key)  # the times in the page's zone
        # what was typed stays in the form to be fixed, the event chosen too
        return _page(request, verification_id, exc.status, refusal=refusal, event_values=form)
    return RedirectResponse(_back(request, verification_id), status_code=303)


@router.post("/verifications/{verification_id}/check")
async def verification_check(request: Request, verification_id: int) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    try:
        service.set_check(
            workbench(request),
            actor,
            verification_id,
            form.get("item", ""),
            done=form.get("done") == "1",
        )
    except InvalidInput as exc:
        return _page(request, verification_id, 422, refusal=render_error(request, exc))
    return RedirectResponse(f"/verifications/{verification_id}#checklist", status_code=303)


@router.get("/verifications/{verification_id}/sheet.pdf")
def verification_sheet(request: Request, verification_id: int) -> Response:
    """The printable preparation sheet, in Chinese and English, times in the reader's zone."""
    actor = page_actor(request)
    data = preparation_sheet(workbench(request), actor, verification_id, _zone(request))
    name = f"verification-V{verification_id}-sheet.pdf"
    return Response(
        data, media_type="application/pdf", headers={"Content-Disposition": attachment(name)}
    )


@router.post("/verifications/{verification_id}/drill")
async def verification_drill(request: Request, verification_id: int) -> Response:
    actor = page_actor(request)
    await verified_form(request)
    run_drill(workbench(request), actor, verification_id)
    return RedirectResponse(f"/verifications/{verification_id}#drill", status_code=303)


@router.post("/verifications/{verification_id}/rehearse")
async def verification_rehearse(request: Request, verification_id: int) -> Response:
    """The rehearsal, on the verification's page: typed answers against the profile."""
    actor = page_actor(request)
    form = await verified_form(request)
    row = service.get_verification(workbench(request), actor, verification_id)
    answers = {name: form.get(name, "") for name in REHEARSED}
    _, comparisons = rehearsal.rehearse_answers(workbench(request), actor, row.account_id, answers)
    answers.pop("legal_rep_id_number", None)  # never written back into the page
    return _page(request, verification_id, comparisons=comparisons, answers=answers)


@router.post("/accounts/{account_id}/changes")
async def add_change(request: Request, account_id: int) -> Response:
    """One entry of the account's change log, typed in."""
    actor = page_actor(request)
    form = await verified_form(request)
    actor.require_change()
    written = form.get("occurred_at", "").strip()
    try:
        record_change(
            workbench(request),
            actor,
            account_id,
            form.get("kind", ""),
            clean_time(written, "occurred_at", _zone(request)),  # typed in the reader's zone
            form.get("detail", ""),
        )
    except InvalidInput as exc:
        error = render_error(request, exc)
        return _account_page(request, account_id, 422, change_error=error, change_values=form)
    return RedirectResponse(f"/accounts/{account_id}/verifications#changes", status_code=303)


@router.post("/accounts/{account_id}/changes/import")
async def import_change_log(request: Request, account_id: int) -> Response:
    """A CSV change log (occurred_at,kind,detail), all rows or none."""
    actor = page_actor(request)
    form = await verified_formdata(request, max_files=1)
    try:
        actor.require_change()
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput(N_("Choose a file to upload."), field="file")
        data = await upload.read(MAX_CSV + 1)
        if len(data) > MAX_CSV:
            raise InvalidInput(N_("The file is larger than {limit} MB."), field="file", limit=2)
        import_changes(workbench(request), actor, account_id, decode_table(data))
    except InvalidInput as exc:
        return _account_page(request, account_id, 422, change_error=render_error(request, exc))
    finally:
        await form.close()
    return RedirectResponse(f"/accounts/{account_id}/verifications#changes", status_code=303)
