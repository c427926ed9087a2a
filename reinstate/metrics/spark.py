"""The Spark engine: the metric definitions (``sql/*.sql``, DuckDB's dialect) transpiled by
SQLGlot and run through PySpark, each cell's facts summed by the executors before they reach the
driver (``sql/daily.sql``), then counted into the same grid as DuckDB's (:class:`.DayCounts`).

Example::

    values = window_values(Spark(), [Path("orders.parquet")], date(2026, 11, 18), days=1,
                           windows={"odr": (60,)})
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from ..errors import N_, InvalidInput
from ..validation import clean_choice
from .engine import ACCOUNTS_SQL, DayCounts, DuckDB, Engine
from .sources import LATER_COLUMNS


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

    def day_counts(
        self, orders: Sequence[Path], lo: date, hi: date, metrics: Iterable[str] | None = None
    ) -> DayCounts:
        # on a cluster: the executors sum each day, and only days travel to the driver
        session = self._orders(orders)
        counts = DayCounts(session.sql(spark_sql(ACCOUNTS_SQL)).toArrow(), lo, hi, metrics)
        if not counts.references:
            return counts
        session.createDataFrame(counts.account_index()).createOrReplaceTempView("account_index")
        summed = session.sql(spark_sql(counts.cells_sql(summed=True))).toArrow()
        for batch in summed.to_batches():
            counts.add(batch)
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
            raise spark_missing() from exc
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


def spark_missing() -> InvalidInput:
    return InvalidInput(
        N_("Spark is not installed: install it with pip install 'reinstate[spark]'."),
        field="engine",
    )


def engine_named(name: str, master: str | None = None) -> Engine:
    """The engine a command names: DuckDB (the default), or Spark when PySpark is installed
    (``master`` its cluster; a local one when None)."""
    if clean_choice(name, "engine", ("duckdb", "spark")) == "spark":
        # PySpark is an extra (about 500 MB installed, which most installations never use):
        # say so before any file is read, not after.
        try:
            import pyspark  # noqa: F401
        except ImportError as exc:
            raise spark_missing() from exc
        return Spark(master)
    return DuckDB()
