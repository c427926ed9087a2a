"""``metrics compute`` on DuckDB over a Parquet file, in one pass: the file is read in place,
its typed columns staying typed (:func:`.importer.typing_sql`), and every row streams once
through ``sql/scan.sql`` into the account × day grid, with whether it is bad and a hash of its
order. Orders are merged (with only the columns the metrics use) only when one repeats; the
reasons rows were refused are looked up only when some were.

Example::

    normalised, counts = scan(open_source("canonical", Path("orders.parquet")), DuckDB(), lo, hi)
"""

from __future__ import annotations

import os
import re
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import numpy as np

from ..errors import N_, InvalidInput
from .engine import (
    BATCH_ROWS,
    REFERENCES,
    SQL_DIR,
    DayCounts,
    DuckDB,
    _read_ahead,
    _template,
    arrow_of,
    facts_sql,
    literal,
    numpy_of,
    valid_of,
)
from .importer import EXAMPLES, MERGED, Normalised, count_bad, merge_sql, nothing_read, typing_sql
from .sources import Source

# the type of a reference's packed facts (sql/scan.sql): a bit per fact
_WIDEST = max(len(reference.facts) for reference in REFERENCES)
CODE_TYPE = "SMALLINT" if _WIDEST < 16 else "INTEGER" if _WIDEST < 32 else "BIGINT"


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw_sql(source: Source, types: dict[str, str]) -> str:
    """The file's mapped columns under canonical names, the constants, and each row's number."""
    assert source.parquet is not None
    columns = [f"{quoted(name)} AS {target}" for name, target in source.columns.items()]
    for target, value in source.constants.items():
        if target not in source.columns.values():  # a column of the file wins
            columns.append(f"{literal(value)} AS {target}")
    return (
        f"SELECT {', '.join(columns)}, file_row_number + 1 AS __row "
        f"FROM read_parquet({literal(str(source.parquet))}, file_row_number = true)"
    )


def open_typed(source: Source, connection: duckdb.DuckDBPyConnection) -> None:
    """The views ``raw`` (the file) and ``typed`` (every row typed, ``__problem`` for a bad
    one) on ``connection``."""
    assert source.parquet is not None
    described = connection.execute(
        f"DESCRIBE SELECT * FROM read_parquet({literal(str(source.parquet))})"
    ).fetchall()
    types = {
        source.columns[name]: kind
        for name, kind, *_ in described
        if name in source.columns and kind != "VARCHAR"
    }
    connection.execute(f"SET TimeZone = {literal(source.timezone)}")
    connection.execute(f"CREATE VIEW raw AS {raw_sql(source, types)}")
    connection.execute(f"CREATE VIEW typed AS {typing_sql(source, types)}")


def used_columns() -> frozenset[str]:
    """The canonical columns ``sql/facts.sql`` reads: the only ones a merge keeps."""
    text = (SQL_DIR / "facts.sql").read_text(encoding="utf-8")
    words = set(re.findall(r"[a-z_]+", re.sub(r"--[^\n]*", "", text)))
    return frozenset(words) | {"account_id", "order_id", "platform"}


def scan(source: Source, engine: DuckDB, lo: date, hi: date) -> tuple[Normalised, DayCounts]:
    """Read, check and count ``source`` (a Parquet file) from ``lo`` to ``hi``."""
    assert source.parquet is not None
    result = Normalised(path=source.parquet, profile=source.profile, present=source.present)
    connection = engine.connect()
    try:
        # every row is added into sums: in any order, as DuckDB's threads finish them
        connection.execute("SET preserve_insertion_order = false")
        open_typed(source, connection)
        connection.execute(
            "CREATE VIEW orders AS SELECT *, CASE WHEN sku IS NULL THEN [] ELSE [sku] END AS skus "
            "FROM typed"
        )
        counts, keys = _stream(connection, source, result, lo, hi)
        if result.bad_rows:
            _reasons(connection, result)
        keys.sort()  # in place
        if keys.size > 1 and bool((keys[1:] == keys[:-1]).any()):
            # an order repeats (or two hashes collide): merge, then count the merged orders
            merged = merge_sql("typed WHERE __problem IS NULL", used_columns())
            connection.execute(f"CREATE OR REPLACE VIEW orders AS {merged}")
            counts = DuckDB.counted(connection, lo, hi)
            found = connection.execute("SELECT count(*) FROM orders").fetchone()
            result.orders = int(found[0]) if found else 0
        else:
            result.orders = int(keys.size)
        result.accounts = counts.accounts.num_rows
        result.merged_rows = result.rows - result.bad_rows - result.orders
        return result, counts
    finally:
        connection.close()


def _stream(
    connection: duckdb.DuckDBPyConnection, source: Source, result: Normalised, lo: date, hi: date
) -> tuple[DayCounts, np.ndarray]:
    """Every row through ``sql/scan.sql``: the grid, and the good rows' keys."""
    connection.execute(
        "CREATE TEMP TABLE pairs AS SELECT account_id, platform, "
        "CAST(row_number() OVER (ORDER BY account_id, platform NULLS LAST) - 1 AS INTEGER) AS pair,"
        " CAST(dense_rank() OVER (ORDER BY account_id) - 1 AS INTEGER) AS idx "
        "FROM (SELECT DISTINCT account_id, platform FROM typed WHERE account_id IS NOT NULL)"
    )
    pairs = connection.sql("SELECT * FROM pairs ORDER BY pair").to_arrow_table()
    account_of = numpy_of(pairs["idx"])
    accounts = int(account_of[-1]) + 1 if pairs.num_rows else 0
    days = (hi - lo).days + 1
    outside = accounts * days
    grid = {(r.column, f): np.zeros(outside + 1, np.int64) for r in REFERENCES for f in r.facts}
    good_rows = np.zeros(pairs.num_rows + 1, np.int64)  # per pair, and the bad rows last
    keys = np.empty(_rows_of(connection, source), np.uint64)  # the good rows' keys
    filled = 0
    sql = _template("scan.sql").render(
        facts_query=facts_sql(lo, hi, keep=("__problem",)),
        references=REFERENCES,
        code_type=CODE_TYPE,
        lo=lo.isoformat(),
        days=days,
        outside=outside,
        bad=pairs.num_rows,
    )
    reader = connection.sql(sql).to_arrow_reader(BATCH_ROWS)
    for batch in _read_ahead(reader):
        good_rows += np.bincount(numpy_of(batch.column("__pair")), minlength=len(good_rows))
        column = batch.column("__key")
        good = valid_of(column)
        found = numpy_of(column) if good is None else numpy_of(column)[good]
        keys[filled : filled + len(found)] = found
        filled += len(found)
        for reference in REFERENCES:
            codes = numpy_of(batch.column(reference.code))
            counted = np.flatnonzero(codes)  # the rows of a day computed
            cells = numpy_of(batch.column(reference.cell))[counted]
            codes = codes[counted]
            for bit, fact in enumerate(reference.facts):
                holds = (codes & (1 << bit)) != 0
                grid[(reference.column, fact)] += np.bincount(cells[holds], minlength=outside + 1)
    result.rows = int(good_rows.sum())
    result.bad_rows = int(good_rows[-1])
    # the accounts with a good row, each with the least platform of its good rows: the first
    # of its pairs with one (they are sorted by account, then platform, NULL last)
    kept = np.flatnonzero(good_rows[:-1] > 0)
    first = np.ones(len(kept), np.bool_)
    first[1:] = account_of[kept][1:] != account_of[kept][:-1]
    listed = pairs.take(arrow_of(kept[first])).sort_by("account_id")  # as DayCounts sorts
    counts = DayCounts(listed.select(["account_id", "platform"]), lo, hi)
    rows = numpy_of(listed["idx"])
    for key, values in grid.items():
        counts.counts[key][:-1] = values[:-1].reshape(accounts, days)[rows].ravel()
    return counts, keys[:filled]


def _rows_of(connection: duckdb.DuckDBPyConnection, source: Source) -> int:
    """The rows of ``source``'s Parquet file, from its footer."""
    assert source.parquet is not None
    found = connection.execute(
        f"SELECT sum(num_rows) FROM parquet_file_metadata({literal(str(source.parquet))})"
    ).fetchall()
    return int(found[0][0] or 0) if found else 0


def _reasons(connection: duckdb.DuckDBPyConnection, result: Normalised) -> None:
    """The reasons bad rows were refused, and the first :data:`EXAMPLES` of them."""
    result.reasons = Counter(
        dict(
            connection.execute(
                "SELECT __problem, count(*) FROM typed WHERE __problem IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
    )
    first = connection.sql(
        "SELECT __problem, __row, __value FROM typed WHERE __problem IS NOT NULL "
        f"ORDER BY __row LIMIT {EXAMPLES}"
    ).to_arrow_table()
    count_bad(result, first, counted=True)


def written(source: Source, target: Path, memory_limit: str = "1GB") -> Normalised:
    """:func:`.importer.normalise` of a Parquet file, by queries over the file in place: its
    rows checked by one, the orders that repeat merged only if one does, and ``target`` written
    by DuckDB (beside it, then renamed)."""
    assert source.parquet is not None
    result = Normalised(path=target, profile=source.profile, present=source.present)
    connection = DuckDB(memory_limit=memory_limit).connect()
    partial = target.with_name(f".{target.name}.partial")
    try:
        open_typed(source, connection)
        found = connection.execute(
            "SELECT count(*), count(*) FILTER (WHERE __problem IS NULL) FROM typed"
        ).fetchone()
        result.rows, good = (int(found[0]), int(found[1])) if found else (0, 0)
        result.bad_rows = result.rows - good
        if result.bad_rows:
            _reasons(connection, result)
        if result.rows == 0:
            raise InvalidInput(N_("The file holds no orders."), field="source")
        if good == 0:
            raise nothing_read(result)
        kept = "typed WHERE __problem IS NULL"
        found = connection.execute(
            "SELECT count(*), count(DISTINCT account_id) FROM "
            f"(SELECT DISTINCT account_id, order_id FROM {kept})"
        ).fetchone()
        result.orders, result.accounts = (int(found[0]), int(found[1])) if found else (0, 0)
        result.merged_rows = good - result.orders
        if result.merged_rows:
            query = merge_sql(kept)
        else:  # the columns and types the merge writes, each row as it is
            columns = ", ".join(
                "CASE WHEN sku IS NULL THEN [] ELSE [sku] END AS skus" if c == "skus" else c
                for c in ("account_id", "order_id", *MERGED)
            )
            query = f"SELECT {columns} FROM {kept}"
        target.parent.mkdir(parents=True, exist_ok=True)
        connection.execute(
            f"COPY ({query}) TO {literal(str(partial))} (FORMAT PARQUET, COMPRESSION ZSTD)"
        )
        os.replace(partial, target)
        return result
    finally:
        connection.close()
        partial.unlink(missing_ok=True)
