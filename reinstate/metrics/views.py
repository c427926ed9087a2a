"""Read models of account health metrics: the organisation's overview, an account's cards, one
metric's history and breakdown, and what an import read. Rows keep the SPEC §6 names of
``metrics compute`` (``account_id, metric, window_days, numerator, denominator, rate, target,
status``).

Example::

    cards = MetricCards.model_validate(service.account_metrics(wb, actor, account_id))
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict

from ..views import View

Number = int | float  # counts stay integers in JSON, rates fractions


class MetricRow(View):
    """One metric over one window on one day, judged against its target."""

    account_id: str | int | None
    metric: str
    window_days: int
    numerator: Number | None
    denominator: Number | None
    rate: Number | None
    target: Number | None
    status: str  # good | at_risk | breach | no_data
    as_of: str | None = None
    comparator: str | None = None
    target_platform: str | None = None
    note: str | None = None
    missing_columns: list[str] = []
    not_computable: bool = False  # a column it needs every one of is absent (note says which)
    name: dict[str, str] | None = None  # the platform's own name for it: {"en": …, "zh": …}


class Trend(View):
    direction: str | None
    slope_per_day: Number | None
    days_to_breach: Number | None


class DayValue(View):
    day: str
    rate: Number | None
    status: str | None = None
    numerator: Number | None = None  # the day's counts the rate is of
    denominator: Number | None = None


class MetricCard(MetricRow):
    trend: Trend
    series: list[DayValue]


class AccountRisk(View):
    account_key: str
    account_id: int | None  # None: in the files, but not linked to a seller account
    store_name: str | None
    platform: str | None
    breaches: int
    at_risk: int
    good: int
    worst: MetricRow | None
    closeness: Number
    as_of: str | None = None  # the account's own day: the last of the latest import of its orders


class MetricsOverview(View):
    as_of: str | None
    accounts: list[AccountRisk]
    unlinked: int


class ReportedMetric(View):
    metric: str
    fulfilment: str | None
    window_days: int | None
    numerator: Number | None
    denominator: Number | None
    rate: Number | None
    target: Number | None
    status: str
    platform_status: str | None
    platform_said: str = "no_data"  # Amazon's word on it as our status (good, at_risk, breach)
    platform_target: Number | None
    band: str | None = None  # the Account Health Rating's band: healthy, at_risk, unhealthy


class Reported(View):
    day: str
    source: str
    account_status: str | None = None  # Amazon's account status as it wrote it (AT_RISK …)
    policy_defects: dict[str, int] = {}  # policy section (listingPolicyViolations …) → defects
    warnings: list[str] = []  # Amazon's warning types, as it wrote them
    metrics: list[ReportedMetric]


class MetricCards(View):
    account_id: int
    store_name: str
    platform: str
    account_key: str
    as_of: str | None
    cards: list[MetricCard]
    reported: Reported | None


class HistoryWindow(View):
    window_days: int
    target: Number | None
    status: str
    trend: Trend
    values: list[DayValue]


class ReportedDay(View):
    day: str
    fulfilment: str | None
    window_days: int | None
    rate: Number | None
    platform_status: str | None


class MetricHistory(View):
    account_id: int
    metric: str
    as_of: str | None
    days: int
    windows: list[HistoryWindow]
    reported: list[ReportedDay]


class MetricBreakdown(View):
    account_id: int
    metric: str
    window_days: int
    as_of: str
    by: str
    numerator: Number | None
    denominator: Number | None
    rate: Number | None
    # what each row's numerator counts: the metric's ("numerator"), or for a rate whose target
    # is a lower limit the orders that missed it ("missed", counted_orders of them)
    counted: str = "numerator"
    counted_orders: Number | None = None
    rows: list[dict[str, Any]]


class MetricsImport(View):
    """What an import read: an order file (``import_id`` … ``columns``) or an account health
    report (``account_id`` … ``policy_defects``); the fields of the other kind are absent."""

    model_config = ConfigDict(extra="allow")
    import_id: int | None = None
    as_of: str | None = None
    profile: str | None = None
    rows: int | None = None
    orders: int | None = None
    accounts: Any = None
    bad_rows: int | None = None
    unread_cells: int | None = None  # cells of rows kept that were not read, left unknown
    account_id: int | None = None
    day: str | None = None
    account_status: str | None = None
