"""Judge a metric against its target (pure): status, trend and days to breach.

Status: ``no_data`` when nothing was counted; ``breach`` when the target is missed (``lt``: the
rate reaches the target; ``gt``: the rate falls to it); ``at_risk`` when the rate is within the
pack's margin (20% unless the pack says otherwise) of the target on the safe side — for an upper
limit, at or above ``target × (1 − margin)``; for a lower limit on a rate, when the shortfall
``1 − rate`` is at or above ``(1 − target) × (1 − margin)``; otherwise ``good``.

>>> t = Target(0.01, "lt")
>>> [status(r, t) for r in (None, 0.005, 0.008, 0.0099, 0.01)]
['no_data', 'good', 'at_risk', 'at_risk', 'breach']
>>> t = Target(0.95, "gt")
>>> [status(r, t) for r in (0.99, 0.96, 0.955, 0.95)]
['good', 'at_risk', 'at_risk', 'breach']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..policies.schema import HealthRating, Metric

STATUSES = ("good", "at_risk", "breach", "no_data")
TREND_DAYS = 30  # the trend is fitted to the last days of the history
MIN_TREND_POINTS = 7
_EPSILON = 1e-12


@dataclass(frozen=True)
class Target:
    value: float
    comparator: str  # lt | le | gt | ge
    at_risk_margin: float = 0.2
    unit: str = "rate"
    platform: str = ""

    @classmethod
    def of(cls, metric: Metric, platform: str) -> Target:
        return cls(metric.target, metric.comparator, metric.at_risk_margin, metric.unit, platform)

    @property
    def upper(self) -> bool:
        return self.comparator in ("lt", "le")

    def breached(self, value: float) -> bool:
        comparator = self.comparator
        if comparator == "lt":
            return value >= self.value - _EPSILON
        if comparator == "le":
            return value > self.value + _EPSILON
        if comparator == "gt":
            return value <= self.value + _EPSILON
        if comparator == "ge":
            return value < self.value - _EPSILON
        raise KeyError(comparator)

    def closeness(self, value: float) -> float:
        """How far ``value`` has gone towards the target: 1 at the target, more past it. For an
        upper limit, value ÷ target; for a lower limit on a rate, the shortfall (1 − value) ÷
        the shortfall allowed (1 − target); for another lower limit, target ÷ value."""
        if self.upper:
            return value / self.value if self.value else math.inf
        if self.unit == "rate":
            allowed = 1 - self.value
            return (1 - value) / allowed if allowed else math.inf
        return self.value / value if value else math.inf

    def near(self, value: float) -> bool:
        """Within the pack's margin of the target, on the safe side or past it."""
        return self.closeness(value) >= 1 - self.at_risk_margin - _EPSILON


def statuses(values: np.ndarray, target: Target | None) -> np.ndarray:
    """:func:`status` of each of ``values`` (rates as floats, NaN for none), all at once, by the
    same arithmetic: the codes of :data:`STATUSES` as their indices (``no_data`` for NaN).

    >>> t = Target(0.01, "lt")
    >>> [STATUSES[i] for i in statuses(np.array([np.nan, 0.005, 0.008, 0.0099, 0.01]), t)]
    ['no_data', 'good', 'at_risk', 'at_risk', 'breach']
    """
    found = np.full(values.shape, STATUSES.index("no_data"), np.int8)
    if target is None:
        return found
    known = ~np.isnan(values)
    comparator, limit = target.comparator, target.value
    if comparator == "lt":
        breached = values >= limit - _EPSILON
    elif comparator == "le":
        breached = values > limit + _EPSILON
    elif comparator == "gt":
        breached = values <= limit + _EPSILON
    elif comparator == "ge":
        breached = values < limit - _EPSILON
    else:
        raise KeyError(comparator)
    with np.errstate(divide="ignore", invalid="ignore"):
        if target.upper:
            closeness = values / limit if limit else np.full(values.shape, math.inf)
        elif target.unit == "rate":
            allowed = 1 - limit
            closeness = (1 - values) / allowed if allowed else np.full(values.shape, math.inf)
        else:
            closeness = np.where(values != 0, limit / np.where(values != 0, values, 1), math.inf)
    near = closeness >= 1 - target.at_risk_margin - _EPSILON
    found[known] = STATUSES.index("good")
    found[known & near] = STATUSES.index("at_risk")
    found[known & breached] = STATUSES.index("breach")
    return found


def rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def status(value: float | None, target: Target | None) -> str:
    if value is None or target is None:
        return "no_data"
    if target.breached(value):
        return "breach"
    if target.near(value):
        return "at_risk"
    return "good"


@dataclass(frozen=True)
class Trend:
    direction: str  # worsening | improving | steady | unknown
    slope_per_day: float | None  # change of the rate per day, fitted
    days_to_breach: int | None  # when the fitted line crosses the target; 0 if breached now


def trend(points: Sequence[tuple[date, float | None]], target: Target | None) -> Trend:
    """The least-squares line through the last :data:`TREND_DAYS` days' rates, and when it meets
    the target if it is heading there.

    >>> from datetime import timedelta
    >>> days = [date(2026, 11, 1) + timedelta(days=i) for i in range(10)]
    >>> trend([(d, 0.005 + 0.0005 * i) for i, d in enumerate(days)], Target(0.01, "lt"))
    Trend(direction='worsening', slope_per_day=0.0005, days_to_breach=1)
    >>> trend([(d, 0.99 - 0.002 * i) for i, d in enumerate(days)], Target(0.95, "gt"))
    Trend(direction='worsening', slope_per_day=-0.002, days_to_breach=11)
    """
    known = [(d, v) for d, v in points if v is not None][-TREND_DAYS:]
    if target is None or len(known) < MIN_TREND_POINTS:
        return Trend("unknown", None, None)
    first = known[0][0]
    xs = [(d - first).days for d, _ in known]
    ys = [v for _, v in known]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    slope = round(slope, 12)
    current = ys[-1]
    worsening = slope > 0 if target.upper else slope < 0
    # what the rate may move before it misses, as closeness measures it: up to an upper
    # limit, the limit; down to a lower limit on a rate, the shortfall allowed (5 points for
    # a 95% target, not 95: a tracking rate losing a point a week is not steady)
    room = target.value if target.upper or target.unit != "rate" else 1 - target.value
    scale = max(abs(room), 1e-6)
    if abs(slope) * TREND_DAYS < 0.05 * scale:
        direction = "steady"
    else:
        direction = "worsening" if worsening else "improving"
    if target.breached(current):
        return Trend(direction, slope, 0)
    if direction != "worsening":
        return Trend(direction, slope, None)
    gap = abs(target.value - current)
    return Trend(direction, slope, max(1, math.ceil(gap / abs(slope) - 1e-9)))


# A band of the Account Health Rating, as the metric statuses say it.
BAND_STATUS = {"healthy": "good", "at_risk": "at_risk", "unhealthy": "breach"}


def rating_band(rating: HealthRating | None, score: float | None) -> str | None:
    """The pack's band of an Account Health Rating score (Amazon: ≥ 200 healthy, 100–199 at
    risk, below 100 unhealthy), or None for a score outside 0 … max_score or none at all.

    >>> from reinstate.policies.loader import load_policies
    >>> ahr = load_policies()["amazon"].account_health_rating
    >>> [rating_band(ahr, s) for s in (1000, 200, 199.5, 100, 99, 0, 1001, None)]
    ['healthy', 'healthy', 'at_risk', 'at_risk', 'unhealthy', 'unhealthy', None, None]
    """
    if rating is None or score is None or not 0 <= score <= rating.max_score:
        return None
    for band in sorted(rating.bands, key=lambda b: b.min_score, reverse=True):
        if score >= band.min_score:
            return band.status
    return None
