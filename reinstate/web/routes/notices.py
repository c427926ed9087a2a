"""Notice pages: check a pasted or uploaded notice, store it on an account, read it safely."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile
from starlette.responses import Response

from ...accounts.service import list_accounts
from ...cases.from_notice import answer_for_notice, notice_case
from ...cases.listing import OPEN_STATES
from ...cases.views import summarised
from ...errors import N_, InvalidInput, ReinstateError
from ...notices import service
from ...notices.diagnosis import TRIAGE_ANSWERED, TRIAGE_FIRST
from ...notices.kinds import offers
from ...notices.parse import MAX_BYTES
from ...policies.schema import Pack, Triage
from ...validation import whole
from ...verification.service import verification_in_progress
from ..context import page_actor, render_error, verified_form, verified_formdata, workbench
from ..download import attachment
from ..routing import Router
from ..templating import render

router = Router(include_in_schema=False)


async def _upload(request: Request) -> tuple[dict[str, str], bytes, str | None]:
    """The form's fields and the notice's bytes: a file, or else the pasted text."""
    length = request.headers.get("content-length", "")
    if (whole(length) or 0) > MAX_BYTES + 1024 * 1024:
        raise InvalidInput(
            N_("The notice is larger than {limit} MB."),
            field="file",
            limit=MAX_BYTES // (1024 * 1024),
        )
    form = await verified_formdata(request, max_files=1, max_fields=10, max_part_size=MAX_BYTES + 1)
    try:
        fields = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
        upload = form.get("file")
        if isinstance(upload, UploadFile) and upload.filename:
            return fields, await upload.read(MAX_BYTES + 1), upload.filename
        return fields, fields.get("text", "").encode("utf-8"), "pasted.txt"
    finally:
        await form.close()


def _account_id(fields: dict[str, str]) -> int:
    value = whole(fields.get("account_id", ""))
    if value is None:
        raise InvalidInput(N_("Choose the seller account this notice is for."), field="account_id")
    return value


@router.get("/notices")
def notices(request: Request) -> Response:
    actor = page_actor(request)
    wb = workbench(request)
    names = {a.id: a.store_name for a in list_accounts(wb, actor)}
    return render(
        request,
        "notices.html",
        {"notices": service.list_notices(wb, actor), "names": names, "actor": actor},
    )


def _new_page(request: Request, status: int = 200, **extra: Any) -> Response:
    actor = page_actor(request)
    accounts = list_accounts(workbench(request), actor)
    context = {"accounts": accounts, "values": {}, **extra}
    return render(request, "notice_new.html", context, status=status)


@router.get("/notices/new")
def new_notice(request: Request, account: int | None = None) -> Response:
    page_actor(request).require_change()
    return _new_page(request, values={"account_id": str(account or "")})


@router.post("/notices/new")
async def create_notice(request: Request) -> Response:
    actor = page_actor(request)
    actor.require_change()
    try:
        fields, data, filename = await _upload(request)
        notice = service.store_notice(
            workbench(request), actor, _account_id(fields), data, filename
        )
    except service.DuplicateNotice as exc:
        error = render_error(request, exc)
        return _new_page(request, 409, error=error, duplicate_of=exc.first_id)
    except ReinstateError as exc:
        if exc.status != 422:
            raise
        return _new_page(request, 422, error=render_error(request, exc))
    return RedirectResponse(f"/notices/{notice.id}", status_code=303)


def _questions(pack: Pack | None, report: dict[str, Any], answered: dict[str, str]) -> list[Triage]:
    """The pack's triage questions the notice asks (as its check found them), and those its
    case has answered."""
    if pack is None:
        return []
    asked = {t.get("question") for t in (report.get("diagnosis") or {}).get("triage") or []}
    return [t for t in pack.triage if t.id in answered or {t.question.en, t.question.zh} & asked]


def notice_page_response(
    request: Request, notice_id: int, status: int = 200, **extra: Any
) -> Response:
    actor = page_actor(request)
    wb = workbench(request)
    notice = service.get_notice(wb, actor, notice_id)
    pack = wb.policies.get(notice.platform) if notice.platform else None
    report = notice.report
    case = notice_case(wb, actor, notice.id)  # the triage answers are the case's
    shown = summarised(wb, case) if case is not None else None
    questions = _questions(pack, report, shown.triage if shown else {})
    answers = shown.triage if shown is not None else {}
    answered = bool(questions) and all(t.id in answers for t in questions)
    advice = (report.get("diagnosis") or {}).get("advice") or []
    context = {
        "notice": notice,
        "report": report,
        "pack": pack,
        "offers": offers(report),
        "actor": actor,
        "notice_case": shown,
        # a case still open from the notice is gone to, not opened again
        "case_open": case is not None and case.state in OPEN_STATES,
        # a verification still in progress on the account is gone to, not opened again
        "verification_open": verification_in_progress(
            wb, actor, notice.account_id, pack.verification.video
        )
        if offers(report) == "verification" and pack and pack.verification.video
        else None,
        "questions": questions,
        # once the question is answered, the advice no longer asks for the answer first
        "advice": [TRIAGE_ANSWERED if a == TRIAGE_FIRST and answered else a for a in advice],
        **extra,
    }
    return render(request, "notice.html", context, status=status)


@router.get("/notices/{notice_id}")
def notice_page(request: Request, notice_id: int) -> Response:
    return notice_page_response(request, notice_id)


@router.post("/notices/{notice_id}/triage")
async def notice_triage(request: Request, notice_id: int) -> Response:
    """Answer the platform's triage question the notice asks, on the notice's case (opened
    from the notice when it has none yet)."""
    actor = page_actor(request)
    form = await verified_form(request)
    question = form.get("question") or None
    try:
        answer_for_notice(workbench(request), actor, notice_id, form.get("answer", ""), question)
    except InvalidInput as exc:
        return notice_page_response(request, notice_id, 422, error=render_error(request, exc))
    anchor = f"#triage-{question}" if question and question.isidentifier() else ""
    return RedirectResponse(f"/notices/{notice_id}{anchor}", status_code=303)


@router.get("/notices/{notice_id}/original")
def notice_original(request: Request, notice_id: int) -> Response:
    notice, data = service.original(workbench(request), page_actor(request), notice_id)
    # Always a download, never rendered: the original may be hostile HTML.
    headers = {"Content-Disposition": attachment(f"notice-{notice.id}.bin")}
    return Response(data, media_type="application/octet-stream", headers=headers)
