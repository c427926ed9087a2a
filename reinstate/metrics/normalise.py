"""Orders read into canonical Parquet (``metrics import``, ``metrics compute`` of a text
file): a Parquet file by queries over it in place (:func:`.scan.written`), a text source's rows
first written as they are (:func:`.scan.staged`), and a file DuckDB cannot read batch by batch,
to say where it is damaged (the checks of :mod:`.importer`).

Example::

    result = normalise(open_source("canonical", Path("orders.csv")), Path("orders.parquet"))
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import N_, InvalidInput
from .importer import Normalised, cells_sql, count_bad, nothing_read, typing_sql
from .merged import MERGE_SQL
from .scan import staged, written
from .sources import Progress, Source, literal


def _connection(timezone: str, memory_limit: str) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(config={"memory_limit": memory_limit})
    connection.execute(f"SET TimeZone = {literal(timezone)}")
    return connection


def normalise(
    source: Source,
    target: Path,
    *,
    progress: Progress | None = None,
    memory_limit: str = "1GB",
) -> Normalised:
    """Read ``source`` into ``target`` (Parquet of canonical orders); return what was read.

    ``target`` appears only when complete (written beside it, then renamed). A Parquet file
    is read in place by queries (:func:`.scan.written`); its batches are read only when DuckDB
    cannot read it, to say where it is damaged. A text source's rows are first written as
    they are (:func:`.scan.staged`), then read so."""
    if source.parquet is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        rows = Path(tempfile.mkdtemp(prefix=".import-", dir=target.parent))
        try:
            result = written(staged(source, rows / "rows.parquet", progress), target, memory_limit)
        finally:
            shutil.rmtree(rows, ignore_errors=True)
        result.path = target
        if progress:
            progress(source.total_bytes, source.total_bytes)
        return result
    try:
        return written(source, target, memory_limit)
    except (duckdb.Error, pa.ArrowException, OSError):
        pass
    result = Normalised(path=target, profile=source.profile, present=source.present)
    connection = _connection(source.timezone, memory_limit)
    sql, cells = typing_sql(source), cells_sql(source, {})
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".import-", dir=target.parent))
    good_rows = work / "staged.parquet"
    writer: pq.ParquetWriter | None = None
    try:
        for batch in source.batches:
            connection.register("raw", pa.Table.from_batches([batch]))
            table = connection.sql(sql).to_arrow_table()
            result.rows += table.num_rows
            problems = table.column("__problem")
            bad = table.filter(problems.is_valid())
            if bad.num_rows:
                count_bad(result, bad)
            good = table.filter(problems.is_null())
            if any(part.false_count for part in good.column("__clean").chunks):  # a cell not read
                unread = f"SELECT __problem, __row, __value FROM ({cells}) ORDER BY __row, __place"
                count_bad(result, connection.sql(unread).to_arrow_table(), cells=True)
            connection.unregister("raw")
            good = good.drop_columns(["__problem", "__value", "__good", "__clean"])
            if writer is None:
                writer = pq.ParquetWriter(good_rows, good.schema)
            writer.write_table(good)
            if progress:
                progress(source.done_bytes(), source.total_bytes)
        if writer is None:
            raise InvalidInput(N_("The file holds no orders."), field="source")
        writer.close()
        writer = None
        connection.execute(
            f"CREATE VIEW staged AS SELECT * FROM read_parquet({literal(str(good_rows))})"
        )
        partial = work / "orders.parquet"
        connection.execute(
            f"COPY ({MERGE_SQL}) TO {literal(str(partial))} (FORMAT PARQUET, COMPRESSION ZSTD)"
        )
        counted = (
            "SELECT count(*), count(DISTINCT account_id) "
            f"FROM read_parquet({literal(str(partial))})"
        )
        result.orders, result.accounts = connection.execute(counted).fetchone() or (0, 0)
        result.merged_rows = result.rows - result.bad_rows - result.orders
        if result.orders == 0:
            raise nothing_read(result)
        os.replace(partial, target)
        if progress:
            progress(source.total_bytes, source.total_bytes)
        return result
    finally:
        if writer is not None:
            writer.close()
        connection.close()
        shutil.rmtree(work, ignore_errors=True)
