"""/api/v1/metrics: the organisation's accounts by risk, each account's cards, history and
breakdowns, and imports (order files and Amazon's account health report)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile

from ...metrics import service
from ...metrics.definitions import DEFAULT_HISTORY_DAYS
from ..context import workbench
from .api import ActorDep
from .metrics import import_upload

router = APIRouter(prefix="/api/v1/metrics", tags=["v1"])


@router.get("")
def metrics_overview(request: Request, actor: ActorDep) -> dict[str, Any]:
    """Every account with metrics, riskiest first, as of the last import's day."""
    return service.overview(workbench(request), actor)


@router.get("/accounts/{account_id}")
def account_metrics(
    request: Request, actor: ActorDep, account_id: int, days: int = DEFAULT_HISTORY_DAYS
) -> dict[str, Any]:
    """Cards: latest value, target, status, trend, days to breach and the daily series."""
    return service.account_metrics(workbench(request), actor, account_id, days=days)


@router.get("/accounts/{account_id}/history")
def account_history(
    request: Request,
    actor: ActorDep,
    account_id: int,
    metric: str,
    days: int = DEFAULT_HISTORY_DAYS,
    window: int | None = None,
) -> dict[str, Any]:
    return service.history(workbench(request), actor, account_id, metric, days=days, window=window)


@router.get("/accounts/{account_id}/breakdown")
def account_breakdown(
    request: Request,
    actor: ActorDep,
    account_id: int,
    metric: str,
    by: Annotated[str, Query(description="carrier, sku, destination, week or component")],
    window: int | None = None,
) -> dict[str, Any]:
    return service.breakdown(workbench(request), actor, account_id, metric, by, window=window)


@router.post("/imports", status_code=201)
async def create_import(
    request: Request,
    actor: ActorDep,
    profile: Annotated[str, Form(description="canonical, amazon-all-orders, mapping or sp-api")],
    file: Annotated[UploadFile, File()],
    mapping: Annotated[UploadFile | None, File(description="the .toml mapping file")] = None,
    account: Annotated[int | None, Form()] = None,
    timezone: Annotated[str | None, Form()] = None,
    as_of: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    """Import an order file (or an account health report) and recompute the history."""
    form = {
        "profile": profile,
        "file": file,
        "mapping": mapping,
        "account": account,
        "timezone": timezone,
        "as_of": as_of,
    }
    return await import_upload(request, form, actor)
