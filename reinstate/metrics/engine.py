"""Run the metric definitions (``sql/*.sql``, DuckDB's dialect) on DuckDB or, transpiled by
SQLGlot, on Spark. Both read the same canonical Parquet and give the same integers: rates are
divided in Python, never in either engine.

Example::

    values = window_values(DuckDB(), [Path("orders.parquet")], date(2026, 11, 18), days=90,
                           windows={"odr": (60,), "late_shipment_rate": (10, 30)})
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import duckdb
import jinja2
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import N_, InvalidInput
from ..validation import clean_choice
from .definitions import DEFINITIONS

SQL_DIR = Path(__file__).parent / "sql"


@dataclass(frozen=True)
class Reference:
    """A reference time: its day column in ``sql/facts.sql``, its table alias in
    ``sql/rolling.sql``, and the facts (``facts.sql`` columns) summed per such day."""

    column: str
    day: str
    alias: str
    facts: tuple[str, ...]


def _references() -> list[Reference]:
    days = {
        "purchase_ts": "purchase_day",
        "ship_by_ts": "ship_by_day",
        "shipped_ts": "shipped_day",
        "promised_delivery_ts": "promised_day",
    }
    facts: dict[str, list[str]] = {column: [] for column in days}
    for definition in DEFINITIONS.values():
        for fact in (definition.numerator, definition.denominator):
            if fact not in facts[definition.reference]:
                facts[definition.reference].append(fact)
    return [
        Reference(column, day, f"by_{day.removesuffix('_day')}", tuple(facts[column]))
        for column, day in days.items()
    ]


# every reference time, and every fact a definition counts, derived from DEFINITIONS
REFERENCES = _references()
FACTS = tuple(dict.fromkeys(f for reference in REFERENCES for f in reference.facts))
REFERENCE_OF = {reference.column: reference for reference in REFERENCES}


def literal(value: str) -> str:
    """``value`` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


class Engine(Protocol):
    name: str

    def query(self, sql: str, orders: Sequence[Path], calendar: Sequence[date]) -> pa.Table:
        """The result of ``sql`` with the view ``orders`` over the Parquet files and the table
        ``calendar(day)``."""
        ...


@cache
def _template(name: str) -> jinja2.Template:
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    return environment.from_string((SQL_DIR / name).read_text(encoding="utf-8"))


def facts_sql(lo: date, hi: date) -> str:
    """``sql/facts.sql``: one row per order, its reference days inside ``lo``…``hi``."""
    return _template("facts.sql").render(lo=lo.isoformat(), hi=hi.isoformat())


def rolling_sql(lo: date, first: date, hi: date, windows: dict[str, tuple[int, ...]]) -> str:
    """The query giving, per account and day from ``first`` to ``hi``, every window's counts."""
    used = {DEFINITIONS[code].reference for code in windows}
    references = [r for r in REFERENCES if r.column in used]
    window_columns = [
        {
            "name": f"{code}__{days}__{part}",
            "column": f"{REFERENCE_OF[DEFINITIONS[code].reference].alias}_{fact}",
            "days": days,
        }
        for code, sizes in windows.items()
        for days in sizes
        for part, fact in (("n", DEFINITIONS[code].numerator), ("d", DEFINITIONS[code].denominator))
    ]
    return _template("rolling.sql").render(
        facts=facts_sql(lo, hi),
        daily=_template("daily.sql").render(facts=FACTS, references=REFERENCES),
        references=references,
        windows=window_columns,
        first=first.isoformat(),
    )


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
    longest = max(size for sizes in windows.values() for size in sizes)
    first = as_of - timedelta(days=days - 1)
    lo = first - timedelta(days=longest - 1)
    calendar = [lo + timedelta(days=i) for i in range((as_of - lo).days + 1)]
    wide = engine.query(rolling_sql(lo, first, as_of, windows), orders, calendar)
    # one sort of the wide rows (a seventh as many as the long ones) orders every part alike
    wide = wide.sort_by([("account_id", "ascending"), ("day", "ascending")])
    parts = []
    for code, sizes in windows.items():
        for size in sizes:
            rows = wide.num_rows
            parts.append(
                pa.table(
                    {
                        "account_id": wide.column("account_id").cast(pa.string()),
                        "platform": wide.column("platform").cast(pa.string()),
                        "day": wide.column("day").cast(pa.date32()),
                        "metric": pa.array([code] * rows, pa.string()),
                        "window_days": pa.array([size] * rows, pa.int32()),
                        "numerator": pc.fill_null(
                            wide.column(f"{code}__{size}__n").cast(pa.int64()), 0
                        ),
                        "denominator": pc.fill_null(
                            wide.column(f"{code}__{size}__d").cast(pa.int64()), 0
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
            connection.execute(f"CREATE VIEW orders AS SELECT * FROM read_parquet([{files}])")
        return connection

    def query(self, sql: str, orders: Sequence[Path], calendar: Sequence[date]) -> pa.Table:
        connection = self.connect(orders)
        try:
            connection.execute("CREATE TEMP TABLE calendar (day DATE)")
            connection.executemany("INSERT INTO calendar VALUES (?)", [(d,) for d in calendar])
            return connection.sql(sql).to_arrow_table()
        finally:
            connection.close()


# -- Spark ----------------------------------------------------------------------------------


def spark_sql(sql: str) -> str:
    """``sql`` (DuckDB's dialect) in Spark's."""
    import sqlglot

    return str(sqlglot.transpile(sql, read="duckdb", write="spark")[0])


class Spark:
    """Spark through PySpark: ``local[*]`` by default, or a cluster's ``spark://`` master."""

    name = "spark"

    def __init__(self, master: str | None = None) -> None:
        self.master = master or "local[*]"

    def query(self, sql: str, orders: Sequence[Path], calendar: Sequence[date]) -> pa.Table:
        session = self._session()
        frame = session.read.parquet(*[str(p) for p in orders])
        frame.createOrReplaceTempView("orders")
        session.createDataFrame([(d,) for d in calendar], "day DATE").createOrReplaceTempView(
            "calendar"
        )
        return session.sql(spark_sql(sql)).toArrow()

    def _session(self) -> Any:
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # pragma: no cover - pyspark is a dependency
            raise InvalidInput(N_("Spark is not installed."), field="engine") from exc
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


def engine_named(name: str, master: str | None = None) -> Engine:
    if clean_choice(name, "engine", ("duckdb", "spark")) == "spark":
        return Spark(master)
    return DuckDB()
