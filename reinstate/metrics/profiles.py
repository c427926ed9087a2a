"""Import profiles: how a source's columns become canonical order columns (SPEC §5).

Every profile gives the same thing: batches of text columns named as the canonical columns,
with each row's number in the source (``__row``), which :mod:`.importer` types, checks and
merges. ``canonical`` reads CSV or Parquet with the canonical names; ``amazon-all-orders`` and a
user's TOML mapping rename columns by header and translate values; ``olist`` joins the Olist
dataset's orders, items and reviews into one order per (order, seller).

A mapping file::

    timezone = "Asia/Shanghai"            # for times written without an offset
    timestamp_format = "%Y/%m/%d %H:%M"   # strptime; ISO 8601 when absent
    delimiter = ","                       # csv (default), or "\\t"
    encoding = "gb18030"

    [columns]                             # source column = canonical column
    "订单号" = "order_id"
    "下单时间" = "purchase_ts"

    [values.status]                       # source value = canonical value
    "已取消" = "cancelled"

    [constants]                           # a value for every row
    account_id = "shop-1"
"""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import N_, InvalidInput
from ..validation import clean_choice
from .engine import literal

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
}
CANONICAL = tuple(COLUMN_TYPES)
REQUIRED = ("order_id", "account_id", "purchase_ts")
PROFILES = ("canonical", "amazon-all-orders", "olist", "mapping")
BATCH_BYTES = 16 * 1024 * 1024
Progress = Callable[[int, int], None]  # (done, total) in bytes


def _duckdb_accepts(sql: str) -> bool:
    """Whether DuckDB, which reads the file, accepts ``sql`` (a setting or a format)."""
    with duckdb.connect() as connection:
        try:
            connection.execute(sql)
        except duckdb.Error:
            return False
    return True


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


class Mapping(BaseModel):
    """A user's description of an export: which column is which, and how values are written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["csv", "tsv", "parquet"] = "csv"
    delimiter: str | None = Field(None, min_length=1, max_length=1)
    encoding: str = "utf-8"
    timezone: str = "UTC"
    timestamp_format: str | None = None
    columns: dict[str, str] = Field(min_length=1)
    values: dict[str, dict[str, str]] = {}
    constants: dict[str, str] = {}

    @field_validator("columns")
    @classmethod
    def _known_targets(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value.values()) - set(CANONICAL))
        if unknown:
            raise ValueError(f"{unknown[0]} is not a canonical column")
        return value

    @field_validator("values", "constants")
    @classmethod
    def _known_keys(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(CANONICAL))
        if unknown:
            raise ValueError(f"{unknown[0]} is not a canonical column")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        if not is_zone(value):
            raise ValueError(f"{value} is not a time zone")
        return value

    @field_validator("timestamp_format")
    @classmethod
    def _format(cls, value: str | None) -> str | None:
        if value is not None and not is_time_format(value):
            raise ValueError(f"{value} is not a time format (write it like %Y/%m/%d %H:%M)")
        return value

    @property
    def separator(self) -> str:
        return self.delimiter or ("\t" if self.format == "tsv" else ",")


def read_mapping(path: Path, name: str | None = None) -> Mapping:
    """The mapping file at ``path`` (called ``name`` in messages, for an upload)."""
    if not path.is_file():
        raise InvalidInput(N_("There is no file {path}."), field="mapping", path=str(path))
    name = name or path.name
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            N_("The mapping file {path} is not valid TOML: {reason}"),
            field="mapping",
            path=name,
            reason=str(exc),
        ) from exc
    try:
        return Mapping.model_validate(document)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"]) or "mapping"
        raise InvalidInput(
            N_("The mapping file {path} is not valid: {where}: {reason}."),
            field="mapping",
            path=name,
            where=where,
            reason=str(problem["msg"]).removeprefix("Value error, "),
        ) from exc


# Amazon's "All Orders" flat file (tab-separated, one row per order item). Its column set varies
# by marketplace; these are the columns it always has, found by header name.
AMAZON_ALL_ORDERS = Mapping(
    format="tsv",
    columns={
        "amazon-order-id": "order_id",
        "purchase-date": "purchase_ts",
        "order-status": "status",
        "fulfillment-channel": "fulfilment",
        "sales-channel": "marketplace",
        "sku": "sku",
        "asin": "asin",
        "quantity": "quantity",
        "ship-country": "destination_country",
    },
    values={
        "fulfilment": {"Amazon": "afn", "Merchant": "mfn", "AFN": "afn", "MFN": "mfn"},
        "status": {"Cancelled": "cancelled", "Canceled": "cancelled"},
    },
    constants={"platform": "amazon"},
)


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


class _Counting(io.RawIOBase):
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


def _digest(paths: list[Path]) -> str:
    """SHA-256 of the files, one after the other (sources read other than as a stream)."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
    return digest.hexdigest()


def _refuse(profile: str, path: Path, message: str, **params: Any) -> InvalidInput:
    return InvalidInput(message, field="source", path=path.name, profile=profile, **params)


def _header(path: Path, separator: str, encoding: str, profile: str) -> list[str]:
    try:
        with path.open(encoding=encoding, newline="") as handle:
            first = handle.readline()
    except UnicodeDecodeError:
        raise _refuse(
            profile,
            path,
            N_("{path} does not match the {profile} profile: it is not text in {encoding}."),
            encoding=encoding,
        ) from None
    except LookupError:
        raise InvalidInput(
            N_("{encoding} is not a text encoding."), field="mapping", encoding=encoding
        ) from None
    names = next(csv.reader([first], delimiter=separator), [])
    return [name.strip().lstrip("\ufeff") for name in names]


def _resolve(header: list[str], mapping: Mapping) -> dict[str, str]:
    """The header's columns the mapping names (matched without regard to case or spaces),
    each with its canonical column; the first source of a canonical column wins."""
    by_name = {name.strip().lstrip("\ufeff").casefold(): name for name in header}
    columns: dict[str, str] = {}
    for source, target in mapping.columns.items():
        name = by_name.get(source.strip().casefold())
        if name is not None and target not in columns.values():
            columns[name] = target
    return columns


def _text_batches(
    path: Path, header: list[str], mapping: Mapping, columns: dict[str, str], profile: str
) -> tuple[Iterator[pa.RecordBatch], _Counting]:
    counting = _Counting(path.open("rb"))
    try:
        reader = pacsv.open_csv(
            io.BufferedReader(counting, buffer_size=1024 * 1024),
            read_options=pacsv.ReadOptions(
                block_size=BATCH_BYTES, encoding=mapping.encoding, use_threads=True
            ),
            parse_options=pacsv.ParseOptions(delimiter=mapping.separator, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        counting.close()
        raise _refuse(
            profile,
            path,
            N_("{path} does not match the {profile} profile: {reason}."),
            reason=str(exc).splitlines()[0],
        ) from exc

    def batches() -> Iterator[pa.RecordBatch]:
        row = 2  # the header is line 1
        try:
            for batch in reader:
                yield _renamed(batch, columns, mapping.constants, row)
                row += batch.num_rows
        except pa.ArrowInvalid as exc:
            raise InvalidInput(
                N_("{path} cannot be read after line {row}: {reason}."),
                field="source",
                path=path.name,
                row=row,
                reason=str(exc).splitlines()[0],
            ) from exc
        finally:
            counting.close()

    return batches(), counting


def _renamed(
    batch: pa.RecordBatch, columns: dict[str, str], constants: dict[str, str], first_row: int
) -> pa.RecordBatch:
    """The batch's mapped columns under canonical names, as text, with the constants and each
    row's number in the source."""
    arrays: dict[str, pa.Array] = {}
    for name, target in columns.items():
        array = batch.column(batch.schema.get_field_index(name))
        if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
            array = _as_text(array)
        arrays[target] = array
    for target, value in constants.items():
        arrays.setdefault(target, pa.array([value] * batch.num_rows, pa.string()))
    arrays["__row"] = pa.array(range(first_row, first_row + batch.num_rows), pa.int64())
    return pa.RecordBatch.from_pydict(arrays)


def _as_text(array: pa.Array) -> pa.Array:
    if pa.types.is_timestamp(array.type):
        if array.type.tz is None:
            array = pc.assume_timezone(array, "UTC")
        return pc.strftime(array, format="%Y-%m-%dT%H:%M:%S%z")
    return pc.cast(array, pa.string())


def _present(profile: str, path: Path, mapping: Mapping, columns: dict[str, str]) -> frozenset[str]:
    """The canonical columns the source carries; refuses one without a required column."""
    present = frozenset(columns.values()) | set(mapping.constants)
    for required in REQUIRED:
        if required not in present:
            names = [s for s, t in mapping.columns.items() if t == required]
            raise _refuse(
                profile,
                path,
                N_("{path} does not match the {profile} profile: it has no column {column}."),
                column=names[0] if names else required,
            )
    return present


def _parquet_batches(
    profile: str, path: Path, mapping: Mapping, size: int
) -> tuple[frozenset[str], Iterator[pa.RecordBatch], Callable[[], int]]:
    try:
        parquet = pq.ParquetFile(path)
        names = list(parquet.schema_arrow.names)
    except (pa.ArrowException, OSError, ValueError) as exc:  # ValueError: a garbled schema
        raise _refuse(
            profile,
            path,
            N_("{path} does not match the {profile} profile: it is not a Parquet file."),
        ) from exc
    columns = _resolve(names, mapping)
    present = _present(profile, path, mapping, columns)
    groups = parquet.metadata.num_row_groups
    state = {"done": 0}

    def batches() -> Iterator[pa.RecordBatch]:
        row = 1
        for index in range(groups):
            try:
                for batch in parquet.iter_batches(
                    batch_size=256_000, row_groups=[index], columns=list(columns)
                ):
                    batch.validate(full=True)  # Parquet does not check UTF-8; DuckDB asserts it
                    yield _renamed(batch, columns, mapping.constants, row)
                    row += batch.num_rows
            except (pa.ArrowException, OSError, ValueError) as exc:  # damaged pages, intact footer
                raise _refuse(
                    profile,
                    path,
                    N_("{path} is a damaged Parquet file: row group {group} cannot be read."),
                    group=index + 1,
                ) from exc
            state["done"] = size * (index + 1) // max(groups, 1)

    return present, batches(), lambda: state["done"]


def open_source(
    profile: str,
    path: Path,
    *,
    mapping: Mapping | None = None,
    account_id: str | None = None,
    timezone: str | None = None,
) -> Source:
    """Open ``path`` as ``profile``; refuses, with one sentence, a file that does not match."""
    clean_choice(profile, "profile", PROFILES)
    if not path.exists():
        raise InvalidInput(N_("There is no file {path}."), field="source", path=str(path))
    if profile == "olist":
        return _olist(path, timezone)
    if profile == "canonical":
        mapping = Mapping(
            format="parquet" if path.suffix.lower() == ".parquet" else "csv",
            columns={name: name for name in CANONICAL},
        )
    elif profile == "amazon-all-orders":
        mapping = AMAZON_ALL_ORDERS
    elif mapping is None:
        raise InvalidInput(N_("The mapping profile needs a mapping file."), field="mapping")
    if account_id:
        mapping = mapping.model_copy(
            update={"constants": {**mapping.constants, "account_id": account_id}}
        )
    if timezone:
        if not is_zone(timezone):
            raise InvalidInput(N_("{name} is not a time zone."), field="timezone", name=timezone)
        mapping = mapping.model_copy(update={"timezone": timezone})
    if not path.is_file():
        raise InvalidInput(N_("There is no file {path}."), field="source", path=str(path))
    size = path.stat().st_size
    if mapping.format == "parquet":
        present, batches, done = _parquet_batches(profile, path, mapping, size)
        digest: Callable[[], str] = partial(_digest, [path])
    else:
        header = _header(path, mapping.separator, mapping.encoding, profile)
        columns = _resolve(header, mapping)
        present = _present(profile, path, mapping, columns)
        batches, counting = _text_batches(path, header, mapping, columns, profile)
        done, digest = (lambda: counting.count), (lambda: counting.hash.hexdigest())
    return Source(
        profile,
        present,
        mapping.timezone,
        mapping.timestamp_format,
        mapping.values,
        batches,
        size,
        done,
        digest,
    )


# -- Olist ------------------------------------------------------------------------------------

OLIST_FILES = {
    "orders": "olist_orders_dataset.csv",
    "items": "olist_order_items_dataset.csv",
    "reviews": "olist_order_reviews_dataset.csv",
}
OLIST_TIMEZONE = "America/Sao_Paulo"  # Olist's times are local to São Paulo, without an offset

# SPEC §5: one order per (order_id, seller_id); ship-by = the earliest shipping limit of the
# seller's items; feedback = the lowest review score; cancelled = canceled or unavailable with
# the party unknown; tracking is not in the dataset.
OLIST_SQL = """
WITH orders AS (
  SELECT *, row_number() OVER () + 1 AS line
  FROM read_csv({orders}, all_varchar = true, header = true)
),
items AS (
  SELECT order_id, seller_id,
         min(TRY_CAST(shipping_limit_date AS TIMESTAMP)) AS ship_by,
         min(product_id) AS sku,
         count(*) AS quantity
  FROM read_csv({items}, all_varchar = true, header = true)
  GROUP BY order_id, seller_id
),
reviews AS (
  SELECT order_id, min(TRY_CAST(review_score AS INTEGER)) AS rating
  FROM read_csv({reviews}, all_varchar = true, header = true)
  GROUP BY order_id
)
SELECT
  o.order_id AS order_id,
  i.seller_id AS account_id,
  'olist' AS platform,
  'BR' AS marketplace,
  o.order_purchase_timestamp AS purchase_ts,
  CAST(i.ship_by AS VARCHAR) AS ship_by_ts,
  o.order_delivered_carrier_date AS shipped_ts,
  o.order_estimated_delivery_date AS promised_delivery_ts,
  o.order_delivered_customer_date AS delivered_ts,
  CASE WHEN o.order_status IN ('canceled', 'unavailable') THEN 'cancelled'
       ELSE o.order_status END AS status,
  CASE WHEN o.order_status IN ('canceled', 'unavailable') THEN 'unknown' END AS cancelled_by,
  i.sku AS sku,
  CAST(i.quantity AS VARCHAR) AS quantity,
  'BR' AS destination_country,
  CAST(r.rating AS VARCHAR) AS feedback_rating,
  o.line AS __row
FROM orders o
LEFT JOIN items i ON i.order_id = o.order_id
LEFT JOIN reviews r ON r.order_id = o.order_id
ORDER BY o.line, i.seller_id
"""
OLIST_PRESENT = frozenset(
    {
        "order_id",
        "account_id",
        "platform",
        "marketplace",
        "purchase_ts",
        "ship_by_ts",
        "shipped_ts",
        "promised_delivery_ts",
        "delivered_ts",
        "status",
        "cancelled_by",
        "sku",
        "quantity",
        "destination_country",
        "feedback_rating",
    }
)


def _olist(path: Path, timezone: str | None) -> Source:
    folder = path if path.is_dir() else path.parent
    files = {key: folder / name for key, name in OLIST_FILES.items()}
    for name_path in files.values():
        if not name_path.is_file():
            raise _refuse(
                "olist",
                path,
                N_("{path} does not match the {profile} profile: it has no file {name}."),
                name=name_path.name,
            )
    orders_header = _header(files["orders"], ",", "utf-8", "olist")
    for column in ("order_id", "order_status", "order_purchase_timestamp"):
        if column not in orders_header:
            raise _refuse(
                "olist",
                path,
                N_("{path} does not match the {profile} profile: it has no column {column}."),
                column=column,
            )
    total = sum(p.stat().st_size for p in files.values())
    connection = duckdb.connect()
    sql = OLIST_SQL.format(**{k: literal(str(v)) for k, v in files.items()})
    try:
        reader = connection.sql(sql).to_arrow_reader(100_000)
    except duckdb.Error as exc:
        connection.close()
        raise _refuse(
            "olist",
            path,
            N_("{path} does not match the {profile} profile: {reason}."),
            reason=str(exc).splitlines()[0],
        ) from exc
    state = {"done": 0}

    def batches() -> Iterator[pa.RecordBatch]:
        try:
            yield from reader
            state["done"] = total
        finally:
            connection.close()

    return Source(
        "olist",
        OLIST_PRESENT,
        timezone or OLIST_TIMEZONE,
        None,
        {},
        batches(),
        total,
        lambda: state["done"],
        partial(_digest, list(files.values())),
        missing={"account_id": "no_items"},
    )
