"""Each account's own "as of" day. An import stands on the last day of the orders it brought
(or the day asked for); the accounts it holds take that day, every other account keeps the
day it had, so importing one store's file (or a marketplace's thousands of sellers) never
moves another store's day, nor leaves its cards with no data. The daily history is computed
for each day's accounts ending on that day.

Example::

    standing = accounts_as_of(new, merged, previous, old, date(2026, 11, 18), ["order_id", ...])
    table = history_by_day(DuckDB(), merged, standing.days, days=90, windows=windows(policies),
                           fallback=date(2026, 11, 18))
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from ..storage.tables import MetricImport
from .engine import Engine, window_values
from .kept import AS_OF_BY_ACCOUNT, COLUMNS_BY_DAY, account_as_of, account_columns
from .sources import literal


def _keys(connection: duckdb.DuckDBPyConnection, path: Path) -> set[str]:
    rows = connection.execute(
        f"SELECT DISTINCT CAST(account_id AS VARCHAR) FROM read_parquet({literal(str(path))})"
    ).fetchall()
    return {str(row[0]) for row in rows if row[0] is not None}


@dataclass
class Standing:
    """Each account's day, and the columns each day's accounts' orders carried."""

    days: dict[str, date]
    columns: dict[date, set[str]]

    def report(self, day: date) -> dict[str, Any]:
        """What the import keeps of it: the days that are not the import's own ``day``, and
        the columns of every day."""
        return {
            AS_OF_BY_ACCOUNT: {k: d.isoformat() for k, d in sorted(self.days.items()) if d != day},
            COLUMNS_BY_DAY: {d.isoformat(): sorted(c) for d, c in sorted(self.columns.items())},
        }


def accounts_as_of(
    new: Path,
    merged: Path,
    previous: MetricImport | None,
    previous_orders: Path | None,
    day: date,
    columns: list[str],
) -> Standing:
    """Every account of ``merged`` and its day: ``day`` for those of the ``new`` file (or the
    later day they already stood on), the day of ``previous`` for the others; and the columns
    of each day (``columns``, the new file's, for the accounts it brought)."""
    connection = duckdb.connect(config={"memory_limit": "1GB"})
    try:
        brought = _keys(connection, new)
        everyone = _keys(connection, merged)
        before = (
            _keys(connection, previous_orders)
            if previous is not None and previous_orders is not None and previous_orders.exists()
            else set()
        )
    finally:
        connection.close()
    days: dict[str, date] = {}
    by_day: dict[date, set[str]] = defaultdict(set)
    for key in everyone:
        had = account_as_of(previous, key) if previous is not None and key in before else None
        if key in brought:
            days[key] = max(day, had) if had else day
            by_day[days[key]].update(columns)
        elif previous is not None and had is not None:
            days[key] = had
            by_day[had].update(account_columns(previous, key))
        else:  # not in the previous orders either: cannot be, but never without a day
            days[key] = day
            by_day[day].update(columns)
    return Standing(days, dict(by_day))


def history_by_day(
    engine: Engine,
    merged: Path,
    days_by_key: dict[str, date],
    *,
    days: int,
    windows: dict[str, tuple[int, ...]],
    fallback: date,
) -> pa.Table:
    """The daily history of every account, each ending on its own day: one run of the engine
    per day, each keeping its day's accounts (one run, as before, when all share a day)."""
    groups: dict[date, list[str]] = defaultdict(list)
    for key, day in days_by_key.items():
        groups[day].append(key)
    if len(groups) <= 1:
        only = next(iter(groups), fallback)
        return window_values(engine, [merged], only, days=days, windows=windows)
    parts = []
    for day, keys in sorted(groups.items()):
        # every account's orders, kept for this day's accounts: a pass over the orders per day
        # (as fast as first copying out a day's accounts, and nothing written)
        table = window_values(engine, [merged], day, days=days, windows=windows)
        keep = pc.is_in(table["account_id"], value_set=pa.array(sorted(keys), pa.string()))
        parts.append(table.filter(keep))
    return pa.concat_tables(parts)
