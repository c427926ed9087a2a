"""/api/v1/metrics: the organisation's accounts by risk, each account's cards, history and
breakdowns, and imports (order files and Amazon's account health report)."""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Form, Query, Request, UploadFile

from ...metrics import service
from ...metrics.definitions import DEFAULT_HISTORY_DAYS
from ...metrics.views import (
    MetricBreakdown,
    MetricCards,
    MetricHistory,
    MetricsImport,
    MetricsOverview,
)
from ..context import workbench
from ..routing import Router
from .api import ActorDep
from .metrics import import_upload

router = Router(prefix="/api/v1/metrics", tags=["v1"])


@router.get("", response_model=MetricsOverview)
def metrics_overview(request: Request, actor: ActorDep) -> MetricsOverview:
    """Every account with metrics, riskiest first, as of the last import's day."""
    return MetricsOverview.model_validate(service.overview(workbench(request), actor))


@router.get("/accounts/{account_id}", response_model=MetricCards)
def account_metrics(
    request: Request, actor: ActorDep, account_id: int, days: int = DEFAULT_HISTORY_DAYS
) -> MetricCards:
    """Cards: latest value, target, status, trend, days to breach and the daily series."""
    found = service.account_metrics(workbench(request), actor, account_id, days=days)
    return MetricCards.model_validate(found)


@router.get("/accounts/{account_id}/history", response_model=MetricHistory)
def account_history(
    request: Request,
    actor: ActorDep,
    account_id: int,
    metric: str,
    days: int = DEFAULT_HISTORY_DAYS,
    window: int | None = None,
) -> MetricHistory:
    wb = workbench(request)
    found = service.history(wb, actor, account_id, metric, days=days, window=window)
    return MetricHistory.model_validate(found)


@router.get("/accounts/{account_id}/breakdown", response_model=MetricBreakdown)
def account_breakdown(
    request: Request,
    actor: ActorDep,
    account_id: int,
    metric: str,
    by: Annotated[
        str, Query(description="carrier, sku, destination, week, fulfilment or component")
    ],
    window: int | None = None,
) -> MetricBreakdown:
    wb = workbench(request)
    found = service.breakdown(wb, actor, account_id, metric, by, window=window)
    return MetricBreakdown.model_validate(found)


@router.post("/imports", status_code=201, response_model=MetricsImport)
async def create_import(
    request: Request,
    actor: ActorDep,
    profile: Annotated[str, Form(description="canonical, amazon-all-orders, mapping or sp-api")],
    file: Annotated[UploadFile, File()],
    mapping: Annotated[UploadFile | None, File(description="the .toml mapping file")] = None,
    account: Annotated[int | None, Form()] = None,
    timezone: Annotated[str | None, Form()] = None,
    as_of: Annotated[str | None, Form()] = None,
    marketplace: Annotated[
        str | None, Form(description="sp-api: the marketplace (ATVPDKIKX0DER or US)")
    ] = None,
) -> MetricsImport:
    """Import an order file (or an account health report) and recompute the history."""
    form = {
        "profile": profile,
        "file": file,
        "mapping": mapping,
        "account": account,
        "timezone": timezone,
        "as_of": as_of,
        "marketplace": marketplace,
    }
    return MetricsImport.model_validate(await import_upload(request, form, actor))
