"""Imports into an organisation's metrics: order data, merged into its orders with their daily
history recomputed, and Amazon's account health report kept as an account's snapshot.

Example::

    row, normalised = import_orders(wb, actor, profile="canonical", path=Path("orders.csv"))
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
from filelock import FileLock, Timeout
from sqlalchemy import delete

from ..accounts.service import get_account
from ..auth.actor import Actor
from ..errors import N_, Conflict, InvalidInput
from ..events import record
from ..storage.tables import MetricImport, MetricSnapshot
from ..workbench import Workbench
from .asof import accounts_as_of, history_by_day
from .chosen import given_to
from .compute import windows
from .definitions import DEFAULT_HISTORY_DAYS, check_day
from .engine import DuckDB, Engine, render
from .importer import Normalised
from .kept import account_key, check_days, latest_import, metrics_dir
from .marketplaces import named_marketplace
from .normalise import normalise
from .profiles import Mapping, Progress, open_source
from .sources import literal
from .spapi import parse_report


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
    limit: int | None = None,
) -> tuple[MetricImport, Normalised]:
    """Import a source into the organisation's orders and recompute the daily history.

    ``account_id`` (a seller account) gives every row to that account, for exports such as
    Amazon's that do not name the seller; ``limit`` is the most bytes a gzip-compressed file
    may unpack to. ``as_of`` defaults to the last day of a purchase,
    shipment or delivery in the file, or today if that is later than today."""
    actor.require_change()
    check_days(days)
    if as_of is not None:
        check_day(as_of)
    key = account_key(get_account(wb, actor, account_id)) if account_id is not None else None
    opened = open_source(
        profile, path, mapping=mapping, account_id=key, timezone=timezone, limit=limit
    )
    folder = metrics_dir(wb, actor.org_id)
    folder.mkdir(parents=True, exist_ok=True)
    with _one_import_at_a_time(folder):
        _clear_leftovers(folder)
        token = uuid.uuid4().hex
        new_orders = folder / f"import-{token}.parquet"
        merged = folder / f"orders-{token}.parquet"
        history_path = folder / f"history-{token}.parquet"
        previous = latest_import(wb, actor)
        written = [new_orders, merged, history_path, folder / f"given-{token}.parquet"]
        try:
            normalised = normalise(opened, new_orders, progress=progress)
            if key is not None:
                given_to(new_orders, key, written[-1])
            previous_orders = folder / previous.orders_file if previous else None
            last_day = _merge(new_orders, previous_orders, merged)
            # the import stands on the last day of the orders it brought, not of everyone's
            as_of = as_of or min(last_day, wb.clock.now().date())
            standing = accounts_as_of(
                new_orders, merged, previous, previous_orders, as_of, sorted(normalised.present)
            )
            new_orders.unlink()
            history = history_by_day(
                engine or DuckDB(),
                merged,
                standing.days,
                days=days,
                windows=windows(wb.policies),
                fallback=as_of,
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
                    report={**normalised.report(), **standing.report(as_of)},
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


# what only a running import writes (its staging folders and files, a file being written):
# found while holding the lock, they are what an import killed before it could clean up left
LEFTOVERS = (".import-*", "import-*.parquet", "given-*.parquet")


def _clear_leftovers(folder: Path) -> None:
    """Remove what an import killed mid-way (the machine stopped, kill -9) left in ``folder``:
    no import is running while the lock is held, so none of it is another's."""
    for pattern in LEFTOVERS:
        for leftover in folder.glob(pattern):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)


# what happened to an order (a purchase, a shipment, a delivery): a file holds news up to the
# last of them, so windows counted by ship-by or promised day end there too. A deadline (ship
# by, promised delivery) is not news: one still ahead when the file was written would count the
# orders not yet shipped as late, and a deadline written wrong (Olist has ship-by days in 2020,
# two years after its last order) would leave every window empty
EVENT_TIMES = ("purchase_ts", "shipped_ts", "delivered_ts")


def _parquet(path: Path) -> str:
    return f"read_parquet({literal(str(path))})"


def _merge(new: Path, old: Path | None, target: Path) -> date:
    """Write ``new``'s orders and those of ``old`` that ``new`` does not repeat to ``target``
    (``sql/merge.sql``); returns the last day anything happened to an order of ``new`` (a
    shipment or delivery recorded after the last purchase is in a window ending that day)."""
    connection = duckdb.connect(config={"memory_limit": "1GB"})
    try:
        previous = str(old) if old is not None and old.exists() else None
        connection.execute(render("merge.sql", new=str(new), old=previous, target=str(target)))
        names = {
            row[0]
            for row in connection.execute(f"DESCRIBE SELECT * FROM {_parquet(new)}").fetchall()
        }
        last = [f"max({c})" for c in EVENT_TIMES if c in names]
        found = connection.execute(
            f"SELECT CAST(greatest({', '.join(last)}) AS DATE) FROM {_parquet(new)}"
        ).fetchone()
    finally:
        connection.close()
    if found is None or found[0] is None:
        raise InvalidInput(N_("The file holds no orders."), field="source")
    day: date = found[0]
    return day


# Amazon dates its ranges in UTC (or the marketplace's day): one day ahead of ours is no error
REPORT_SLACK = timedelta(days=1)


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
    # the store's own marketplace chooses in a report of several, when it names one of Amazon's
    report = parse_report(data, marketplace or named_marketplace(store.marketplace))
    now = wb.clock.now()
    if day is None and report.day is not None and report.day > now.date() + REPORT_SLACK:
        # kept, it would be the account's latest report for years: every real one older
        raise InvalidInput(
            N_("The report's ranges end on {day}, a day still to come: check its dates."),
            field="source",
            day=report.day.isoformat(),
        )
    day = day or report.day or now.date()
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
            after={
                "day": day.isoformat(),
                "account_status": report.account_status,
                "policy_defects": report.policy_defects,
                "warnings": report.warnings,
            },
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
