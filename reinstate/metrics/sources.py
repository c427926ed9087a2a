"""What every import profile gives :mod:`.importer`: a :class:`Source` of text batches named
as the canonical order columns (SPEC §5), with each row's number in the source (``__row``), its
size and progress, and the SHA-256 of what was read; and the helpers the profiles share to read
a header and refuse a file that does not match, with one sentence.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pyarrow as pa

from ..errors import N_, InvalidInput
from .packed import unpacked

COLUMN_TYPES: dict[str, str] = {
    "order_id": "text",
    "account_id": "text",
    "platform": "text",
    "marketplace": "text",
    "fulfilment": "fulfilment",
    "purchase_ts": "timestamp",
    "ship_by_ts": "timestamp",
    "shipped_ts": "timestamp",
    "promised_delivery_ts": "timestamp",
    "delivered_ts": "timestamp",
    "status": "text",
    "cancelled_ts": "timestamp",
    "cancelled_by": "cancelled_by",
    "tracking_id": "text",
    "tracking_valid": "boolean",
    "carrier": "text",
    "sku": "text",
    "asin": "text",
    "quantity": "integer",
    "destination_country": "text",
    "feedback_rating": "rating",
    "a_to_z_claim": "boolean",
    "chargeback": "boolean",
    "first_response_minutes": "number",
    # issue 16: what Shopee's, TikTok Shop's and AliExpress's metrics count (optional: a file
    # without them still imports; a metric that needs one it lacks says so)
    "buyer_message_ts": "timestamp",
    "return_ts": "timestamp",
    "return_fault": "cancelled_by",
    "dispute": "boolean",
}
# Columns added after order files were first kept: a kept file without one reads it as empty
# (its SQL type, the same name in DuckDB and Spark), so sql/facts.sql runs on it unchanged.
LATER_COLUMNS: dict[str, str] = {
    "first_response_minutes": "double",
    "buyer_message_ts": "timestamp",
    "return_ts": "timestamp",
    "return_fault": "string",
    "dispute": "boolean",
}
CANONICAL = tuple(COLUMN_TYPES)


def later_columns_sql(present: set[str]) -> str:
    """``, CAST(NULL AS type) AS name`` for each of :data:`LATER_COLUMNS` not ``present``."""
    return "".join(
        f", CAST(NULL AS {kind}) AS {name}"
        for name, kind in LATER_COLUMNS.items()
        if name not in present
    )


REQUIRED = ("order_id", "account_id", "purchase_ts")
# the times whose blank says the event did not happen (not shipped, not delivered, never
# cancelled, no return): one written but not readable is not "did not happen", and read as
# NULL it would count an order shipped on time as late, or a delivered one as not on time, so
# its row is refused, as one without an order id is (another column's unreadable cell is
# unknown, its order kept)
EVENT_TIMES = ("shipped_ts", "delivered_ts", "cancelled_ts", "return_ts")
ROW_COLUMNS = frozenset((*REQUIRED, *EVENT_TIMES))
PROFILES = ("canonical", "amazon-all-orders", "olist", "mapping")
BATCH_BYTES = 16 * 1024 * 1024
Progress = Callable[[int, int], None]  # (done, total) in bytes


def _duckdb_accepts(sql: str) -> bool:
    """Whether DuckDB, which reads the file, accepts ``sql`` (a setting or a format)."""
    import duckdb

    with duckdb.connect() as connection:
        try:
            connection.execute(sql)
        except duckdb.Error:
            return False
    return True


def literal(value: str) -> str:
    """``value`` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def is_zone(name: str) -> bool:
    """A named zone both Python and DuckDB know ("localtime" is a file, not a zone to DuckDB)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return _duckdb_accepts(f"SET TimeZone = {literal(name)}")


def is_time_format(pattern: str) -> bool:
    """A strptime format DuckDB can use (``%Q%`` is refused here, not in the middle of a read)."""
    return _duckdb_accepts(f"SELECT TRY_STRPTIME('2026-11-18', {literal(pattern)})")


@dataclass
class Source:
    """A profile opened on a file: its batches, its size for progress, and what it carries."""

    profile: str
    present: frozenset[str]  # canonical columns the source carries
    timezone: str
    timestamp_format: str | None
    values: dict[str, dict[str, str]]  # canonical column -> {source value: canonical value}
    batches: Iterator[pa.RecordBatch]
    total_bytes: int
    done_bytes: Callable[[], int]
    digest: Callable[[], str]  # SHA-256 of the source's bytes, once it has been read
    missing: dict[str, str] = field(default_factory=dict)  # column -> reason when it is empty
    # a Parquet file DuckDB can read in place, typed columns staying typed: the file, and its
    # column -> canonical column, and constants (the batches are then a fallback)
    parquet: Path | None = None
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    # the file's column ``__row`` numbers its rows as the source did (a CSV file's lines): a
    # text source's batches written as they are (:func:`.scan.staged`)
    numbered: bool = False


class Counting(io.RawIOBase):
    """A binary file that counts and hashes what is read: the progress bar and the import's
    SHA-256 come from the one reading."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.count = 0
        self.hash = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.handle.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        self.hash.update(data)
        return len(data)

    def close(self) -> None:
        self.handle.close()
        super().close()


def file_digest(paths: list[Path]) -> str:
    """SHA-256 of the files, one after the other (sources read other than as a stream)."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
    return digest.hexdigest()


def refused(profile: str, path: Path, message: str, **params: Any) -> InvalidInput:
    return InvalidInput(message, field="source", path=path.name, profile=profile, **params)


def header_of(
    path: Path, separator: str, encoding: str, profile: str, *, as_read: bool = False
) -> list[str]:
    """The names of the file's columns, trimmed; ``as_read``: as the CSV reader names them,
    spaces kept (only a byte-order mark dropped)."""
    try:
        binary = unpacked(path)  # a .csv.gz file's CSV
        with io.TextIOWrapper(binary, encoding=encoding, newline="") as handle:
            first = handle.readline()
    except UnicodeDecodeError:
        raise refused(
            profile,
            path,
            N_("{path} does not match the {profile} profile: it is not text in {encoding}."),
            encoding=encoding,
        ) from None
    except LookupError:
        binary.close()
        raise InvalidInput(
            N_("{encoding} is not a text encoding."), field="mapping", encoding=encoding
        ) from None
    names = next(csv.reader([first], delimiter=separator), [])
    if as_read:
        return [name.lstrip("\ufeff") if i == 0 else name for i, name in enumerate(names)]
    return [name.strip().lstrip("\ufeff") for name in names]
