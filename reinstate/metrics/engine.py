"""Run the metric definitions (``sql/*.sql``, DuckDB's dialect) on DuckDB or, transpiled by
SQLGlot, on Spark. The engine works out each order's 0/1 facts (``sql/facts.sql``, the
definitions) and the cell of an account × day grid where each reference time places them
(``sql/cells.sql``); DuckDB streams those rows, Spark sums them per cell first
(``sql/daily.sql``). :class:`DayCounts` adds them into the grid and sums every window from
running totals along the days, the same way whichever engine counted, so both give the same
integers: rates are divided in Python, never in either engine.

Example::

    values = window_values(DuckDB(), [Path("orders.parquet")], date(2026, 11, 18), days=90,
                           windows={"odr": (60,), "late_shipment_rate": (10, 30)})
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
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

from ..errors import N_, InvalidInput
from ..validation import clean_choice
from .definitions import DEFINITIONS
from .sources import LATER_COLUMNS, later_columns_sql

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


def _references() -> list[Reference]:
    days = {
        "purchase_ts": "purchase_day",
        "ship_by_ts": "ship_by_day",
        "shipped_ts": "shipped_day",
        "promised_delivery_ts": "promised_day",
        "delivery_due_ts": "delivery_due_day",  # shipped_ts + 30 days (sql/facts.sql)
    }
    facts: dict[str, list[str]] = {column: [] for column in days}
    for definition in DEFINITIONS.values():
        for fact in (definition.numerator, definition.denominator):
            if fact not in facts[definition.reference]:
                facts[definition.reference].append(fact)
    return [Reference(column, day, tuple(facts[column])) for column, day in days.items()]


# every reference time, and every fact a definition counts, derived from DEFINITIONS
REFERENCES = _references()
FACTS = tuple(dict.fromkeys(f for reference in REFERENCES for f in reference.facts))
REFERENCE_OF = {reference.column: reference for reference in REFERENCES}


def literal(value: str) -> str:
    """``value`` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


class Engine(Protocol):
    name: str

    def day_counts(self, orders: Sequence[Path], lo: date, hi: date) -> DayCounts:
        """Every account of the Parquet files ``orders``, and its facts counted per day from
        ``lo`` to ``hi``."""
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


# each reference day of sql/facts.sql, and the time it is the UTC day of
DAYS = {
    "purchase_day": "purchase_ts",
    "ship_by_day": "ship_by_ts",
    "shipped_day": "shipped_ts",
    "promised_day": "promised_delivery_ts",
    # the day a shipped order's 30 days after shipment run out (Joom's logistics anomaly)
    "delivery_due_day": "shipped_ts + INTERVAL 30 DAY",
}


def facts_sql(lo: date, hi: date, keep: Sequence[str] = ()) -> str:
    """``sql/facts.sql``: one row per order, its reference days inside ``lo``…``hi`` (and the
    columns ``keep`` of ``orders`` as they are)."""
    return _template("facts.sql").render(
        lo=lo.isoformat(), hi=hi.isoformat(), keep=list(keep), days=DAYS
    )


def dated_sql(lo: date, hi: date) -> str:
    """Whether an order has a reference day inside ``lo``…``hi`` (one a facts row would not
    leave NULL): a filter for the orders themselves, which DuckDB pushes down to a file's scan
    (the same filter on the facts' days stays above the typing of every row)."""
    inside = f"BETWEEN DATE '{lo.isoformat()}' AND DATE '{hi.isoformat()}'"
    return " OR ".join(f"CAST({time} AS DATE) {inside}" for time in DAYS.values())


ACCOUNTS_SQL = (SQL_DIR / "accounts.sql").read_text(encoding="utf-8")
EPOCH = date(1970, 1, 1)

# Arrow <-> numpy without pyarrow's own conversions, which import pandas (half a second of a
# command that never uses it) to check whether the values are pandas objects.
_NUMPY = {pa.int8(): np.int8, pa.int16(): np.int16, pa.int32(): np.int32, pa.int64(): np.int64,
          pa.uint64(): np.uint64, pa.float64(): np.float64}  # fmt: skip
_ARROW = {np.dtype(kind): arrow for arrow, kind in _NUMPY.items()}


def numpy_of(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The values of a fixed-width array as numpy, uncopied (whatever is under a null)."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    kind = np.dtype(_NUMPY[array.type])
    data = array.buffers()[1]
    return np.frombuffer(data, kind, count=len(array), offset=array.offset * kind.itemsize)


def valid_of(array: pa.Array) -> np.ndarray | None:
    """Which values of ``array`` are not null (None: all of them)."""
    if not array.null_count:
        return None
    bits = np.frombuffer(array.buffers()[0], np.uint8)
    return np.unpackbits(bits, bitorder="little")[array.offset : array.offset + len(array)].view(
        np.bool_
    )


def arrow_of(values: np.ndarray) -> pa.Array:
    """A numpy array of numbers or booleans as Arrow."""
    if values.dtype == np.bool_:
        bits = np.packbits(values, bitorder="little")
        return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])
    values = np.ascontiguousarray(values)
    return pa.Array.from_buffers(_ARROW[values.dtype], len(values), [None, pa.py_buffer(values)])


def repeated(text: str, times: int) -> pa.Array:
    """``text`` ``times`` times, as Arrow strings."""
    data = text.encode("utf-8")
    offsets = pa.py_buffer(np.array([0, len(data)], np.int32))
    one = pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(data)])
    return one.take(arrow_of(np.zeros(times, np.int32)))


class DayCounts:
    """Per account and UTC day from ``lo`` to ``hi``, each reference time's facts summed, in one
    dense array per fact: the account × day grid (accounts sorted by id, then days), and one
    spare cell last for the days not computed. The engine places each order in the grid
    (``sql/cells.sql``, with :meth:`account_index`), and its rows are added as it yields them,
    one per order or already summed per cell (``sql/daily.sql``)."""

    def __init__(self, accounts: pa.Table, lo: date, hi: date) -> None:
        self.accounts = accounts.select(["account_id", "platform"]).sort_by("account_id")
        self.lo = lo
        self.hi = hi
        self.days = (hi - lo).days + 1
        self.outside = self.accounts.num_rows * self.days  # the spare cell
        self.counts = {
            (reference.column, fact): np.zeros(self.outside + 1, np.int64)
            for reference in REFERENCES
            for fact in reference.facts
        }
        self._running: dict[tuple[str, str], np.ndarray] = {}  # running totals along the days

    def account_index(self) -> pa.Table:
        """``account_index(account_id, idx)``: each account's row in the grid."""
        rows = self.accounts.num_rows
        return pa.table(
            {
                "account_id": self.accounts["account_id"],
                "idx": pa.array(np.arange(rows), pa.int32()),
            }
        )

    def cells_sql(self, *, summed: bool) -> str:
        """``sql/cells.sql`` for these days (one row per order) or, ``summed``,
        ``sql/daily.sql`` (one row per reference time and cell)."""
        cells = _template("cells.sql").render(
            facts_query=facts_sql(self.lo, self.hi),
            references=REFERENCES,
            facts=FACTS,
            days=self.days,
            lo=self.lo.isoformat(),
            outside=self.outside,
        )
        if not summed:
            return cells
        return _template("daily.sql").render(
            cells=cells, references=REFERENCES, facts=FACTS, outside=self.outside
        )

    def add(self, rows: pa.RecordBatch, *, summed: bool = False) -> None:
        """Add rows of ``sql/cells.sql`` (0/1 facts) or, ``summed``, of ``sql/daily.sql``."""
        for reference in REFERENCES:
            cells = rows.column(reference.cell).to_numpy()
            for fact in reference.facts:
                values = rows.column(fact).to_numpy()
                counts = self.counts[(reference.column, fact)]
                if summed:
                    np.add.at(counts, cells, values.astype(np.int64))
                else:  # adding 1 where the fact holds is numpy's fast path
                    np.add.at(counts, cells[values.astype(np.bool_)], 1)

    def window(self, reference: str, fact: str, size: int, start: int) -> np.ndarray:
        """The sums of ``fact`` over the ``size`` days ending on each day from day index
        ``start`` to the last, per account (account-major, then day)."""
        if start + 1 < size:
            raise ValueError(f"a {size}-day window needs {size - 1} days before day {start}")
        if (reference, fact) not in self._running:
            grid = self.counts[(reference, fact)][:-1].reshape(self.accounts.num_rows, self.days)
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
    return history_of(engine.day_counts(orders, lo, as_of), first, days, windows)


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
            files = ", ".join(literal(str(p)) for p in orders)
            source = f"read_parquet([{files}])"
            described = connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
            empty = later_columns_sql({row[0] for row in described})  # a file kept before
            connection.execute(f"CREATE VIEW orders AS SELECT *{empty} FROM {source}")
        return connection

    def day_counts(self, orders: Sequence[Path], lo: date, hi: date) -> DayCounts:
        connection = self.connect(orders)
        try:
            return self.counted(connection, lo, hi)
        finally:
            connection.close()

    @staticmethod
    def counted(connection: duckdb.DuckDBPyConnection, lo: date, hi: date) -> DayCounts:
        """:meth:`day_counts` of the view ``orders`` of ``connection``."""
        # in process: each order's facts stream straight into the grid, a batch at a time
        counts = DayCounts(connection.sql(ACCOUNTS_SQL).to_arrow_table(), lo, hi)
        connection.register("account_index", counts.account_index())
        reader = connection.sql(counts.cells_sql(summed=False)).to_arrow_reader(BATCH_ROWS)
        for batch in _read_ahead(reader):
            counts.add(batch)
        return counts

    def query(self, orders: Sequence[Path], sql: str) -> pa.Table:
        connection = self.connect(orders)
        try:
            return connection.sql(sql).to_arrow_table()
        finally:
            connection.close()


def _read_ahead(reader: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
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


# -- Spark ----------------------------------------------------------------------------------


def spark_sql(sql: str) -> str:
    """``sql`` (DuckDB's dialect) in Spark's."""
    import sqlglot

    return str(sqlglot.transpile(sql, read="duckdb", write="spark")[0])


_SESSIONS: dict[str, Any] = {}  # master -> the process's Spark session


class Spark:
    """Spark through PySpark: ``local[*]`` by default, or a cluster's ``spark://`` master."""

    name = "spark"

    def __init__(self, master: str | None = None) -> None:
        self.master = master or "local[*]"

    def day_counts(self, orders: Sequence[Path], lo: date, hi: date) -> DayCounts:
        # on a cluster: the executors sum each day, and only days travel to the driver
        session = self._orders(orders)
        counts = DayCounts(session.sql(spark_sql(ACCOUNTS_SQL)).toArrow(), lo, hi)
        session.createDataFrame(counts.account_index()).createOrReplaceTempView("account_index")
        summed = session.sql(spark_sql(counts.cells_sql(summed=True))).toArrow()
        for batch in summed.to_batches():
            counts.add(batch, summed=True)
        return counts

    def query(self, orders: Sequence[Path], sql: str) -> pa.Table:
        table: pa.Table = self._orders(orders).sql(spark_sql(sql)).toArrow()
        return table

    def _orders(self, orders: Sequence[Path]) -> Any:
        """The session, with the view ``orders`` over the Parquet files ``orders``."""
        from pyspark.sql.functions import lit

        session = self._session()
        frame = session.read.parquet(*[str(p) for p in orders])
        for name, kind in LATER_COLUMNS.items():  # a file kept before the column existed
            if name not in frame.columns:
                frame = frame.withColumn(name, lit(None).cast(kind))
        frame.createOrReplaceTempView("orders")
        return session

    def _session(self) -> Any:
        """The process's session for this master: started once (Java's start and the first
        job's planning are most of a small computation), then reused."""
        session = _SESSIONS.get(self.master)
        if session is None or session.sparkContext._jsc is None:  # none yet, or stopped
            _SESSIONS[self.master] = self._start()
        return _SESSIONS[self.master]

    def _start(self) -> Any:
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:
            raise _spark_missing() from exc
        if self.master.startswith("local"):
            # one machine: keep the driver on loopback, whatever the host name resolves to
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        logging = Path(__file__).parent / "log4j2.properties"
        os.environ.setdefault(
            "PYSPARK_SUBMIT_ARGS",
            f"--driver-java-options -Dlog4j.configurationFile={logging} pyspark-shell",
        )
        try:
            builder = SparkSession.builder.master(self.master).appName("reinstate-metrics")
            if self.master.startswith("local"):
                builder = builder.config("spark.driver.host", "127.0.0.1")
            session = (
                builder.config("spark.sql.session.timeZone", "UTC")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "8")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate()
            )
        except Exception as exc:  # Java missing, master unreachable: one sentence, not a trace
            raise InvalidInput(
                N_("Spark could not start at {master}: {reason}"),
                field="engine",
                master=self.master,
                reason=str(exc).strip().splitlines()[0][:200] if str(exc).strip() else "",
            ) from exc
        session.sparkContext.setLogLevel("ERROR")
        return session


def _spark_missing() -> InvalidInput:
    return InvalidInput(
        N_("Spark is not installed: install it with pip install 'reinstate[spark]'."),
        field="engine",
    )


def engine_named(name: str, master: str | None = None) -> Engine:
    if clean_choice(name, "engine", ("duckdb", "spark")) == "spark":
        # PySpark is an extra (about 500 MB installed, which most installations never use):
        # say so before any file is read, not after.
        try:
            import pyspark  # noqa: F401
        except ImportError as exc:
            raise _spark_missing() from exc
        return Spark(master)
    return DuckDB()
