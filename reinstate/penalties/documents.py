"""The simulators' answers as the command line's ``--json`` and the API give them (SPEC §6):
one place builds each document, so both say the same.

>>> from reinstate.policies.loader import load_policies
>>> rules = load_policies()["shopee"].penalties
>>> shopee_document(rules, points=6, region="PH", as_of=date(2026, 11, 22))["next_reset"]
'2026-12-28'
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..errors import N_, InvalidInput
from ..policies.schema import ShopeePenalties, TaobaoPenalties, TikTokPenalties
from . import shopee, taobao, tiktok


def fake_transaction_document(
    rules: TaobaoPenalties, *, offence: int, orders: int, serious: bool
) -> dict[str, Any]:
    result = taobao.fake_transaction(
        rules.fake_transactions, offence=offence, orders=orders, serious=serious
    )
    return {
        "points": result.points,
        "shop_shield_days": result.shop_shield_days,
        "promotion_restricted": result.promotion_restricted,
        "remove_order_credit": result.remove_order_credit,
        "appealable": result.appealable,
        "permanent_freeze_after_days": result.permanent_freeze_after_days,
    }


def point_nodes_document(
    rules: TaobaoPenalties, *, current: int, add: int, language: str
) -> dict[str, Any]:
    crossed = taobao.crossed_nodes(rules.point_nodes, before=current, added=add)
    node = taobao.heaviest_node(rules.point_nodes, before=current, added=add)
    # sealed at these points: by this deduction's node or by one reached before it
    sealed = any(n.account_sealed and n.points <= current + add for n in rules.point_nodes)
    return {
        "points": current + add,
        "crossed": [n.points for n in crossed],
        "node": node.points if node else None,
        "consequence": node.consequence.get(language) if node else None,
        "shop_shield_days": node.shop_shield_days if node else None,
        "shop_closed_days": node.shop_closed_days if node else None,
        "account_sealed": sealed,
    }


def shopee_document(
    rules: ShopeePenalties, *, points: int, region: str | None, as_of: date
) -> dict[str, Any]:
    status = shopee.shopee_status(rules, points=points, region=region, as_of=as_of)
    return {
        "tier": status.tier,
        "restrictions": status.restrictions,
        "penalty_days": status.penalty_days,
        "next_reset": status.next_reset.isoformat(),
    }


def tiktok_document(
    rules: TikTokPenalties,
    records: list[str],
    *,
    violation: str | None,
    region: str | None,
    as_of: date,
) -> dict[str, Any]:
    status = tiktok.tiktok_status(
        rules, [tiktok.parse_received(r) for r in records], region=region, as_of=as_of
    )
    if violation is not None and violation not in rules.violation_points:
        raise InvalidInput(
            N_("TikTok Shop has no points range for “{code}”: choose one of {choices}."),
            field="violation",
            code=violation,
            choices=", ".join(rules.violation_points),
        )
    return {
        "active_points": status.active_points,
        "milestone": status.milestone.points if status.milestone else None,
        "next_milestone": status.next_milestone.points if status.next_milestone else None,
        "permanent_deactivation": bool(
            status.milestone and status.milestone.permanent_deactivation
        ),
        "points_range": list(rules.violation_points[violation]) if violation else None,
        "records": [
            {
                "points": r.points,
                "received": r.received.isoformat(),
                "expires_on": end.isoformat(),
                "active": end > as_of,
            }
            for r, end in status.records
        ],
    }
