"""Import profiles: how a source's columns become canonical order columns (SPEC §5).

Every profile gives the same thing, a :class:`~.sources.Source`: batches of text columns named
as the canonical columns, with each row's number in the source (``__row``), which
:mod:`.importer` types, checks and merges. ``canonical`` reads CSV or Parquet with the canonical
names; ``amazon-all-orders`` and a user's TOML mapping (:mod:`.mapping`) rename columns by
header and translate values; ``olist`` (:mod:`.olist`) joins the Olist dataset's orders, items
and reviews into one order per (order, seller).
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import N_, InvalidInput
from ..validation import clean_choice, table_encoding
from .mapping import AMAZON_ALL_ORDERS, Mapping, read_mapping
from .olist import open_olist
from .packed import GZIP, UNPACK_ERRORS, Unpacking, check_packed, damaged, is_gzip, unpacked
from .sources import (
    BATCH_BYTES,
    CANONICAL,
    COLUMN_TYPES,
    REQUIRED,
    Counting,
    Progress,
    Source,
    file_digest,
    header_of,
    is_zone,
    refused,
)

# named here too: the CLI, the web and the tests read mappings and report progress through
# this module
__all__ = [
    "COLUMN_TYPES",
    "PROFILES",
    "Mapping",
    "Progress",
    "Source",
    "open_source",
    "read_mapping",
]

PROFILES = ("canonical", "amazon-all-orders", "olist", "mapping")


def _resolve(header: list[str], mapping: Mapping) -> dict[str, str]:
    """The header's columns the mapping names (matched without regard to case or spaces),
    each with its canonical column; the first source of a canonical column wins."""
    by_name: dict[str, str] = {}
    for written in header:  # a name written twice (in any case): its first column
        by_name.setdefault(written.strip().lstrip("\ufeff").casefold(), written)
    columns: dict[str, str] = {}
    for source, target in mapping.columns.items():
        name = by_name.get(source.strip().casefold())
        if name is not None and target not in columns.values():
            columns[name] = target
    return columns


def _text_batches(
    path: Path,
    header: list[str],
    mapping: Mapping,
    columns: dict[str, str],
    profile: str,
    limit: int | None = None,
) -> tuple[Iterator[pa.RecordBatch], Counting]:
    import pyarrow.csv as pacsv  # only for text: its import is a part of a Parquet read's start

    # each mapped column by its place in the header: the reader names columns as written
    # (" Account_Id" with its space), and a name written twice is no single column's name
    named = header_of(path, mapping.separator, mapping.encoding, profile, as_read=True)
    places = {name: header.index(name) for name in columns}
    ragged: list[Any] = []  # the row with more or fewer fields than the header, once seen

    def uneven(row: Any) -> str:
        ragged.append(row)
        return "error"

    counting = Counting(path.open("rb"))  # the file's bytes: its progress and its SHA-256
    packed = is_gzip(path)
    stream: io.RawIOBase = Unpacking(counting, path, limit) if packed else counting
    try:
        reader = pacsv.open_csv(
            io.BufferedReader(stream, buffer_size=1024 * 1024),
            read_options=pacsv.ReadOptions(
                block_size=BATCH_BYTES, encoding=mapping.encoding, use_threads=True
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=mapping.separator,
                quote_char='"' if mapping.quoting else False,
                newlines_in_values=mapping.quoting,
                invalid_row_handler=uneven,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in named},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except UNPACK_ERRORS as exc:
        stream.close()
        if not packed:
            raise
        raise damaged(path) from exc
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        stream.close()
        if _header_only(path):  # a header without a line end, which Arrow cannot read
            raise InvalidInput(N_("The file holds no orders."), field="source") from exc
        if ragged:
            raise _uneven(path, ragged[0]) from exc
        raise refused(
            profile,
            path,
            N_("{path} does not match the {profile} profile: {reason}."),
            reason=str(exc).splitlines()[0],
        ) from exc

    def batches() -> Iterator[pa.RecordBatch]:
        row = 2  # the header is line 1
        try:
            for batch in reader:
                yield _renamed(batch, columns, mapping.constants, row, places)
                row += batch.num_rows
        except pa.ArrowInvalid as exc:
            if ragged:
                raise _uneven(path, ragged[0]) from exc
            if "invalid UTF8" in str(exc):  # bytes of another encoding past the first block
                raise _not_text(profile, path, mapping.encoding) from exc
            raise InvalidInput(
                N_("{path} cannot be read after line {row}: {reason}."),
                field="source",
                path=path.name,
                row=row,
                reason=str(exc).splitlines()[0],
            ) from exc
        except UNPACK_ERRORS as exc:
            if not packed:
                raise
            raise damaged(path, row - 1) from exc
        finally:
            stream.close()

    return batches(), counting


def _not_text(profile: str, path: Path, encoding: str) -> InvalidInput:
    return refused(
        profile,
        path,
        N_("{path} does not match the {profile} profile: it is not text in {encoding}."),
        encoding=encoding,
    )


def _uneven(path: Path, row: Any) -> InvalidInput:
    """The sentence for a row (Arrow's ``InvalidRow``) whose fields the header does not match:
    a trailing separator on every row but the header's, a field cut in two."""
    return InvalidInput(
        N_("{path}: a row has {got} fields where the header has {expected}: “{text}”."),
        field="source",
        path=path.name,
        got=row.actual_columns,
        expected=row.expected_columns,
        text=str(row.text)[:80],
    )


def _header_only(path: Path) -> bool:
    """Whether the file is one line (a header, in UTF-8 or UTF-16) and nothing after it."""
    with unpacked(path) as handle:
        handle.readline()
        return not handle.read(4).strip(b"\x00\r\n")


def _renamed(
    batch: pa.RecordBatch,
    columns: dict[str, str],
    constants: dict[str, str],
    first_row: int,
    places: dict[str, int] | None = None,
) -> pa.RecordBatch:
    """The batch's mapped columns (found by name, or by their ``places``) under canonical
    names, as text, with the constants and each row's number in the source."""
    arrays: dict[str, pa.Array] = {}
    for name, target in columns.items():
        place = places[name] if places is not None else batch.schema.get_field_index(name)
        array = batch.column(place)
        if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
            array = _as_text(array)
        arrays[target] = array
    for target, value in constants.items():
        arrays.setdefault(target, pa.array([value] * batch.num_rows, pa.string()))
    arrays["__row"] = pa.array(range(first_row, first_row + batch.num_rows), pa.int64())
    return pa.RecordBatch.from_pydict(arrays)


def _as_text(array: pa.Array) -> pa.Array:
    import pyarrow.compute as pc  # its import registers every function: only when needed

    if pa.types.is_timestamp(array.type):
        if array.type.tz is None:  # no offset: read in the source's zone, as text without one
            return pc.strftime(array, format="%Y-%m-%dT%H:%M:%S")
        return pc.strftime(array, format="%Y-%m-%dT%H:%M:%S%z")
    return pc.cast(array, pa.string())


def _present(profile: str, path: Path, mapping: Mapping, columns: dict[str, str]) -> frozenset[str]:
    """The canonical columns the source carries; refuses one without a required column."""
    present = frozenset(columns.values()) | set(mapping.constants)
    for required in REQUIRED:
        if required not in present and required == "account_id" and "order_id" in present:
            # Amazon's order report never names the seller (nor do many shops' exports):
            # what to do, not a column the reader cannot add
            raise refused(
                profile,
                path,
                N_("{path} does not say whose orders they are: choose the seller account."),
            )
        if required not in present:
            names = [s for s, t in mapping.columns.items() if t == required]
            raise refused(
                profile,
                path,
                N_("{path} does not match the {profile} profile: it has no column {column}."),
                column=names[0] if names else required,
            )
    return present


def _parquet_batches(
    profile: str, path: Path, mapping: Mapping, size: int
) -> tuple[frozenset[str], Iterator[pa.RecordBatch], Callable[[], int], dict[str, str]]:
    try:
        parquet = pq.ParquetFile(path)
        names = list(parquet.schema_arrow.names)
    except (pa.ArrowException, OSError, ValueError) as exc:  # ValueError: a garbled schema
        raise refused(
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
                raise refused(
                    profile,
                    path,
                    N_("{path} is a damaged Parquet file: row group {group} cannot be read."),
                    group=index + 1,
                ) from exc
            state["done"] = size * (index + 1) // max(groups, 1)

    return present, batches(), lambda: state["done"], columns


# the first bytes of a spreadsheet's own file: .xlsx (a zip) and the older .xls
WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
# the first bytes of files that are no order table: documents and pictures (a PDF, PNG, JPEG,
# GIF) uploaded in place of the export (a gzip file is read as the CSV file it holds)
NOT_TABLES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")


def _start(path: Path) -> bytes:
    """The file's first bytes (none for a folder)."""
    if not path.is_file():
        return b""
    with path.open("rb") as handle:
        return handle.read(8)


SNIFF_BYTES = 1 << 20  # what is read of a canonical text file to tell its encoding


def _encoding(path: Path) -> str:
    """The encoding of a canonical text file, by its first megabyte (:func:`table_encoding`;
    bytes of another encoding further on are said when they come)."""
    with unpacked(path) as handle:
        return table_encoding(handle.read(SNIFF_BYTES))


def amazon_encoding(path: Path) -> str:
    """The encoding of an Amazon order report: UTF-8 when every byte reads so; otherwise the
    one Seller Central writes for its marketplace, named in the file itself (ASCII in every
    one of them): Shift_JIS (Windows-31J) for Amazon.co.jp, Windows-1252 for the others
    (Europe's). The metrics read only its ASCII columns (ids, times, status, channel)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    japan = False
    with unpacked(path) as handle:
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
                japan = japan or b"amazon.co.jp" in chunk.lower()
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        while not japan and (chunk := handle.read(1 << 20)):
            japan = b"amazon.co.jp" in chunk.lower()
    return "cp932" if japan else "cp1252"


def _delimiter(path: Path, encoding: str) -> str:
    """The canonical file's separator: a comma, or the semicolon or tab its header is written
    with (a spreadsheet set to a language whose decimal mark is a comma saves ';'). The
    header's names are matched as the columns are, whatever their case ("Order_ID")."""
    for separator in (",", ";", "\t"):
        try:
            header = header_of(path, separator, encoding, "canonical")
        except InvalidInput:
            return ","
        if len({name.casefold() for name in header} & set(REQUIRED)) >= 2:
            return separator
    return ","


def open_source(
    profile: str,
    path: Path,
    *,
    mapping: Mapping | None = None,
    account_id: str | None = None,
    timezone: str | None = None,
    limit: int | None = None,
) -> Source:
    """Open ``path`` as ``profile``; refuses, with one sentence, a file that does not match.
    ``limit``: the most bytes a gzip-compressed file may unpack to (:mod:`.packed`)."""
    clean_choice(profile, "profile", PROFILES)
    if not path.exists():
        raise InvalidInput(N_("There is no file {path}."), field="source", path=str(path))
    if profile == "olist":
        return open_olist(path, timezone)
    start = _start(path)
    if start.startswith(WORKBOOKS):
        raise refused(
            profile, path, N_("{path} is an Excel workbook: save it as CSV (UTF-8) and give that.")
        )
    if start.startswith(GZIP):  # a CSV file packed: read as it is unpacked
        check_packed(path, SNIFF_BYTES)
    if start.startswith(NOT_TABLES):
        raise refused(
            profile, path, N_("{path} is a document or a picture, not a CSV or Parquet file.")
        )
    if profile == "canonical":  # a Parquet file by its name, or by its first bytes
        parquet_file = path.suffix.lower() == ".parquet" or start.startswith(b"PAR1")
        text = not parquet_file and path.is_file()
        encoding = _encoding(path) if text else "utf-8"
        mapping = Mapping(
            format="parquet" if parquet_file else "csv",
            columns={name: name for name in CANONICAL},
            delimiter=_delimiter(path, encoding) if text else None,
            encoding=encoding,
        )
    elif profile == "amazon-all-orders":
        mapping = AMAZON_ALL_ORDERS
        if path.is_file():
            mapping = mapping.model_copy(update={"encoding": amazon_encoding(path)})
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
    if path.is_dir():
        raise InvalidInput(
            N_("{path} is a folder: give the order file in it."), field="source", path=str(path)
        )
    if not path.is_file():
        raise InvalidInput(N_("There is no file {path}."), field="source", path=str(path))
    size = path.stat().st_size
    if size == 0:
        raise InvalidInput(N_("The file holds no orders."), field="source")
    parquet: dict[str, Any] = {}
    if mapping.format == "parquet":
        present, batches, done, columns = _parquet_batches(profile, path, mapping, size)
        digest: Callable[[], str] = partial(file_digest, [path])
        parquet = {"parquet": path, "columns": columns, "constants": dict(mapping.constants)}
    else:
        header = header_of(path, mapping.separator, mapping.encoding, profile)
        columns = _resolve(header, mapping)
        present = _present(profile, path, mapping, columns)
        batches, counting = _text_batches(path, header, mapping, columns, profile, limit)
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
        **parquet,
    )
