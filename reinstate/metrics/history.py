"""Reading an organisation's metrics: an account's cards, one metric's daily values, and the
riskiest accounts first, judged from the daily history of the latest import (and the reports
the platform itself gave).

Example::

    view = account_metrics(wb, actor, account_id, days=30)
    view["cards"][0]  # {"metric", "window_days", "rate", "target", "status", "trend", "series"}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.service import account_names, get_account
from ..auth.actor import Actor
from ..storage.tables import Event, MetricImport, MetricSnapshot, SellerAccount
from ..tenancy import restricted
from ..workbench import Workbench
from .compute import Judged, judge, target_for
from .definitions import DEFAULT_HISTORY_DAYS, DEFINITIONS
from .judge import BAND_STATUS, TREND_DAYS, rating_band, status, trend
from .kept import (
    AS_OF_BY_ACCOUNT,
    COLUMNS_BY_DAY,
    account_as_of,
    account_columns,
    account_key,
    check_days,
    check_metric,
    latest_import,
    metrics_dir,
)
from .spapi import amazon_status


def _history(
    wb: Workbench,
    found: MetricImport,
    keys: list[str] | None,
    since: date,
    metric: str | None = None,
    on: set[date] | None = None,
) -> list[Judged]:
    """The judged daily values of ``keys`` (every account when None) from ``since`` (only the
    days ``on``, when given)."""
    path = metrics_dir(wb, found.org_id) / found.history_file
    if keys == [] or not path.exists():
        return []
    filters: list[Any] = [("day", ">=", since)]
    if on is not None:
        filters.append(("day", "in", sorted(on)))
    if keys is not None:
        filters.append(("account_id", "in", keys))
    if metric is not None:
        filters.append(("metric", "=", metric))
    table = pq.read_table(path, filters=filters)
    if len(found.report.get(COLUMNS_BY_DAY) or {}) <= 1:
        return judge(wb.policies, table, frozenset(found.report.get("columns", [])))
    # accounts brought by different imports: each judged with the columns its orders carried
    groups: dict[frozenset[str], list[str]] = defaultdict(list)
    for key in pc.unique(table["account_id"]).to_pylist():
        groups[frozenset(account_columns(found, key))].append(key)
    judged: list[Judged] = []
    for columns, group in groups.items():
        part = table.filter(pc.is_in(table["account_id"], value_set=pa.array(group, pa.string())))
        judged.extend(judge(wb.policies, part, columns))
    return judged


def _cards(judged: list[Judged], days: int) -> list[dict[str, Any]]:
    """One card per metric and window: the latest value judged, its trend (fitted to the last
    :data:`TREND_DAYS` days however few are shown) and its series of the last ``days`` days."""
    series: dict[tuple[str, int], list[Judged]] = defaultdict(list)
    for item in sorted(judged, key=lambda j: j.day):
        series[(item.metric, item.window_days)].append(item)
    order = list(DEFINITIONS)
    cards = []
    for _, items in sorted(series.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1])):
        fitted = trend([(j.day, j.rate) for j in items], items[-1].target)
        cards.append(
            {
                **items[-1].row(),
                "trend": {
                    "direction": fitted.direction,
                    "slope_per_day": fitted.slope_per_day,
                    "days_to_breach": fitted.days_to_breach,
                },
                # each day's counts beside its rate: 0.5 of 2 orders is not 0.5 of 2,000
                "series": [
                    {
                        "day": j.day.isoformat(),
                        "rate": j.rate,
                        "status": j.status,
                        "numerator": j.numerator,
                        "denominator": j.denominator,
                    }
                    for j in items[-days:]
                ],
            }
        )
    return cards


def _account_cards(
    wb: Workbench, actor: Actor, account_id: int, days: int, metric: str | None = None
) -> tuple[SellerAccount, MetricImport | None, list[dict[str, Any]]]:
    """The account, the organisation's latest import, and the account's cards of ``days`` days
    (with enough days behind them for the trend)."""
    check_days(days)
    store = get_account(wb, actor, account_id)
    found = latest_import(wb, actor)
    cards: list[dict[str, Any]] = []
    if found is not None:
        since = account_as_of(found, account_key(store)) - timedelta(max(days, TREND_DAYS) - 1)
        cards = _cards(_history(wb, found, [account_key(store)], since, metric=metric), days)
    return store, found, cards


def _as_of(found: MetricImport | None, store: SellerAccount) -> str | None:
    return account_as_of(found, account_key(store)).isoformat() if found else None


def account_metrics(
    wb: Workbench, actor: Actor, account_id: int, *, days: int = DEFAULT_HISTORY_DAYS
) -> dict[str, Any]:
    """An account's cards (latest value, target, status, trend, days to breach, series) from its
    orders, and the latest report the platform itself gave."""
    store, found, cards = _account_cards(wb, actor, account_id, days)
    return {
        "account_id": store.id,
        "store_name": store.store_name,
        "platform": store.platform,
        "account_key": account_key(store),
        "as_of": _as_of(found, store),
        "cards": cards,
        "reported": _reported(wb, store),
    }


def _reported(
    wb: Workbench, store: SellerAccount, day: date | None = None
) -> dict[str, Any] | None:
    """The account's latest report (or the report of ``day``), judged against the pack."""
    with wb.db.reading() as session:
        last = day or session.scalar(
            select(MetricSnapshot.day)
            .where(MetricSnapshot.account_id == store.id)
            .order_by(MetricSnapshot.day.desc())
            .limit(1)
        )
        if last is None:
            return None
        rows = list(
            session.scalars(
                select(MetricSnapshot)
                .where(MetricSnapshot.account_id == store.id, MetricSnapshot.day == last)
                .order_by(MetricSnapshot.metric, MetricSnapshot.fulfilment)
            )
        )
    metrics = []
    recorded = _report_import(wb, store, last)
    pack = wb.policies.get(store.platform)
    rating = pack.account_health_rating if pack else None
    for row in rows:
        target = target_for(wb.policies, store.platform, row.metric)
        band = rating_band(rating, row.rate) if row.metric == "account_health_rating" else None
        rate = row.rate
        if row.metric == "account_health_rating" and rating and rate is not None and not band:
            rate = None  # a score off the rating's scale (5000 of 1000, -5) is no score
        metrics.append(
            {
                "band": band,
                "metric": row.metric,
                "fulfilment": row.fulfilment,
                "window_days": row.window_days,
                "numerator": row.numerator,
                "denominator": row.denominator,
                "rate": rate,
                "target": target.value if target else row.platform_target,
                "comparator": target.comparator if target else None,
                "status": BAND_STATUS[band]
                if band
                else (
                    status(row.rate, target)
                    if target
                    # a rating without a score: Amazon's word on it (GREAT, WARNED)
                    else amazon_status(row.platform_status)
                    if row.metric == "account_health_rating"
                    else "no_data"
                ),
                "platform_status": row.platform_status,
                # Amazon's word on it as our status (no_data: none, or a word we do not know)
                "platform_said": amazon_status(row.platform_status),
                "platform_target": row.platform_target,
            }
        )
    return {
        "day": last.isoformat(),
        "source": "sp-api",
        "account_status": str(recorded.get("account_status") or "") or None,
        # sections with defects (reports imported before these were recorded show none)
        "policy_defects": {
            str(k): v for k, v in (recorded.get("policy_defects") or {}).items() if v
        },
        "warnings": [str(w) for w in recorded.get("warnings") or []],
        "metrics": metrics,
    }


def _report_import(wb: Workbench, store: SellerAccount, day: date) -> dict[str, Any]:
    """What the import of the account's last report of ``day`` recorded of it: Amazon's
    account status (NORMAL, AT_RISK …), its policy defects and warnings."""
    with wb.db.reading() as session:
        return reported_imports(session, {store.id: day}).get(store.id) or {}


def reported_account_statuses(session: Session, days: dict[int, date]) -> dict[int, str | None]:
    """Amazon's account status in each account's last report of its day (``days``: account →
    day), as the import recorded it."""
    return {
        account_id: str(after.get("account_status") or "") or None
        for account_id, after in reported_imports(session, days).items()
    }


def reported_imports(session: Session, days: dict[int, date]) -> dict[int, dict[str, Any]]:
    """What the import of each account's last report of its day recorded (``days``: account →
    day). The imports are read newest first, and only until every account's is found."""
    found: dict[int, dict[str, Any]] = {}
    if not days:
        return found
    newest = session.execute(
        select(Event.account_id, Event.after)
        .where(Event.name == "metrics.health_report", Event.account_id.in_(list(days)))
        .order_by(Event.id.desc())
    )
    for account_id, after in newest:
        if account_id in found or account_id is None:
            continue
        if after and after.get("day") == days[account_id].isoformat():
            found[account_id] = dict(after)
            if len(found) == len(days):
                break
    return found


def latest_report_days(session: Session, accounts: Iterable[int]) -> dict[int, date]:
    """Each account's day of its latest account health report (accounts without one left out)."""
    rows = session.execute(
        select(MetricSnapshot.account_id, func.max(MetricSnapshot.day))
        .where(MetricSnapshot.account_id.in_(list(accounts)))
        .group_by(MetricSnapshot.account_id)
    )
    return {account_id: day for account_id, day in rows if day is not None}


def history(
    wb: Workbench,
    actor: Actor,
    account_id: int,
    metric: str,
    *,
    days: int = DEFAULT_HISTORY_DAYS,
    window: int | None = None,
) -> dict[str, Any]:
    """One metric's daily values for an account: from its orders, and as the platform reported
    it on the days a report was imported."""
    check_metric(metric)
    store, found, cards = _account_cards(wb, actor, account_id, days, metric)
    with wb.db.reading() as session:
        reported = [
            {
                "day": s.day.isoformat(),
                "fulfilment": s.fulfilment,
                "window_days": s.window_days,
                "rate": s.rate,
                "platform_status": s.platform_status,
            }
            for s in session.scalars(
                select(MetricSnapshot)
                .where(MetricSnapshot.account_id == store.id, MetricSnapshot.metric == metric)
                .order_by(MetricSnapshot.day)
            )
            if window is None or s.window_days == window
        ]
    return {
        "account_id": store.id,
        "metric": metric,
        "as_of": _as_of(found, store),
        "days": days,
        "windows": [
            {
                "window_days": c["window_days"],
                "target": c["target"],
                "status": c["status"],
                "trend": c["trend"],
                "values": c["series"],
            }
            for c in cards
            if window is None or c["window_days"] == window
        ],
        "reported": reported,
    }


def overview(wb: Workbench, actor: Actor) -> dict[str, Any]:
    """Every account with metrics, riskiest first: most breaches, then most at risk, then the
    value closest to its target."""
    found = latest_import(wb, actor)
    by_key = {account_key(s): s for s in account_names(wb, actor)}
    if found is None:
        return {"as_of": None, "accounts": [], "unlinked": 0}
    # a client sees the accounts given to them; everyone else every account in the files.
    # Each account is judged on its own day (an import of other stores does not move it).
    kept = {key: date.fromisoformat(d) for key, d in found.report.get(AS_OF_BY_ACCOUNT, {}).items()}
    on = {found.as_of, *kept.values()}
    judged = _history(wb, found, list(by_key) if restricted(actor) else None, min(on), on=on)
    per_account: dict[str, list[Judged]] = defaultdict(list)
    for item in judged:
        if item.day == kept.get(item.account_id, found.as_of):
            per_account[item.account_id].append(item)
    accounts = []
    for key, items in per_account.items():
        store = by_key.get(key)
        counts = {s: sum(1 for i in items if i.status == s) for s in ("breach", "at_risk", "good")}
        worst = max(items, key=_closeness)
        accounts.append(
            {
                "account_key": key,
                "as_of": items[0].day.isoformat(),
                "account_id": store.id if store else None,
                "store_name": store.store_name if store else None,
                "platform": store.platform if store else items[0].platform,
                "breaches": counts["breach"],
                "at_risk": counts["at_risk"],
                "good": counts["good"],
                "worst": worst.row() if worst.rate is not None else None,
                "closeness": round(_closeness(worst), 4),
            }
        )
    accounts.sort(key=_riskiest_first)
    linked = [a for a in accounts if a["account_id"] is not None]
    return {
        "as_of": max([found.as_of, *kept.values()]).isoformat(),
        "accounts": linked + [a for a in accounts if a["account_id"] is None],
        "unlinked": len(accounts) - len(linked),
    }


def _riskiest_first(account: dict[str, Any]) -> tuple[int, int, float, str]:
    return (
        -int(account["breaches"]),
        -int(account["at_risk"]),
        -float(account["closeness"]),
        str(account["account_key"]),
    )


def _closeness(item: Judged) -> float:
    if item.rate is None or item.target is None:
        return -1.0
    return item.target.closeness(item.rate)
