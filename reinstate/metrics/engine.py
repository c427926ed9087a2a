"""Run the metric definitions (``sql/*.sql``, DuckDB's dialect) on DuckDB or, transpiled by
SQLGlot, on Spark. The engine works out each order's 0/1 facts (``sql/facts.sql``, the
definitions) and the cell of an account × day grid where each reference time places them:
DuckDB streams the orders with a day computed, each reference's facts packed in one number
(``sql/scan.sql``); Spark (:mod:`.spark`) sums them per cell first (``sql/cells.sql``,
``sql/daily.sql``). :class:`DayCounts` adds them into the grid and sums every window from
running totals along the days, the same way whichever engine counted, so both give the same
integers: rates are divided in Python, never in either engine.

Example::

    values = window_values(DuckDB(), [Path("orders.parquet")], date(2026, 11, 18), days=90,
                           windows={"odr": (60,), "late_shipment_rate": (10, 30)})
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import duckdb
import jinja2
import numpy as np
import pyarrow as pa

from .arrays import arrow_of, numpy_of, repeated
from .definitions import DEFINITIONS
from .sources import later_columns_sql, literal

SQL_DIR = Path(__file__).parent / "sql"
BATCH_ROWS = 1_000_000


@dataclass(frozen=True)
class Reference:
    """A reference time: its day column in ``sql/facts.sql``, and the facts (``facts.sql``
    columns) summed per such day."""

    column: str
    day: str
    facts: tuple[str, ...]

    @property
    def cell(self) -> str:
        """Its column in ``sql/cells.sql``."""
        return self.day.replace("_day", "_cell")

    @property
    def code(self) -> str:
        """Its column in ``sql/scan.sql``: its facts packed, fact i being bit i."""
        return self.day.replace("_day", "_code")


# each reference time of DEFINITIONS: its day's column in sql/facts.sql, the column of
# ``orders`` that day is the UTC day of, and the days added to it
_TIMES: dict[str, tuple[str, str, int]] = {
    "purchase_ts": ("purchase_day", "purchase_ts", 0),
    "ship_by_ts": ("ship_by_day", "ship_by_ts", 0),
    "shipped_ts": ("shipped_day", "shipped_ts", 0),
    "promised_delivery_ts": ("promised_day", "promised_delivery_ts", 0),
    # the day a shipped order's 30 days after shipment run out (Joom's logistics anomaly)
    "delivery_due_ts": ("delivery_due_day", "shipped_ts", 30),
}
# each reference day of sql/facts.sql: the column of ``orders`` and the days added to it
DAYS = {day: (column, shift) for day, column, shift in _TIMES.values()}


def references_for(metrics: Iterable[str] | None = None) -> list[Reference]:
    """The reference times and facts the definitions of ``metrics`` (every metric: None)
    count, in a fixed order; a reference none of them counts by is left out."""
    chosen = DEFINITIONS if metrics is None else {code: DEFINITIONS[code] for code in metrics}
    facts: dict[str, list[str]] = {reference: [] for reference in _TIMES}
    for definition in chosen.values():
        for fact in (definition.numerator, definition.denominator):
            if fact not in facts[definition.reference]:
                facts[definition.reference].append(fact)
    return [
        Reference(reference, day, tuple(facts[reference]))
        for reference, (day, _, _) in _TIMES.items()
        if facts[reference]
    ]


# every reference time and the facts counted by it, derived from DEFINITIONS
REFERENCES = references_for()
REFERENCE_OF = {reference.column: reference for reference in REFERENCES}
# the type of a reference's packed facts (sql/scan.sql): a bit per fact
_WIDEST = max(len(reference.facts) for reference in REFERENCES)
CODE_TYPE = "SMALLINT" if _WIDEST < 16 else "INTEGER" if _WIDEST < 32 else "BIGINT"


class Engine(Protocol):
    name: str

    def day_counts(
        self, orders: Sequence[Path], lo: date, hi: date, metrics: Iterable[str] | None = None
    ) -> DayCounts:
        """Every account of the Parquet files ``orders``, and the facts of ``metrics`` (every
        metric's: None) counted per day from ``lo`` to ``hi``."""
        ...

    def query(self, orders: Sequence[Path], sql: str) -> pa.Table:
        """The rows of ``sql`` (DuckDB's dialect, over the view ``orders`` of the Parquet files
        ``orders``), for answers small enough to hold: a breakdown, not every order."""
        ...


@cache
def _template(name: str) -> jinja2.Template:
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    environment.filters["literal"] = literal  # values reach the SQL only through it
    return environment.from_string((SQL_DIR / name).read_text(encoding="utf-8"))


def render(name: str, **values: Any) -> str:
    """``sql/<name>`` rendered with ``values``: names and numbers the code chose, and any
    other value as ``{{ value | literal }}``."""
    return _template(name).render(**values)


def facts_sql(lo: date, hi: date, keep: Sequence[str] = ()) -> str:
    """``sql/facts.sql``: one row per order, its reference days inside ``lo``…``hi`` (and the
    columns ``keep`` of ``orders`` as they are)."""
    days = {
        day: column if not shift else f"{column} + INTERVAL {shift} DAY"
        for day, (column, shift) in DAYS.items()
    }
    return _template("facts.sql").render(
        lo=lo.isoformat(), hi=hi.isoformat(), keep=list(keep), days=days
    )


def dated_sql(lo: date, hi: date, references: Sequence[Reference] = REFERENCES) -> str:
    """Whether an order has a day of ``references`` inside ``lo``…``hi`` (one a facts row would
    not leave NULL): a filter on the orders themselves, which DuckDB applies as the file is
    read, before any column is typed (the same filter on the facts' days stays above the typing
    of every row). A UTC day
    inside the span is a time from midnight of ``lo`` to before midnight after ``hi``: each
    column compared with two timestamps, never cast to a day row by row, and the ranges of one
    column (shipment, and shipment + 30 days) joined into one where they meet."""
    ranges: dict[str, list[tuple[date, date]]] = {}
    for reference in references:
        column, shift = DAYS[reference.day]
        start, end = lo - timedelta(days=shift), hi + timedelta(days=1 - shift)
        spans = ranges.setdefault(column, [])
        for index, (first, last) in enumerate(spans):
            if start <= last and first <= end:  # they meet: one range
                spans[index] = (min(first, start), max(last, end))
                break
        else:
            spans.append((start, end))
    return " OR ".join(
        f"({column} >= TIMESTAMP '{start}' AND {column} < TIMESTAMP '{end}')"
        for column, spans in ranges.items()
        for start, end in spans
    )


ACCOUNTS_SQL = (SQL_DIR / "accounts.sql").read_text(encoding="utf-8")
EPOCH = date(1970, 1, 1)


def listed_accounts(
    connection: duckdb.DuckDBPyConnection,
    table: str = "orders",
    account: str = "account_id",
    platform: str | None = "platform",
) -> pa.Table:
    """Every account of ``table`` with its platform, as ``sql/accounts.sql`` lists them:
    ``account`` and ``platform`` are the SQL that reads the column ``account_id`` and the column
    ``platform`` of ``table`` (worked out once per distinct value, not per row; ``platform``
    None: the table has none, so NULL). A table of one platform, as most order files are (an
    export of one platform's stores), lists its accounts by the distinct values of one column,
    not the pairs of two (10M orders: 0.04 s of CPU against 0.09–0.22 s)."""
    if platform is None:
        platforms = connection.sql("SELECT CAST(NULL AS VARCHAR) AS platform").to_arrow_table()
    else:
        platforms = connection.sql(
            f"SELECT DISTINCT {platform} AS platform "
            f"FROM (SELECT DISTINCT platform FROM {table}) AS raw"
        ).to_arrow_table()
        if platforms.num_rows != 1:  # several platforms (or no row): each account's pairs
            return connection.sql(
                f"SELECT {account} AS account_id, MIN({platform}) AS platform FROM "
                f"(SELECT account_id, platform FROM {table} GROUP BY ALL) AS raw GROUP BY 1"
            ).to_arrow_table()
    accounts = connection.sql(
        f"SELECT {account} AS account_id FROM (SELECT DISTINCT account_id FROM {table}) AS raw "
        "GROUP BY 1"
    ).to_arrow_table()
    which = arrow_of(np.zeros(accounts.num_rows, np.int32))
    return accounts.append_column("platform", platforms.column("platform").take(which))


class DayCounts:
    """Per account and UTC day from ``lo`` to ``hi``, each reference time's facts summed, in one
    dense array per fact: the account × day grid (accounts sorted by id, then days), and one
    spare cell last for the days not computed. The engine places each order in the grid
    (with :meth:`account_index`), and its rows are added as it yields them, one per order
    (:meth:`packed_sql`) or already summed per cell (:meth:`cells_sql`)."""

    def __init__(
        self, accounts: pa.Table, lo: date, hi: date, metrics: Iterable[str] | None = None
    ) -> None:
        self.accounts = accounts.select(["account_id", "platform"]).sort_by("account_id")
        self.lo = lo
        self.hi = hi
        self.days = (hi - lo).days + 1
        self.outside = self.accounts.num_rows * self.days  # the spare cell
        # only the facts of ``metrics`` are counted (every metric's: None); another's are 0
        self.references = references_for(metrics)
        self.facts = tuple(dict.fromkeys(f for r in self.references for f in r.facts))
        self.counts = {
            (reference.column, fact): np.zeros(self.outside + 1, np.int64)
            for reference in self.references
            for fact in reference.facts
        }
        self._running: dict[tuple[str, str], np.ndarray] = {}  # running totals along the days

    def account_index(self) -> pa.Table:
        """``account_index(account_id, idx)``: each account's row in the grid."""
        rows = self.accounts.num_rows
        return pa.table(
            {
                "account_id": self.accounts["account_id"],
                # not pa.array: on a numpy array it imports pandas (0.4 s of CPU)
                "idx": arrow_of(np.arange(rows, dtype=np.int32)),
            }
        )

    def cells_sql(self, *, summed: bool) -> str:
        """``sql/cells.sql`` for these days (one row per order) or, ``summed``,
        ``sql/daily.sql`` (one row per reference time and cell)."""
        cells = _template("cells.sql").render(
            facts_query=facts_sql(self.lo, self.hi),
            references=self.references,
            facts=self.facts,
            days=self.days,
            lo=self.lo.isoformat(),
            outside=self.outside,
        )
        if not summed:
            return cells
        return _template("daily.sql").render(
            cells=cells, references=self.references, facts=self.facts, outside=self.outside
        )

    def add(self, rows: pa.RecordBatch) -> None:
        """Add rows of ``sql/daily.sql`` (facts summed per cell)."""
        for reference in self.references:
            cells = rows.column(reference.cell).to_numpy()
            for fact in reference.facts:
                values = rows.column(fact).to_numpy()
                np.add.at(self.counts[(reference.column, fact)], cells, values.astype(np.int64))

    def packed_sql(self) -> str:
        """``sql/scan.sql`` for these days: per order and reference time, its cell and its facts
        packed in one number (accounts numbered by the table ``account_number``)."""
        return _template("scan.sql").render(
            facts_query=facts_sql(self.lo, self.hi),
            references=self.references,
            code_type=CODE_TYPE,
            lo=self.lo.isoformat(),
            days=self.days,
            outside=self.outside,
        )

    def add_packed(self, rows: pa.RecordBatch) -> None:
        """Add rows of :meth:`packed_sql`: each fact's bit counted in its rows' cells. A grid
        of no more cells than twice the rows is added to whole (``bincount``: a new grid a
        fact); a larger one (many accounts) a cell at a time (``add.at``), as a new grid of
        millions of cells for each fact of each batch cost more than the rows' own additions
        (3.8 s of the 11 s of 100M orders of 50,000 accounts here)."""
        size = self.outside + 1
        for reference in self.references:
            codes = numpy_of(rows.column(reference.code))
            counted = np.flatnonzero(codes)  # the rows with a fact
            cells = numpy_of(rows.column(reference.cell))[counted]
            codes = codes[counted]
            whole = size <= 2 * cells.size
            for bit, fact in enumerate(reference.facts):
                holds = cells[(codes & (1 << bit)) != 0]
                grid = self.counts[(reference.column, fact)]
                if whole:
                    grid += np.bincount(holds, minlength=size)
                else:
                    np.add.at(grid, holds, 1)

    def window(self, reference: str, fact: str, size: int, start: int) -> np.ndarray:
        """The sums of ``fact`` over the ``size`` days ending on each day from day index
        ``start`` to the last, per account (account-major, then day); 0 for a fact not
        counted. Several days' from running totals along the days, a last day's alone by
        adding its windows' days (a fifth of the time for 50,000 accounts)."""
        if start + 1 < size:
            raise ValueError(f"a {size}-day window needs {size - 1} days before day {start}")
        if (reference, fact) not in self.counts:
            return np.zeros(self.accounts.num_rows * (self.days - start), np.int64)
        grid = self.counts[(reference, fact)][:-1].reshape(self.accounts.num_rows, self.days)
        if start == self.days - 1:  # one day (metrics compute): each window's days summed
            summed: np.ndarray = grid[:, start + 1 - size : start + 1].sum(axis=1)
            return summed
        if (reference, fact) not in self._running:
            running = np.zeros((grid.shape[0], self.days + 1), np.int64)
            np.cumsum(grid, axis=1, out=running[:, 1:])
            self._running[(reference, fact)] = running
        running = self._running[(reference, fact)]
        ends = np.arange(start, self.days) + 1
        return (running[:, ends] - running[:, ends - size]).ravel()


HISTORY_SCHEMA = pa.schema(
    [
        ("account_id", pa.string()),
        ("platform", pa.string()),
        ("day", pa.date32()),
        ("metric", pa.string()),
        ("window_days", pa.int32()),
        ("numerator", pa.int64()),
        ("denominator", pa.int64()),
    ]
)


def span(as_of: date, days: int, windows: dict[str, tuple[int, ...]]) -> tuple[date, date]:
    """The first day of the history of ``days`` days ending on ``as_of``, and the first day
    its longest window reaches back to."""
    longest = max(size for sizes in windows.values() for size in sizes)
    first = as_of - timedelta(days=days - 1)
    return first, first - timedelta(days=longest - 1)


def window_values(
    engine: Engine,
    orders: Sequence[Path],
    as_of: date,
    *,
    days: int,
    windows: dict[str, tuple[int, ...]],
) -> pa.Table:
    """Every window of every metric for every account, for each of the ``days`` days ending on
    ``as_of``: a table of :data:`HISTORY_SCHEMA`, ordered by metric and window (as in
    ``windows``), then account and day."""
    if not windows:
        return HISTORY_SCHEMA.empty_table()
    first, lo = span(as_of, days, windows)
    return history_of(engine.day_counts(orders, lo, as_of, windows), first, days, windows)


def history_of(
    counts: DayCounts, first: date, days: int, windows: dict[str, tuple[int, ...]]
) -> pa.Table:
    """The windows' values of :func:`window_values` from ``counts``, from the day ``first``."""
    start = (first - counts.lo).days
    accounts = counts.accounts.num_rows
    which = arrow_of(np.repeat(np.arange(accounts, dtype=np.int32), days))
    # the same account, platform and day columns serve every window's part, uncopied
    shared = {
        "account_id": counts.accounts["account_id"].take(which).cast(pa.string()),
        "platform": counts.accounts["platform"].take(which).cast(pa.string()),
        "day": arrow_of(
            np.tile(np.arange(days, dtype=np.int32) + (first - EPOCH).days, accounts)
        ).view(pa.date32()),
    }
    parts = []
    for code, sizes in windows.items():
        definition = DEFINITIONS[code]
        for size in sizes:
            parts.append(
                pa.table(
                    {
                        **shared,
                        "metric": repeated(code, accounts * days),
                        "window_days": arrow_of(np.full(accounts * days, size, np.int32)),
                        "numerator": arrow_of(
                            counts.window(definition.reference, definition.numerator, size, start)
                        ),
                        "denominator": arrow_of(
                            counts.window(definition.reference, definition.denominator, size, start)
                        ),
                    },
                    schema=HISTORY_SCHEMA,
                )
            )
    return pa.concat_tables(parts)


# -- DuckDB ---------------------------------------------------------------------------------


class DuckDB:
    """The default engine: in process, streaming over Parquet, within ``memory_limit``."""

    name = "duckdb"

    def __init__(self, *, memory_limit: str = "1GB", threads: int | None = None) -> None:
        self.memory_limit = memory_limit
        self.threads = threads or os.cpu_count() or 1

    def connect(self, orders: Sequence[Path] = ()) -> duckdb.DuckDBPyConnection:
        """A connection in UTC, with the view ``orders`` over ``orders`` when given."""
        connection = duckdb.connect(
            config={"memory_limit": self.memory_limit, "threads": self.threads}
        )
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute("SET enable_progress_bar = false")
        if orders:
            _view(connection, orders)
        return connection

    def day_counts(
        self, orders: Sequence[Path], lo: date, hi: date, metrics: Iterable[str] | None = None
    ) -> DayCounts:
        connection = self.connect(orders)
        try:
            accounts = listed_accounts(connection)  # every account
            counts = DayCounts(accounts, lo, hi, metrics)
            if counts.references:  # then only orders with a day computed
                _view(connection, orders, dated_sql(lo, hi, counts.references))
            self.counted(connection, counts)
            return counts
        finally:
            connection.close()

    @staticmethod
    def counted(
        connection: duckdb.DuckDBPyConnection,
        counts: DayCounts,
        stop: Callable[[], bool] = lambda: False,
    ) -> bool:
        """Count ``counts`` (of every account, an empty grid) from the view ``orders`` of
        ``connection``; whether it was counted to the end, not given up as soon as ``stop``
        says so (between batches: the grid is then half counted)."""
        if not counts.references:
            return True  # no metric's facts to count: nothing to read
        connection.register("account_index", counts.account_index())
        connection.execute(  # each account's number, joined to its orders (sql/scan.sql)
            "CREATE OR REPLACE TEMP TABLE account_number AS SELECT account_id, idx FROM "
            "account_index"
        )
        connection.unregister("account_index")
        # in process: each order's facts stream straight into the grid, a batch at a time
        reader = connection.sql(counts.packed_sql()).to_arrow_reader(BATCH_ROWS)
        batches = _read_ahead(reader)
        try:
            for batch in batches:
                if stop():
                    return False
                counts.add_packed(batch)
            return True
        finally:
            batches.close()  # waits for a batch still being read, then the query is let go
            reader.close()

    def query(self, orders: Sequence[Path], sql: str) -> pa.Table:
        connection = self.connect(orders)
        try:
            return connection.sql(sql).to_arrow_table()
        finally:
            connection.close()


def _view(connection: duckdb.DuckDBPyConnection, orders: Sequence[Path], where: str = "") -> None:
    """The view ``orders`` over the Parquet files ``orders`` (only the rows ``where`` holds)."""
    files = ", ".join(literal(str(p)) for p in orders)
    source = f"read_parquet([{files}])"
    described = connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    empty = later_columns_sql({row[0] for row in described})  # a file kept before
    connection.execute(
        f"CREATE OR REPLACE VIEW orders AS SELECT *{empty} FROM {source}"
        + (f" WHERE {where}" if where else "")
    )


def _read_ahead(reader: pa.RecordBatchReader) -> Generator[pa.RecordBatch]:
    """``reader``'s batches, the next one read (by the engine, without the GIL) while the
    caller adds the current one."""

    def read() -> pa.RecordBatch | None:
        try:
            return reader.read_next_batch()
        except StopIteration:
            return None

    with ThreadPoolExecutor(max_workers=1) as worker:
        pending = worker.submit(read)
        while (batch := pending.result()) is not None:
            pending = worker.submit(read)
            yield batch
