"""Shopee: penalty tiers at 3/6/9/12/15 points and the quarterly reset of points.

>>> from reinstate.policies.loader import load_policies
>>> rules = load_policies().get_pack("shopee").penalties
>>> shopee_status(rules, points=7, region=None, as_of=date(2026, 2, 1)).tier
2
>>> next_reset(rules, "PH", date(2026, 2, 1)).isoformat()
'2026-03-30'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import N_, InvalidInput
from ..policies.schema import ShopeePenalties, ShopeeTier
from .calendar import check_day, clean_region, quarterly_mondays


@dataclass(frozen=True)
class ShopeeStatus:
    tier: int
    restrictions: list[str]
    penalty_days: int
    next_reset: date


def reset_dates(rules: ShopeePenalties, region: str | None, years: range) -> list[date]:
    """Every reset day in ``years``: the default rule, then each regional change from its start."""
    changes = sorted((c for c in rules.reset_changes if c.region == region), key=lambda c: c.starts)
    days = list(quarterly_mondays(rules.reset, years))
    for change in changes:
        days = [d for d in days if d < change.starts]
        days += [d for d in quarterly_mondays(change.rule, years) if d >= change.starts]
    return sorted(days)


def next_reset(rules: ShopeePenalties, region: str | None, as_of: date) -> date:
    """The first reset after ``as_of`` (a reset on ``as_of`` itself has already happened)."""
    years = range(as_of.year, as_of.year + 2)
    return min(
        d for d in reset_dates(rules, clean_region(rules.regions, region), years) if d > as_of
    )


def last_reset(rules: ShopeePenalties, region: str | None, as_of: date) -> date:
    years = range(as_of.year - 1, as_of.year + 1)
    return max(
        d for d in reset_dates(rules, clean_region(rules.regions, region), years) if d <= as_of
    )


def tier_for(rules: ShopeePenalties, points: int) -> ShopeeTier | None:
    reached = [t for t in rules.tiers if points >= t.points]
    return max(reached, key=lambda t: t.points) if reached else None


def shopee_status(
    rules: ShopeePenalties, *, points: int, region: str | None, as_of: date
) -> ShopeeStatus:
    if points < 0:
        raise InvalidInput(N_("Points cannot be negative."), field="points")
    check_day(as_of, "as_of")
    tier = tier_for(rules, points)
    return ShopeeStatus(
        tier=tier.tier if tier else 0,
        restrictions=list(tier.restrictions) if tier else [],
        penalty_days=tier.days if tier else 0,
        next_reset=next_reset(rules, region, as_of),
    )
