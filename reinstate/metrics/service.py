"""Metrics kept per organisation: imports of order data and platform reports, the daily
history, each account's cards, the organisation's risk list and the root-cause breakdowns.

Files live under ``<data_dir>/metrics/org-<id>/``: the organisation's canonical orders (every
import merged, a re-imported order replacing its earlier row) and their daily history, written
beside the current ones and renamed into place before the import row that names them is
committed. A seller account's orders are those whose ``account_id`` is its seller id (or
``store-<id>`` when it has none).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
from filelock import FileLock, Timeout
from sqlalchemy import delete, select

from ..accounts.service import get_account, list_accounts
from ..auth.actor import Actor
from ..errors import N_, Conflict, InvalidInput, NotFound
from ..events import record
from ..storage.tables import MetricImport, MetricSnapshot, SellerAccount
from ..tenancy import restricted, visible
from ..validation import clean_choice
from ..workbench import Workbench
from .compute import Judged, judge, target_for, windows
from .definitions import DEFAULT_HISTORY_DAYS, DEFINITIONS, MAX_HISTORY_DAYS
from .engine import REFERENCE_OF, DuckDB, Engine, facts_sql, literal, window_values
from .importer import Normalised, normalise
from .judge import TREND_DAYS, rate, status, trend
from .profiles import Mapping, Progress, open_source
from .spapi import parse_report

BREAKDOWNS = ("carrier", "sku", "destination", "week", "component")
BREAKDOWN_ROWS = 20


def metrics_dir(wb: Workbench, org_id: int) -> Path:
    return wb.settings.data_dir / "metrics" / f"org-{org_id}"


def account_key(account: SellerAccount) -> str:
    return account.seller_id or f"store-{account.id}"


def _check_days(days: int) -> None:
    if not 1 <= days <= MAX_HISTORY_DAYS:
        raise InvalidInput(
            N_("Days must be from 1 to {limit}."), field="days", limit=MAX_HISTORY_DAYS
        )


def _check_metric(metric: str) -> None:
    clean_choice(metric, "metric", tuple(DEFINITIONS))


def latest_import(wb: Workbench, actor: Actor) -> MetricImport | None:
    with wb.db.reading() as session:
        return session.scalar(
            select(MetricImport)
            .where(visible(actor, MetricImport))
            .order_by(MetricImport.id.desc())
            .limit(1)
        )


# -- import ---------------------------------------------------------------------------------


def import_orders(
    wb: Workbench,
    actor: Actor,
    *,
    profile: str,
    path: Path,
    filename: str | None = None,
    mapping: Mapping | None = None,
    account_id: int | None = None,
    timezone: str | None = None,
    as_of: date | None = None,
    days: int = DEFAULT_HISTORY_DAYS,
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> tuple[MetricImport, Normalised]:
    """Import a source into the organisation's orders and recompute the daily history.

    ``account_id`` (a seller account) gives every row to that account, for exports such as
    Amazon's that do not name the seller. ``as_of`` defaults to the last day with orders, or
    today if that is later than today."""
    actor.require_change()
    _check_days(days)
    key = account_key(get_account(wb, actor, account_id)) if account_id is not None else None
    opened = open_source(profile, path, mapping=mapping, account_id=key, timezone=timezone)
    folder = metrics_dir(wb, actor.org_id)
    folder.mkdir(parents=True, exist_ok=True)
    with _one_import_at_a_time(folder):
        token = uuid.uuid4().hex
        new_orders = folder / f"import-{token}.parquet"
        merged = folder / f"orders-{token}.parquet"
        history_path = folder / f"history-{token}.parquet"
        previous = latest_import(wb, actor)
        written = [new_orders, merged, history_path]
        try:
            normalised = normalise(opened, new_orders, progress=progress)
            last_day = _merge(
                new_orders, folder / previous.orders_file if previous else None, merged
            )
            new_orders.unlink()
            as_of = as_of or min(last_day, wb.clock.now().date())
            history = window_values(
                engine or DuckDB(), [merged], as_of, days=days, windows=windows(wb.policies)
            )
            pq.write_table(history, history_path, compression="zstd")
            with wb.db.transaction() as session:
                row = MetricImport(
                    org_id=actor.org_id,
                    profile=profile,
                    filename=(filename or path.name)[:255],
                    sha256=opened.digest(),
                    as_of=as_of,
                    history_days=days,
                    rows=normalised.rows,
                    orders=normalised.orders,
                    bad_rows=normalised.bad_rows,
                    report=normalised.report(),
                    orders_file=merged.name,
                    history_file=history_path.name,
                    author_id=actor.user_id,
                    created_at=wb.clock.now(),
                )
                session.add(row)
                session.flush()
                record(
                    session,
                    actor,
                    wb.clock,
                    "metrics.imported",
                    account_id=account_id,
                    subject=row.filename,
                    after={
                        "profile": profile,
                        "orders": normalised.orders,
                        "bad_rows": normalised.bad_rows,
                        "as_of": as_of.isoformat(),
                    },
                )
        except BaseException:
            for leftover in written:
                leftover.unlink(missing_ok=True)
            raise
        if previous is not None:  # superseded: the new files hold everything they held
            (folder / previous.orders_file).unlink(missing_ok=True)
            (folder / previous.history_file).unlink(missing_ok=True)
        return row, normalised


@contextmanager
def _one_import_at_a_time(folder: Path) -> Iterator[None]:
    """An organisation's imports each merge into its latest orders: two at once would each
    miss the other's. One at a time, across processes (the command line and the web); another
    is refused rather than left waiting behind a long one."""
    lock = FileLock(folder / ".import.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout as exc:
        raise Conflict(
            N_("Another import of this organisation's orders is running; try again when it ends.")
        ) from exc
    try:
        yield
    finally:
        lock.release()


def _merge(new: Path, old: Path | None, target: Path) -> date:
    """Write ``new``'s orders and those of ``old`` that ``new`` does not repeat to ``target``;
    returns the last day with an order."""
    connection = duckdb.connect(config={"memory_limit": "1GB"})
    try:
        source = f"SELECT * FROM read_parquet({literal(str(new))})"
        if old is not None and old.exists():
            source += (
                f" UNION ALL BY NAME SELECT o.* FROM read_parquet({literal(str(old))}) o"
                f" ANTI JOIN read_parquet({literal(str(new))}) n"
                " ON o.account_id = n.account_id AND o.order_id = n.order_id"
            )
        connection.execute(
            f"COPY ({source}) TO {literal(str(target))} (FORMAT PARQUET, COMPRESSION ZSTD)"
        )
        found = connection.execute(
            f"SELECT CAST(max(purchase_ts) AS DATE) FROM read_parquet({literal(str(target))})"
        ).fetchone()
    finally:
        connection.close()
    if found is None or found[0] is None:
        raise InvalidInput(N_("The file holds no orders."), field="source")
    day: date = found[0]
    return day


def import_health_report(
    wb: Workbench,
    actor: Actor,
    account_id: int,
    data: bytes,
    *,
    marketplace: str | None = None,
    day: date | None = None,
) -> dict[str, Any]:
    """Keep an Amazon account health report as the account's snapshot of its day (the latest
    end of the report's ranges unless ``day`` is given); a second report of a day replaces it."""
    actor.require_change()
    store = get_account(wb, actor, account_id)
    if store.platform != "amazon":
        raise InvalidInput(
            N_("An Amazon account health report belongs to an Amazon account."),
            field="account",
        )
    report = parse_report(data, marketplace or store.marketplace or None)
    day = day or report.day or wb.clock.now().date()
    now = wb.clock.now()
    with wb.db.transaction() as session:
        session.execute(
            delete(MetricSnapshot).where(
                MetricSnapshot.account_id == store.id, MetricSnapshot.day == day
            )
        )
        for snapshot in report.snapshots:
            session.add(
                MetricSnapshot(
                    org_id=actor.org_id,
                    account_id=store.id,
                    day=day,
                    metric=snapshot.metric,
                    fulfilment=snapshot.fulfilment,
                    window_days=snapshot.window_days,
                    numerator=snapshot.numerator,
                    denominator=snapshot.denominator,
                    rate=snapshot.rate,
                    platform_status=snapshot.platform_status,
                    platform_target=snapshot.platform_target,
                    source="sp-api",
                    created_at=now,
                )
            )
        record(
            session,
            actor,
            wb.clock,
            "metrics.health_report",
            account_id=store.id,
            subject=store.store_name,
            after={"day": day.isoformat(), "account_status": report.account_status},
        )
    return {
        "account_id": store.id,
        "day": day.isoformat(),
        "marketplace_id": report.marketplace_id,
        "account_status": report.account_status,
        "warnings": report.warnings,
        "policy_defects": report.policy_defects,
        "metrics": len(report.snapshots),
    }


# -- reading ----------------------------------------------------------------------------------


def _history(
    wb: Workbench,
    found: MetricImport,
    keys: list[str] | None,
    since: date,
    metric: str | None = None,
) -> list[Judged]:
    """The judged daily values of ``keys`` (every account when None) from ``since``."""
    path = metrics_dir(wb, found.org_id) / found.history_file
    if keys == [] or not path.exists():
        return []
    filters: list[Any] = [("day", ">=", since)]
    if keys is not None:
        filters.append(("account_id", "in", keys))
    if metric is not None:
        filters.append(("metric", "=", metric))
    table = pq.read_table(path, filters=filters)
    return judge(wb.policies, table, frozenset(found.report.get("columns", [])))


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
                "series": [
                    {"day": j.day.isoformat(), "rate": j.rate, "status": j.status}
                    for j in items[-days:]
                ],
            }
        )
    return cards


def account_metrics(
    wb: Workbench, actor: Actor, account_id: int, *, days: int = DEFAULT_HISTORY_DAYS
) -> dict[str, Any]:
    """An account's cards (latest value, target, status, trend, days to breach, series) from its
    orders, and the latest report the platform itself gave."""
    _check_days(days)
    store = get_account(wb, actor, account_id)
    found = latest_import(wb, actor)
    cards: list[dict[str, Any]] = []
    if found is not None:
        since = found.as_of - timedelta(max(days, TREND_DAYS) - 1)
        cards = _cards(_history(wb, found, [account_key(store)], since), days)
    return {
        "account_id": store.id,
        "store_name": store.store_name,
        "platform": store.platform,
        "account_key": account_key(store),
        "as_of": found.as_of.isoformat() if found else None,
        "cards": cards,
        "reported": _reported(wb, store),
    }


def _reported(wb: Workbench, store: SellerAccount) -> dict[str, Any] | None:
    with wb.db.reading() as session:
        last = session.scalar(
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
    for row in rows:
        target = target_for(wb.policies, store.platform, row.metric)
        metrics.append(
            {
                "metric": row.metric,
                "fulfilment": row.fulfilment,
                "window_days": row.window_days,
                "numerator": row.numerator,
                "denominator": row.denominator,
                "rate": row.rate,
                "target": target.value if target else row.platform_target,
                "status": status(row.rate, target) if target else "no_data",
                "platform_status": row.platform_status,
                "platform_target": row.platform_target,
            }
        )
    return {"day": last.isoformat(), "source": "sp-api", "metrics": metrics}


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
    _check_metric(metric)
    _check_days(days)
    store = get_account(wb, actor, account_id)
    found = latest_import(wb, actor)
    cards: list[dict[str, Any]] = []
    if found is not None:
        since = found.as_of - timedelta(max(days, TREND_DAYS) - 1)
        cards = _cards(_history(wb, found, [account_key(store)], since, metric=metric), days)
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
        ]
    return {
        "account_id": store.id,
        "metric": metric,
        "as_of": found.as_of.isoformat() if found else None,
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
    by_key = {account_key(s): s for s in list_accounts(wb, actor)}
    if found is None:
        return {"as_of": None, "accounts": [], "unlinked": 0}
    # a client sees the accounts given to them; everyone else every account in the files
    judged = _history(wb, found, list(by_key) if restricted(actor) else None, found.as_of)
    per_account: dict[str, list[Judged]] = defaultdict(list)
    for item in judged:
        per_account[item.account_id].append(item)
    accounts = []
    for key, items in per_account.items():
        store = by_key.get(key)
        counts = {s: sum(1 for i in items if i.status == s) for s in ("breach", "at_risk", "good")}
        worst = max(items, key=_closeness)
        accounts.append(
            {
                "account_key": key,
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
        "as_of": found.as_of.isoformat(),
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


# -- breakdown --------------------------------------------------------------------------------

# a breakdown -> the value each counted order is filed under (``{day}``: the reference day)
_DIMENSIONS = {
    "carrier": "COALESCE(carrier, '')",
    "destination": "COALESCE(destination_country, '')",
    "week": "CAST(CAST(date_trunc('week', {day}) AS DATE) AS VARCHAR)",
    # an order of several SKUs is filed under each of them
    "sku": "UNNEST(CASE WHEN len(skus) = 0 THEN [NULL] ELSE skus END)",
}
# the ODR's parts: an order may have several, so their counts may add up to more than its defects
_COMPONENTS = {
    "negative_feedback": "negative",
    "a_to_z_claim": "CASE WHEN a_to_z_claim THEN 1 ELSE 0 END",
    "chargeback": "CASE WHEN chargeback THEN 1 ELSE 0 END",
}


def breakdown(
    wb: Workbench,
    actor: Actor,
    account_id: int,
    metric: str,
    by: str,
    *,
    window: int | None = None,
) -> dict[str, Any]:
    """Which carriers, SKUs, destinations, weeks (or, for the ODR, which components) the
    metric's counted orders fall in, with counts and shares, over the window ending on the
    last import's day."""
    _check_metric(metric)
    if by not in BREAKDOWNS or (by == "component" and metric != "odr"):
        raise InvalidInput(
            N_("A breakdown is by carrier, sku, destination or week (component: odr only)."),
            field="by",
        )
    store = get_account(wb, actor, account_id)
    found = latest_import(wb, actor)
    if found is None:
        raise NotFound(N_("No orders have been imported yet."))
    size = window_of(wb, store, metric, window)
    total_n, total_d, tables = breakdowns(wb, found, store, metric, size, (by,))
    return {
        "account_id": store.id,
        "metric": metric,
        "window_days": size,
        "as_of": found.as_of.isoformat(),
        "by": by,
        "numerator": total_n,
        "denominator": total_d,
        "rate": rate(total_n, total_d),
        "rows": tables[by],
    }


def window_of(wb: Workbench, store: SellerAccount, metric: str, window: int | None) -> int:
    """``window``, if the packs compute the metric over it, else the account's pack's first."""
    sizes = windows(wb.policies).get(metric, ())
    target = target_for(wb.policies, store.platform, metric)
    size = window or (
        wb.policies[target.platform].metrics[metric].windows[0] if target else sizes[0]
    )
    if size not in sizes:
        raise InvalidInput(
            N_("{metric} is computed over {windows} days."),
            field="window",
            metric=metric,
            windows=", ".join(map(str, sizes)),
        )
    return size


def breakdowns(
    wb: Workbench,
    found: MetricImport,
    store: SellerAccount,
    metric: str,
    size: int,
    bys: tuple[str, ...],
    *,
    missed: bool = False,
) -> tuple[int, int, dict[str, list[dict[str, Any]]]]:
    """The metric's numerator and denominator for the account over ``size`` days to the
    import's day, and its rows by each of ``bys``, reading the account's orders once.
    ``missed`` counts the orders that missed instead (for a rate that should be high, the
    denominator's orders not in the numerator)."""
    definition = DEFINITIONS[metric]
    num, den = definition.numerator, definition.denominator
    if missed:
        num = f"({den} - {num})"
    day = REFERENCE_OF[definition.reference].day
    facts = facts_sql(found.as_of - timedelta(days=size - 1), found.as_of)
    orders = metrics_dir(wb, found.org_id) / found.orders_file
    connection = DuckDB().connect([orders])
    tables: dict[str, list[dict[str, Any]]] = {}
    try:
        # the account's orders that the metric counts in the window, read once
        connection.execute(
            f"CREATE TEMP TABLE counted AS WITH facts AS ({facts}) SELECT * FROM facts "
            f"WHERE account_id = {literal(account_key(store))} AND {day} IS NOT NULL"
        )
        totals = connection.execute(
            f"SELECT COALESCE(SUM({num}), 0), COALESCE(SUM({den}), 0) FROM counted"
        ).fetchone()
        total_n, total_d = (int(totals[0]), int(totals[1])) if totals else (0, 0)
        for by in bys:
            if by == "component":
                sums = ", ".join(f"COALESCE(SUM({e}), 0)" for e in _COMPONENTS.values())
                parts = connection.execute(f"SELECT {sums} FROM counted").fetchone() or ()
                found_rows = [(k, n, total_d) for k, n in zip(_COMPONENTS, parts, strict=True)]
            else:
                value = _DIMENSIONS[by].format(day=day)
                weekly = by == "week"
                order = "value" if weekly else "n DESC, d DESC, value"
                found_rows = connection.execute(
                    f"SELECT value, SUM({num}) AS n, SUM({den}) AS d "
                    f"FROM (SELECT *, {value} AS value FROM counted) GROUP BY value "
                    f"ORDER BY {order} LIMIT {60 if weekly else BREAKDOWN_ROWS}"
                ).fetchall()
            tables[by] = [
                {
                    "value": value,
                    "numerator": int(n or 0),
                    "denominator": int(d or 0),
                    "rate": rate(int(n or 0), int(d or 0)),
                    "share": (int(n or 0) / total_n) if total_n else None,
                }
                for value, n, d in found_rows
            ]
    finally:
        connection.close()
    return total_n, total_d, tables
