"""Recording penalties on a seller account and following their appeals."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ...errors import ReinstateError
from ...penalties import ledger
from ..context import page_actor, render_error, verified_form, workbench
from ..routing import Router
from .accounts import account_view

router = Router(include_in_schema=False)


@router.post("/accounts/{account_id}/penalties")
async def record_penalty(request: Request, account_id: int) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    try:
        ledger.record_penalty(workbench(request), actor, account_id, form)
    except ReinstateError as exc:
        if exc.status != 422:
            raise
        return account_view(
            request, account_id, status=422, penalty_form=form, error=render_error(request, exc)
        )
    return RedirectResponse(f"/accounts/{account_id}#penalties", status_code=303)


@router.post("/accounts/{account_id}/penalties/{penalty_id}/appeal")
async def appeal_result(request: Request, account_id: int, penalty_id: int) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    ledger.set_appeal_result(
        workbench(request), actor, account_id, penalty_id, form.get("appeal_result", "")
    )
    return RedirectResponse(f"/accounts/{account_id}#penalties", status_code=303)
