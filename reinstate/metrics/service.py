"""Metrics kept per organisation: imports of order data and platform reports, the daily
history, each account's cards, the organisation's risk list and the root-cause breakdowns.

Files live under ``<data_dir>/metrics/org-<id>/``: the organisation's canonical orders (every
import merged, a re-imported order replacing its earlier row) and their daily history, written
beside the current ones and renamed into place before the import row that names them is
committed. A seller account's orders are those whose ``account_id`` is its seller id (or
``store-<id>`` when it has none).
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import jinja2
import pyarrow.parquet as pq
from sqlalchemy import delete, select

from ..auth.actor import Actor
from ..errors import N_, InvalidInput, NotFound
from ..events import record
from ..storage.tables import MetricImport, MetricSnapshot, SellerAccount
from ..tenancy import assigned_to
from ..workbench import Workbench
from .compute import Judged, judge, target_for, windows
from .definitions import DEFAULT_HISTORY_DAYS, DEFINITIONS, MAX_HISTORY_DAYS
from .engine import SQL_DIR, DuckDB, Engine, window_values
from .importer import Normalised, normalise
from .judge import Target, rate, status, trend
from .profiles import Mapping, Progress, open_source
from .spapi import parse_report

BREAKDOWNS = ("carrier", "sku", "destination", "week", "component")
BREAKDOWN_ROWS = 20


def metrics_dir(wb: Workbench, org_id: int) -> Path:
    return wb.settings.data_dir / "metrics" / f"org-{org_id}"


def account_key(account: SellerAccount) -> str:
    return account.seller_id or f"store-{account.id}"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _stores(wb: Workbench, actor: Actor) -> list[SellerAccount]:
    query = select(SellerAccount).where(
        SellerAccount.org_id == actor.org_id, SellerAccount.deleted_at.is_(None)
    )
    if actor.is_client:
        query = query.where(SellerAccount.id.in_(assigned_to(actor)))
    with wb.db.reading() as session:
        return list(session.scalars(query.order_by(SellerAccount.store_name)))


def _store(wb: Workbench, actor: Actor, account_id: int) -> SellerAccount:
    for store in _stores(wb, actor):
        if store.id == account_id:
            return store
    raise NotFound(N_("There is no seller account {id}."), id=account_id)


def latest_import(wb: Workbench, actor: Actor) -> MetricImport | None:
    with wb.db.reading() as session:
        return session.scalar(
            select(MetricImport)
            .where(MetricImport.org_id == actor.org_id)
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
    if not 1 <= days <= MAX_HISTORY_DAYS:
        raise InvalidInput(
            N_("Days must be from 1 to {limit}."), field="days", limit=MAX_HISTORY_DAYS
        )
    key = account_key(_store(wb, actor, account_id)) if account_id is not None else None
    opened = open_source(profile, path, mapping=mapping, account_id=key, timezone=timezone)
    folder = metrics_dir(wb, actor.org_id)
    folder.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    new_orders = folder / f"import-{token}.parquet"
    merged = folder / f"orders-{token}.parquet"
    history_path = folder / f"history-{token}.parquet"
    previous = latest_import(wb, actor)
    written = [new_orders, merged, history_path]
    try:
        normalised = normalise(opened, new_orders, progress=progress)
        _merge(new_orders, folder / previous.orders_file if previous else None, merged)
        new_orders.unlink()
        as_of = as_of or min(_last_day(merged), wb.clock.now().date())
        history = window_values(
            engine or DuckDB(), [merged], as_of, days=days, windows=windows(wb.policies)
        )
        pq.write_table(history, history_path, compression="zstd")
        with wb.db.transaction() as session:
            row = MetricImport(
                org_id=actor.org_id,
                profile=profile,
                filename=(filename or path.name)[:255],
                sha256=_sha256(path),
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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    if path.is_file():
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
    return digest.hexdigest()


def _merge(new: Path, old: Path | None, target: Path) -> None:
    connection = duckdb.connect(config={"memory_limit": "1GB"})
    try:
        source = f"SELECT * FROM read_parquet({_literal(str(new))})"
        if old is not None and old.exists():
            source += (
                f" UNION ALL BY NAME SELECT o.* FROM read_parquet({_literal(str(old))}) o"
                f" ANTI JOIN read_parquet({_literal(str(new))}) n"
                " ON o.account_id = n.account_id AND o.order_id = n.order_id"
            )
        connection.execute(
            f"COPY ({source}) TO {_literal(str(target))} (FORMAT PARQUET, COMPRESSION ZSTD)"
        )
    finally:
        connection.close()


def _last_day(orders: Path) -> date:
    connection = duckdb.connect()
    try:
        found = connection.execute(
            f"SELECT CAST(max(purchase_ts) AS DATE) FROM read_parquet({_literal(str(orders))})"
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
    store = _store(wb, actor, account_id)
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


def _history(wb: Workbench, found: MetricImport, keys: list[str], since: date) -> list[Judged]:
    path = metrics_dir(wb, found.org_id) / found.history_file
    if not keys or not path.exists():
        return []
    table = pq.read_table(
        path,
        filters=[("account_id", "in", keys), ("day", ">=", since)],
    )
    return judge(wb.policies, table, frozenset(found.report.get("columns", [])))


@dataclass(frozen=True)
class Card:
    metric: str
    window_days: int
    latest: Judged
    points: list[tuple[date, float | None]]
    trend: dict[str, Any]

    def view(self) -> dict[str, Any]:
        return {
            **self.latest.row(),
            "trend": self.trend,
            "series": [{"day": d.isoformat(), "rate": v} for d, v in self.points],
        }


def _cards(judged: list[Judged]) -> list[Card]:
    series: dict[tuple[str, int], list[Judged]] = defaultdict(list)
    for item in judged:
        series[(item.metric, item.window_days)].append(item)
    order = list(DEFINITIONS)
    cards = []
    for (metric, window), items in sorted(
        series.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1])
    ):
        items.sort(key=lambda j: j.day)
        points = [(j.day, j.rate) for j in items]
        fitted = trend(points, items[-1].target)
        cards.append(
            Card(
                metric,
                window,
                items[-1],
                points,
                {
                    "direction": fitted.direction,
                    "slope_per_day": fitted.slope_per_day,
                    "days_to_breach": fitted.days_to_breach,
                },
            )
        )
    return cards


def account_metrics(
    wb: Workbench, actor: Actor, account_id: int, *, days: int = DEFAULT_HISTORY_DAYS
) -> dict[str, Any]:
    """An account's cards (latest value, target, status, trend, days to breach, series) from its
    orders, and the latest report the platform itself gave."""
    if not 1 <= days <= MAX_HISTORY_DAYS:
        raise InvalidInput(
            N_("Days must be from 1 to {limit}."), field="days", limit=MAX_HISTORY_DAYS
        )
    store = _store(wb, actor, account_id)
    found = latest_import(wb, actor)
    cards: list[Card] = []
    as_of = None
    if found is not None:
        as_of = found.as_of
        cards = _cards(_history(wb, found, [account_key(store)], as_of - timedelta(days - 1)))
    return {
        "account_id": store.id,
        "store_name": store.store_name,
        "platform": store.platform,
        "account_key": account_key(store),
        "as_of": as_of.isoformat() if as_of else None,
        "cards": [c.view() for c in cards],
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
    if metric not in DEFINITIONS:
        raise InvalidInput(
            N_("Unknown metric {name}: choose {choices}."),
            field="metric",
            name=metric,
            choices=", ".join(DEFINITIONS),
        )
    view = account_metrics(wb, actor, account_id, days=days)
    cards = [c for c in view["cards"] if c["metric"] == metric]
    if window is not None:
        cards = [c for c in cards if c["window_days"] == window]
    store = _store(wb, actor, account_id)
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
        "account_id": account_id,
        "metric": metric,
        "as_of": view["as_of"],
        "days": days,
        "windows": [
            {
                "window_days": c["window_days"],
                "target": c["target"],
                "status": c["status"],
                "trend": c["trend"],
                "values": [
                    {**p, "status": status(p["rate"], _target(wb, store, metric))}
                    for p in c["series"]
                ],
            }
            for c in cards
        ],
        "reported": reported,
    }


def _target(wb: Workbench, store: SellerAccount, metric: str) -> Target | None:
    return target_for(wb.policies, store.platform, metric)


def overview(wb: Workbench, actor: Actor) -> dict[str, Any]:
    """Every account with metrics, riskiest first: most breaches, then most at risk, then the
    value closest to its target."""
    found = latest_import(wb, actor)
    stores = _stores(wb, actor)
    by_key = {account_key(s): s for s in stores}
    if found is None:
        return {"as_of": None, "accounts": [], "unlinked": 0}
    path = metrics_dir(wb, actor.org_id) / found.history_file
    filters: list[Any] = [("day", "=", found.as_of)]
    if actor.is_client:
        filters.append(("account_id", "in", list(by_key) or [""]))
    judged = judge(
        wb.policies,
        pq.read_table(path, filters=filters),
        frozenset(found.report.get("columns", [])),
    )
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
    """How near the value is to its target: 1 at the target, above 1 past it."""
    if item.rate is None or item.target is None:
        return -1.0
    target = item.target
    if target.upper:
        return item.rate / target.value if target.value else 0.0
    if target.unit == "rate":
        allowed = 1 - target.value
        return (1 - item.rate) / allowed if allowed else 0.0
    return target.value / item.rate if item.rate else 0.0


# -- breakdown --------------------------------------------------------------------------------


def _facts(lo: date, hi: date) -> str:
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    template = environment.from_string((SQL_DIR / "facts.sql").read_text(encoding="utf-8"))
    return template.render(lo=lo.isoformat(), hi=hi.isoformat())


_DAY = {
    "purchase_ts": "purchase_day",
    "ship_by_ts": "ship_by_day",
    "shipped_ts": "shipped_day",
    "promised_delivery_ts": "promised_day",
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
    if metric not in DEFINITIONS:
        raise InvalidInput(
            N_("Unknown metric {name}: choose {choices}."),
            field="metric",
            name=metric,
            choices=", ".join(DEFINITIONS),
        )
    if by not in BREAKDOWNS or (by == "component" and metric != "odr"):
        raise InvalidInput(
            N_("A breakdown is by carrier, sku, destination or week (component: odr only)."),
            field="by",
        )
    store = _store(wb, actor, account_id)
    found = latest_import(wb, actor)
    if found is None:
        raise NotFound(N_("No orders have been imported yet."))
    sizes = windows(wb.policies).get(metric, ())
    target = _target(wb, store, metric)
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
    definition = DEFINITIONS[metric]
    lo = found.as_of - timedelta(days=size - 1)
    day = _DAY[definition.reference]
    num, den = definition.numerator, definition.denominator
    if definition.denominator == "ordered":
        den = "1"
    facts = _facts(lo, found.as_of)
    orders = metrics_dir(wb, actor.org_id) / found.orders_file
    where = f"account_id = {_literal(account_key(store))} AND {day} IS NOT NULL"
    if by == "component":
        sql = f"""
        WITH facts AS ({facts})
        SELECT 'negative_feedback' AS value, SUM(negative) AS n, COUNT(*) AS d
        FROM facts WHERE {where}
        UNION ALL
        SELECT 'a_to_z_claim', SUM(CASE WHEN a_to_z_claim THEN 1 ELSE 0 END), COUNT(*)
        FROM facts WHERE {where}
        UNION ALL
        SELECT 'chargeback', SUM(CASE WHEN chargeback THEN 1 ELSE 0 END), COUNT(*)
        FROM facts WHERE {where}
        """
    else:
        dimension = {
            "carrier": "COALESCE(carrier, '')",
            "destination": "COALESCE(destination_country, '')",
            "week": f"CAST(CAST(date_trunc('week', {day}) AS DATE) AS VARCHAR)",
            "sku": "COALESCE(sku, '')",
        }[by]
        source = "facts"
        if by == "sku":
            each = "UNNEST(CASE WHEN len(skus) = 0 THEN [NULL] ELSE skus END)"
            source = f"(SELECT *, {each} AS sku FROM facts)"
        order = "value" if by == "week" else "n DESC, d DESC, value"
        sql = f"""
        WITH facts AS ({facts})
        SELECT {dimension} AS value, SUM({num}) AS n, SUM({den}) AS d
        FROM {source} WHERE {where}
        GROUP BY 1 ORDER BY {order} LIMIT {BREAKDOWN_ROWS if by != "week" else 60}
        """
        totals_sql = (
            f"WITH facts AS ({facts}) SELECT SUM({num}), SUM({den}) FROM facts WHERE {where}"
        )
    connection = DuckDB().connect()
    try:
        connection.execute(
            f"CREATE VIEW orders AS SELECT * FROM read_parquet({_literal(str(orders))})"
        )
        found_rows = connection.execute(sql).fetchall()
        if by == "component":
            total_n = int(
                (
                    connection.execute(
                        f"WITH facts AS ({facts}) SELECT SUM(defect), COUNT(*) "
                        f"FROM facts WHERE {where}"
                    ).fetchone()
                    or (0, 0)
                )[0]
                or 0
            )
            total_d = int(found_rows[0][2] or 0) if found_rows else 0
        else:
            totals = connection.execute(totals_sql).fetchone() or (0, 0)
            total_n, total_d = int(totals[0] or 0), int(totals[1] or 0)
    finally:
        connection.close()
    rows = [
        {
            "value": value,
            "numerator": int(n or 0),
            "denominator": int(d or 0),
            "rate": rate(int(n or 0), int(d or 0)),
            "share": (int(n or 0) / total_n) if total_n else None,
        }
        for value, n, d in found_rows
    ]
    return {
        "account_id": store.id,
        "metric": metric,
        "window_days": size,
        "as_of": found.as_of.isoformat(),
        "by": by,
        "numerator": total_n,
        "denominator": total_d,
        "rate": rate(total_n, total_d),
        "rows": rows,
    }
