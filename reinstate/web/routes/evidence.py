"""Evidence on the case page: upload against checklist items, download, remove; rehearsal."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from ...accounts.service import view
from ...errors import N_, InvalidInput, NotFound, ReinstateError
from ...evidence import rehearsal, service
from ...evidence.consistency import REHEARSED
from ...evidence.dating import set_document_dates
from ...evidence.views import case_packs
from ...notices.service import blobs, safe_filename
from ...validation import clean_date, whole
from ..context import page_actor, render_error, verified_formdata, workbench
from ..download import attachment
from ..routing import Router
from ..templating import render
from .cases import case_page_response

router = Router(include_in_schema=False)


MAX_FILES = 20  # files in one upload


@router.post("/cases/{case_id}/documents")
async def upload(request: Request, case_id: int) -> Response:
    """One or more files (a ``multiple`` input, or dropped on the form), each checked and
    stored on its own: one refused file does not stop the others, and each gets its line."""
    page_actor(request)  # signed in before the body is read
    limit = workbench(request).settings.max_upload_mb * 1024 * 1024
    form = await verified_formdata(request, max_files=MAX_FILES, max_fields=30)
    report: list[dict[str, Any]] = []
    try:
        files = [f for f in form.getlist("file") if isinstance(f, UploadFile) and f.filename]
        if not files:
            raise InvalidInput(N_("Choose a file to upload."), field="file")
        materials = [m for m in form.getlist("materials") if isinstance(m, str)]
        for upload in files:
            report.append(await _store_one(request, case_id, upload, limit, materials))
    except ReinstateError as exc:
        if exc.status not in (409, 422):
            raise
        return case_page_response(request, case_id, exc.status, error=render_error(request, exc))
    finally:
        await form.close()
    refused = [r for r in report if not r["stored"]]
    if refused:  # the page again, with each file's line (the stored ones are on it already)
        status = 409 if all(r["status"] == 409 for r in refused) else 422
        return case_page_response(request, case_id, status, uploads=report)
    if len(report) > 1:
        request.session["uploads"] = report  # shown once by the next case page
    return RedirectResponse(f"/cases/{case_id}#checklist", status_code=303)


async def _store_one(
    request: Request, case_id: int, upload: UploadFile, limit: int, materials: list[str]
) -> dict[str, Any]:
    name = upload.filename or ""
    shown = safe_filename(name, "document.pdf")  # an ID number in it masked, as when stored
    try:
        data = await upload.read(limit + 1)
        document = service.add_document(
            workbench(request), page_actor(request), case_id, name, data, materials
        )
    except ReinstateError as exc:
        if exc.status not in (409, 422):
            raise
        return {
            "file": shown,
            "stored": False,
            "status": exc.status,
            "message": render_error(request, exc),
        }
    errors = sum(1 for p in document.problems if p["severity"] == "error")
    return {"file": shown, "stored": True, "status": 201, "message": "", "errors": errors}


@router.get("/documents/{document_id}/file")
def download(request: Request, document_id: int) -> Response:
    document = service.get_document(workbench(request), page_actor(request), document_id)
    data = blobs(workbench(request)).get(document.sha256)
    headers = {"Content-Disposition": attachment(f"document-{document.id}.bin")}
    return Response(data, media_type="application/octet-stream", headers=headers)


@router.post("/documents/{document_id}/remove")
async def remove(request: Request, document_id: int) -> Response:
    actor = page_actor(request)
    await verified_formdata(request)
    document = service.get_document(workbench(request), actor, document_id)
    service.remove_document(workbench(request), actor, document_id)
    return RedirectResponse(f"/cases/{document.case_id}#checklist", status_code=303)


@router.post("/accounts/{account_id}/rehearse")
async def rehearse_answers(request: Request, account_id: int) -> Response:
    """Type the answers you would give in a verification call; see each difference."""
    actor = page_actor(request)
    form = await verified_formdata(request)
    answers = {k: v for k, v in form.items() if isinstance(v, str) and k in REHEARSED}
    account, comparisons = rehearsal.rehearse_answers(
        workbench(request), actor, account_id, answers
    )
    context = {"account": view(account), "comparisons": comparisons, "answers": answers}
    return render(request, "rehearse.html", context)


@router.get("/accounts/{account_id}/rehearse")
def rehearse_page(request: Request, account_id: int) -> Response:
    account = rehearsal.open_rehearsal(workbench(request), page_actor(request), account_id)
    return render(
        request, "rehearse.html", {"account": view(account), "comparisons": None, "answers": {}}
    )


def _chosen_order(form: FormData) -> list[int]:
    """The ticked documents, in the order of the positions typed next to them."""
    picked = []
    for key, value in form.items():
        document = whole(key[8:]) if key.startswith("include_") and value == "1" else None
        if document is not None:
            order = whole(str(form.get(f"position_{key[8:]}", "")), 9)
            picked.append((10_000 if order is None else order, document))
    return [document for _, document in sorted(picked)]


@router.post("/cases/{case_id}/pack")
async def build(request: Request, case_id: int) -> Response:
    """Build the pack, then show it in the case's list of packs (post/redirect/get: reloading
    the page shows the list again instead of building another pack)."""
    actor = page_actor(request)
    form = await verified_formdata(request)
    chosen = _chosen_order(form)
    try:
        service.make_pack(workbench(request), actor, case_id, chosen)
    except ReinstateError as exc:
        if exc.status not in (404, 422):
            raise
        return case_page_response(request, case_id, exc.status, error=render_error(request, exc))
    request.session["pack_built"] = True  # its notice, shown once by the next case page
    return RedirectResponse(f"/cases/{case_id}#packs", status_code=303)


@router.get("/cases/{case_id}/pack")
def latest_pack(request: Request, case_id: int) -> Response:
    """The newest pack: its file when it is one, else the list where each of its parts is."""
    built = case_packs(workbench(request), page_actor(request), case_id).items
    if not built:
        raise NotFound(N_("No evidence pack has been built for this case yet."))
    if len(built[0].parts) > 1:
        return RedirectResponse(f"/cases/{case_id}#packs", status_code=303)
    return pack_download(request, case_id, built[0].parts[0].sha256)


@router.get("/cases/{case_id}/packs/{digest}")
def pack_download(request: Request, case_id: int, digest: str) -> Response:
    name, data = service.pack_part(workbench(request), page_actor(request), case_id, digest)
    headers = {"Content-Disposition": attachment(name)}
    return Response(data, media_type="application/pdf", headers=headers)


@router.post("/documents/{document_id}/dates")
async def document_dates(request: Request, document_id: int) -> Response:
    actor = page_actor(request)
    form = await verified_formdata(request)
    document = service.get_document(workbench(request), actor, document_id)
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str)}
    try:
        set_document_dates(
            workbench(request),
            actor,
            document_id,
            valid_until=clean_date(values["valid_until"], "valid_until")
            if values.get("valid_until")
            else None,
            issued_on=clean_date(values["issued_on"], "issued_on")
            if values.get("issued_on")
            else None,
        )
    except InvalidInput as exc:
        return case_page_response(request, document.case_id, 422, error=render_error(request, exc))
    return RedirectResponse(f"/cases/{document.case_id}#checklist", status_code=303)
