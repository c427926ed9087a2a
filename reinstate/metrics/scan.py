"""``metrics compute`` on DuckDB over a Parquet file, read in place, its typed columns staying
typed (:func:`.importer.typing_sql`): one pass over every row checks it and hashes its order
(only the columns the checks and the key need), and another counts into the account × day grid
only the orders with a day among those computed (``sql/scan.sql``), the filter pushed into the
file's scan before any fact is worked out. Orders are merged (with only the columns the metrics
use) only when one repeats: the hashes are sorted to find out on a thread of their own while the
orders are counted as they are, and that count is given up if one does. The reasons rows were
refused are looked up only when some were.

Example::

    normalised, counts = scan(open_source("canonical", Path("orders.parquet")), DuckDB(), lo, hi)
"""

from __future__ import annotations

import mmap
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import N_, InvalidInput
from .arrays import numpy_of
from .engine import (
    ACCOUNTS_SQL,
    BATCH_ROWS,
    DAYS,
    SQL_DIR,
    DayCounts,
    DuckDB,
    _read_ahead,
    dated_sql,
    listed_accounts,
    span,
)
from .importer import (
    CHOICES,
    EXAMPLES,
    INTEGERS,
    NUMBERS,
    TIMESTAMPS,
    Normalised,
    account_typing,
    cell_checks,
    cells_sql,
    checks_of,
    count_bad,
    nothing_read,
    typing_sql,
)
from .merged import MERGED, merge_sql
from .sources import COLUMN_TYPES, Progress, Source, literal


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw_sql(source: Source, types: dict[str, str]) -> str:
    """The file's mapped columns under canonical names, the constants, and each row's number."""
    assert source.parquet is not None
    columns = [f"{quoted(name)} AS {target}" for name, target in source.columns.items()]
    for target, value in source.constants.items():
        if target not in source.columns.values():  # a column of the file wins
            columns.append(f"{literal(value)} AS {target}")
    if source.numbered:
        return (
            f"SELECT {', '.join(columns)}, __row FROM read_parquet({literal(str(source.parquet))})"
        )
    return (
        f"SELECT {', '.join(columns)}, file_row_number + 1 AS __row "
        f"FROM read_parquet({literal(str(source.parquet))}, file_row_number = true)"
    )


def staged(source: Source, target: Path, progress: Progress | None = None) -> Source:
    """``source``'s batches of text (a CSV file, the Olist folder) written as they are to the
    Parquet file ``target``, each row with its number in the source: the source as a Parquet
    file, which :func:`scan` and :func:`written` type, check and count by queries over all of
    its rows at once, on every core, not a batch at a time. Refuses a source of no rows."""
    writer: pq.ParquetWriter | None = None
    try:
        for batch in source.batches:
            if writer is None:
                writer = pq.ParquetWriter(target, batch.schema)
            writer.write_batch(batch)
            if progress:
                progress(source.done_bytes(), source.total_bytes)
    finally:
        if writer is not None:
            writer.close()
    if writer is None:
        raise InvalidInput(N_("The file holds no orders."), field="source")
    names = pq.read_schema(target).names
    return replace(
        source,
        parquet=target,
        columns={name: name for name in names if name != "__row"},
        constants={},
        numbered=True,
    )


def open_typed(
    source: Source, connection: duckdb.DuckDBPyConnection
) -> tuple[dict[str, str], frozenset[str]]:
    """The views ``raw`` (the file) and ``typed`` (every row typed, ``__problem`` for a bad
    one, ``__good`` for a good one, ``__clean`` for one whose every cell was read, leaving out
    the checks the file rules out) on ``connection``; the types of the file's columns that are
    not text (DuckDB's names), and the columns whose checks the file rules out."""
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
    certain = _certain(connection, source, {name: kind for name, kind, *_ in described})
    certain |= _chosen(connection, source, types, certain)
    connection.execute(f"CREATE VIEW typed AS {typing_sql(source, types, certain)}")
    return types, certain


def unread_cells(
    connection: duckdb.DuckDBPyConnection,
    source: Source,
    types: dict[str, str],
    certain: frozenset[str],
    result: Normalised,
    unclean: int,
) -> None:
    """The cells of good rows that were not read, counted by reason, the first
    :data:`EXAMPLES` kept (looked for only when ``unclean``, the rows with one, is not 0); and
    ``typed`` made again to check and set to NULL only the columns that have such a cell: a
    column whose every cell was read is read as it is, with no check per row."""
    checked = {column for _, column, _ in cell_checks(checks_of(source, types), certain)}
    found: set[str] = set()
    if unclean:
        cells = cells_sql(source, types, certain)
        result.cell_reasons = Counter(
            dict(
                connection.execute(
                    f"SELECT __problem, count(*) FROM ({cells}) GROUP BY 1"
                ).fetchall()
            )
        )
        result.unread_cells = sum(result.cell_reasons.values())
        first = connection.sql(
            f"SELECT __problem, __row, __value FROM ({cells}) ORDER BY __row, __place "
            f"LIMIT {EXAMPLES}"
        ).to_arrow_table()
        count_bad(result, first, counted=True, cells=True)
        found = {key.split(":")[0] for key in result.cell_reasons}
    if checked - found:
        sql = typing_sql(source, types, certain | (checked - found))
        connection.execute(f"CREATE OR REPLACE VIEW typed AS {sql}")


def _chosen(
    connection: duckdb.DuckDBPyConnection,
    source: Source,
    types: dict[str, str],
    certain: frozenset[str],
) -> frozenset[str]:
    """The columns of a few values by nature (a choice such as the fulfilment channel, a yes or
    no) whose checks none of their distinct values fails: checked once per value (a column
    stored as a dictionary of values is read as one), not once per row."""
    columns: dict[str, list[str]] = {}
    for condition, column, _ in checks_of(source, types):
        if column not in certain and (column in CHOICES or COLUMN_TYPES[column] == "boolean"):
            columns.setdefault(column, []).append(f"({condition})")
    found = set()
    for column, conditions in columns.items():
        failed = connection.execute(
            f"SELECT bool_or(COALESCE({' OR '.join(conditions)}, false)) "
            f"FROM (SELECT DISTINCT {column} FROM raw) AS raw"
        ).fetchone()
        if failed is not None and failed[0] is not True:
            found.add(column)
    return frozenset(found)


def _certain(
    connection: duckdb.DuckDBPyConnection, source: Source, kinds: dict[str, str]
) -> frozenset[str]:
    """The canonical columns no row can fail a check on, as the statistics of every row group
    in the file's footer show (one query over the footer, none over the rows): an order id,
    account or purchase time no row leaves empty (no null and, for text, a least value whose
    first character sorts after a space, so that no value is empty or starts with one), a
    typed rating never outside 1 to 5. A column without statistics is checked row by row."""
    assert source.parquet is not None
    found: dict[str, list[tuple[int, int | None, str | None, str | None]]] = {}
    for name, values, nulls, low, high in connection.execute(
        "SELECT path_in_schema, num_values, stats_null_count, stats_min_value, stats_max_value "
        f"FROM parquet_metadata({literal(str(source.parquet))})"
    ).fetchall():
        found.setdefault(name, []).append((values, nulls, low, high))
    certain = set()
    for name, column in source.columns.items():
        groups, kind = found.get(name), kinds.get(name)
        if not groups or column in source.values:  # no statistics, or values translated
            continue
        if column in ("order_id", "account_id", "purchase_ts"):
            if column == "purchase_ts" and kind not in TIMESTAMPS:
                continue  # a time read from text: parsed row by row
            if column != "purchase_ts" and kind != "VARCHAR" and kind not in NUMBERS:
                continue
            if all(
                nulls == 0 and (kind != "VARCHAR" or (low is not None and low[:1] > " "))
                for _, nulls, low, _ in groups
            ):
                certain.add(column)
        elif column == "feedback_rating" and kind in INTEGERS:
            if all(
                nulls == values
                or (nulls is not None and low is not None and high is not None
                    and 1 <= int(low) and int(high) <= 5)
                for values, nulls, low, high in groups
            ):  # fmt: skip
                certain.add(column)
    return frozenset(certain)


def used_columns() -> frozenset[str]:
    """The canonical columns ``sql/facts.sql`` reads: the only ones a merge keeps (its text,
    and the reference times it is given, :data:`.engine.DAYS`)."""
    text = (SQL_DIR / "facts.sql").read_text(encoding="utf-8")
    words = set(re.findall(r"[a-z_]+", re.sub(r"--[^\n]*", "", text)))
    times = {column for column, _ in DAYS.values()}
    return frozenset(words) | times | {"account_id", "order_id", "platform"}


# the least memory DuckDB counts the orders in while their keys are being sorted
LEAST_MEMORY = 256 * 2**20

# what is counted once the accounts' platforms are known: the windows judged (the metrics'
# codes and their sizes, the longest reaching back to the first day read), and the metrics
# whose facts are counted
Plan = Callable[[Sequence[str | None]], tuple[dict[str, tuple[int, ...]], tuple[str, ...]]]


def scan(
    source: Source, engine: DuckDB, hi: date, plan: Plan
) -> tuple[Normalised, DayCounts, dict[str, tuple[int, ...]]]:
    """Read, check and count ``source`` (a Parquet file) up to ``hi``: the windows ``plan``
    chooses for the platforms of its accounts, and only the facts of the metrics it chooses."""
    assert source.parquet is not None
    result = Normalised(path=source.parquet, profile=source.profile, present=source.present)
    connection = engine.connect()
    try:
        # every row is added into sums: in any order, as DuckDB's threads finish them
        connection.execute("SET preserve_insertion_order = false")
        types, certain = open_typed(source, connection)
        result.rows = _rows_of(connection, source)
        keys, unclean = _keys(connection, result.rows)
        good_rows = int(keys.size)
        result.bad_rows = result.rows - good_rows
        unread_cells(connection, source, types, certain, result, unclean)
        # whether an order repeats is known once the keys are sorted (on one core, a thread of
        # its own): meanwhile the orders are counted as if none did (most files), and that
        # count is given up at the next batch if one does. While the orders are counted as
        # they are, DuckDB keeps to what the keys leave of its memory, or LEAST_MEMORY (100M
        # keys: 800 MB of 1 GB, so 256 MiB), as the keys are held until they are sorted
        limit = _memory_limit(connection)
        if limit is not None:
            share = max(limit - keys.nbytes, LEAST_MEMORY)
            connection.execute(f"SET memory_limit = '{share} bytes'")
        with ThreadPoolExecutor(max_workers=1) as sorter:
            repeating = sorter.submit(_repeats, keys)
            del keys  # 8 bytes an order: let go as soon as they are sorted
            if result.bad_rows:
                _reasons(connection, result)
            counted = _unmerged(connection, source, types, result.bad_rows > 0, hi, plan, repeating)
        if limit is not None:
            connection.execute(f"SET memory_limit = '{limit} bytes'")
        # the checks are worked out again only if some row failed them
        good = "typed WHERE __good" if result.bad_rows else "typed"
        if repeating.result():
            # an order repeats (or two hashes collide): merge, then count the merged orders
            merged = merge_sql(good, used_columns())
            connection.execute(f"CREATE OR REPLACE VIEW orders AS {merged}")
            counts, windows = _planned(connection.sql(ACCOUNTS_SQL).to_arrow_table(), hi, plan)
            DuckDB.counted(connection, counts)
            found = connection.execute("SELECT count(*) FROM orders").fetchone()
            result.orders = int(found[0]) if found else 0
        else:
            assert counted is not None  # counted to the end, as no order repeats
            counts, windows = counted
            result.orders = good_rows
        result.accounts = counts.accounts.num_rows
        result.merged_rows = result.rows - result.bad_rows - result.orders
        return result, counts, windows
    finally:
        connection.close()


def _unmerged(
    connection: duckdb.DuckDBPyConnection,
    source: Source,
    types: dict[str, str],
    bad: bool,
    hi: date,
    plan: Plan,
    repeating: Future[bool],
) -> tuple[DayCounts, dict[str, tuple[int, ...]]] | None:
    """The counts and windows of the good rows (all of them if none is ``bad``), each row an
    order (none repeats): only the orders with a day computed, filtered before they are
    typed; None, given up, as soon as ``repeating`` says an order does repeat."""
    good = "typed WHERE __good" if bad else "typed"
    orders = f"SELECT *, CASE WHEN sku IS NULL THEN [] ELSE [sku] END AS skus FROM {good}"
    # every account: of the raw values of account and platform when no row is bad
    connection.execute(f"CREATE OR REPLACE VIEW orders AS {orders}")
    if bad:
        accounts = connection.sql(ACCOUNTS_SQL).to_arrow_table()
    else:
        accounts = listed_accounts(connection, "raw", *account_typing(source, types))
    counts, windows = _planned(accounts, hi, plan)
    if counts.references:
        dated = dated_sql(counts.lo, hi, counts.references)
        where = "AND" if bad else "WHERE"
        connection.execute(f"CREATE OR REPLACE VIEW orders AS {orders} {where} ({dated})")

    def repeats() -> bool:
        return repeating.done() and repeating.result()

    return (counts, windows) if DuckDB.counted(connection, counts, repeats) else None


def _planned(
    accounts: pa.Table, hi: date, plan: Plan
) -> tuple[DayCounts, dict[str, tuple[int, ...]]]:
    """The empty grid of ``accounts`` for the windows ``plan`` chooses for their platforms, and
    those windows."""
    windows, metrics = plan(accounts.column("platform").unique().to_pylist())
    lo = span(hi, 1, windows)[1] if windows else hi
    return DayCounts(accounts, lo, hi, metrics), windows


# DuckDB's units of memory, as it shows its limit ('953.6 MiB')
_UNITS = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40, "PiB": 2**50}


def _memory_limit(connection: duckdb.DuckDBPyConnection) -> int | None:
    """The memory DuckDB keeps to on ``connection``, in bytes (None if it shows it otherwise),
    however it was set (1GB, 80%)."""
    found = connection.execute("SELECT current_setting('memory_limit')").fetchone()
    amount, _, unit = str(found[0] if found else "").partition(" ")
    try:
        return int(float(amount) * _UNITS[unit])
    except (ValueError, KeyError):
        return None


def _keys(connection: duckdb.DuckDBPyConnection, rows: int) -> tuple[np.ndarray, int]:
    """A hash of each good row's (account, order), to find orders that repeat, and how many
    good rows have a cell not read: the one pass over every row, reading only the columns the
    checks and the key need. The keys are held in anonymous memory of plain pages: numpy asks
    the kernel for huge pages for an array this size, and clearing them cost 1.9 s of system
    time for 100M keys here (0.4 s so)."""
    keys = np.frombuffer(mmap.mmap(-1, max(rows, 1) * 8), np.uint64, count=rows)
    filled = unclean = 0
    reader = connection.sql(
        "SELECT hash(account_id, order_id) AS __key, __clean FROM typed WHERE __good"
    ).to_arrow_reader(BATCH_ROWS)
    for batch in _read_ahead(reader):
        found = numpy_of(batch.column(0))
        keys[filled : filled + len(found)] = found
        filled += len(found)
        unclean += batch.column(1).false_count
    return keys[:filled], unclean


def _repeats(keys: np.ndarray) -> bool:
    """Whether a key repeats: ``keys`` sorted in place, neighbours compared a slice at a time
    (no second array the size of the keys: 800 MB at 100M orders is enough)."""
    keys.sort()
    step = 1 << 22
    for start in range(0, keys.size - 1, step):
        part = keys[start : start + step + 1]
        if bool((part[1:] == part[:-1]).any()):
            return True
    return False


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
    """:func:`.normalise.normalise` of a Parquet file, by queries over the file in place: its
    rows checked by one, the orders that repeat merged only if one does, and ``target`` written
    by DuckDB (beside it, then renamed)."""
    assert source.parquet is not None
    result = Normalised(path=target, profile=source.profile, present=source.present)
    connection = DuckDB(memory_limit=memory_limit).connect()
    partial = target.with_name(f".{target.name}.partial")
    try:
        types, certain = open_typed(source, connection)
        found = connection.execute(
            "SELECT count(*), count(*) FILTER (WHERE __problem IS NULL), "
            "count(*) FILTER (WHERE __problem IS NULL AND NOT __clean) FROM typed"
        ).fetchone()
        result.rows, good, unclean = (
            (int(found[0]), int(found[1]), int(found[2])) if found else (0, 0, 0)
        )
        result.bad_rows = result.rows - good
        if result.bad_rows:
            _reasons(connection, result)
        unread_cells(connection, source, types, certain, result, unclean)
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
