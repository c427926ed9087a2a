"""TikTok Shop: points per violation, milestones 12/24/36/48 and expiry of points.

>>> from reinstate.policies.loader import load_policies
>>> rules = load_policies().get_pack("tiktok_shop").penalties
>>> expires_on(rules, "PH", date(2025, 6, 17)).isoformat()
'2025-09-15'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import N_, InvalidInput
from ..policies.schema import Milestone, TikTokPenalties
from .calendar import check_day, clean_region


@dataclass(frozen=True)
class Received:
    points: int
    received: date


@dataclass(frozen=True)
class TikTokStatus:
    active_points: int
    milestone: Milestone | None
    next_milestone: Milestone | None
    records: list[tuple[Received, date]]  # each with the day its points expire


def parse_received(text: str) -> Received:
    """``"6@2026-10-01"`` (or ``"6 2026-10-01"``) as 6 points received on that day."""
    points, _, day = text.strip().replace(" ", "@").partition("@")
    try:
        return Received(int(points), date.fromisoformat(day.strip("@")))
    except ValueError:
        raise InvalidInput(
            N_("Write each record as POINTS@YYYY-MM-DD, e.g. 6@2026-10-01."), field="points"
        ) from None


def expiry_days(rules: TikTokPenalties, region: str | None, received: date) -> int:
    days = rules.expiry_days
    for change in sorted(rules.expiry_changes, key=lambda c: c.starts):
        if change.region == region and received >= change.starts:
            days = change.days
    return days


def expires_on(rules: TikTokPenalties, region: str | None, received: date) -> date:
    """The first day on which points received on ``received`` no longer count."""
    return received + timedelta(
        days=expiry_days(rules, clean_region(rules.regions, region), received)
    )


def tiktok_status(
    rules: TikTokPenalties, records: list[Received], *, region: str | None, as_of: date
) -> TikTokStatus:
    code = clean_region(rules.regions, region)
    check_day(as_of, "as_of")
    for record in records:
        if record.points < 0:
            raise InvalidInput(N_("Points cannot be negative."), field="points")
        if record.received > as_of:
            raise InvalidInput(
                N_("Points received on {date} are in the future."),
                field="points",
                date=record.received.isoformat(),
            )
    dated = [(r, expires_on(rules, code, r.received)) for r in records]
    active = sum(r.points for r, end in dated if end > as_of)
    reached = [m for m in rules.milestones if active >= m.points]
    ahead = [m for m in rules.milestones if active < m.points]
    return TikTokStatus(
        active_points=active,
        milestone=max(reached, key=lambda m: m.points) if reached else None,
        next_milestone=min(ahead, key=lambda m: m.points) if ahead else None,
        records=dated,
    )
