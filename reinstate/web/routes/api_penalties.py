"""/api/v1/penalties: the penalty simulators, answering as ``reinstate penalty ... --json``
does (SPEC §6); nothing is stored. Without ``as_of`` the day is the seller's today."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query, Request

from ...penalties import documents
from ...penalties.ledger import seller_today
from ...policies.schema import ShopeePenalties, TaobaoPenalties, TikTokPenalties
from ...validation import clean_date
from ...views import View
from ..context import language, workbench
from ..routing import Router
from .api import ActorDep

router = Router(prefix="/api/v1/penalties", tags=["v1"])


class FakeTransactionPenalty(View):
    points: int
    shop_shield_days: int | None
    promotion_restricted: bool
    remove_order_credit: bool
    appealable: bool
    permanent_freeze_after_days: int | None  # null unless serious


class PointNodes(View):
    points: int
    crossed: list[int]
    node: int | None
    consequence: str | None
    shop_shield_days: int | None
    shop_closed_days: int | None
    account_sealed: bool


class ShopeeTier(View):
    tier: int  # 0 below 3 points
    restrictions: list[str]
    penalty_days: int
    next_reset: date


class TikTokRecord(View):
    points: int
    received: date
    expires_on: date
    active: bool


class TikTokPoints(View):
    active_points: int
    milestone: int | None
    next_milestone: int | None
    permanent_deactivation: bool
    points_range: list[int] | None
    records: list[TikTokRecord]


AsOf = Annotated[str | None, Query(description="Day to compute for (YYYY-MM-DD).")]
Region = Annotated[str | None, Query(description="Marketplace region, e.g. PH.")]


def _rules(request: Request, platform: str) -> Any:
    return workbench(request).policies.get_pack(platform).penalties


def _day(request: Request, actor: ActorDep, as_of: str | None) -> Any:
    return clean_date(as_of, "as_of") if as_of else seller_today(workbench(request), actor.org_id)


@router.get("/taobao-fake-transaction", response_model=FakeTransactionPenalty)
def taobao_fake_transaction(
    request: Request,
    actor: ActorDep,
    orders: Annotated[int, Query(description="Number of offending orders.")],
    offence: Annotated[int, Query(description="Which offence this year: 1 for the first.")] = 1,
    serious: bool = False,
) -> FakeTransactionPenalty:
    """Taobao's fake-transaction penalty for the n-th offence of the year (seed 003)."""
    rules: TaobaoPenalties = _rules(request, "taobao")
    found = documents.fake_transaction_document(
        rules, offence=offence, orders=orders, serious=serious
    )
    return FakeTransactionPenalty.model_validate(found)


@router.get("/taobao-points", response_model=PointNodes)
def taobao_points(request: Request, actor: ActorDep, current: int, add: int) -> PointNodes:
    """Which serious-violation point node a new deduction reaches (only the heaviest applies)."""
    rules: TaobaoPenalties = _rules(request, "taobao")
    found = documents.point_nodes_document(
        rules, current=current, add=add, language=language(request)
    )
    return PointNodes.model_validate(found)


@router.get("/shopee", response_model=ShopeeTier)
def shopee(
    request: Request, actor: ActorDep, points: int, region: Region = None, as_of: AsOf = None
) -> ShopeeTier:
    """Shopee's penalty tier for a number of points, and when points next reset."""
    rules: ShopeePenalties = _rules(request, "shopee")
    day = _day(request, actor, as_of)
    found = documents.shopee_document(rules, points=points, region=region, as_of=day)
    return ShopeeTier.model_validate(found)


@router.get("/tiktok", response_model=TikTokPoints)
def tiktok(
    request: Request,
    actor: ActorDep,
    points: Annotated[
        list[str] | None, Query(description="Points received, as POINTS@YYYY-MM-DD; repeat.")
    ] = None,
    violation: str | None = None,
    region: Region = None,
    as_of: AsOf = None,
) -> TikTokPoints:
    """TikTok Shop: active points, milestone reached, and when each record expires."""
    rules: TikTokPenalties = _rules(request, "tiktok_shop")
    day = _day(request, actor, as_of)
    found = documents.tiktok_document(
        rules, points or [], violation=violation, region=region, as_of=day
    )
    return TikTokPoints.model_validate(found)
