"""Order files compressed with gzip (``orders.csv.gz``, as shops and scripts save exports): read
as the CSV file they hold, unpacked as they are read (never written out whole); one that is
damaged, or holds something other than text, refused in one sentence.

A size limit (the web's ``max_import_mb``) counts the unpacked bytes: the reading, the rows
written while importing and the time taken all grow with those, and a few megabytes of gzip
can unpack to gigabytes. A limit so counted means what it says for a CSV file whether it was
sent packed or not (packing only makes the upload quicker).

Example::

    with unpacked(Path("orders.csv.gz")) as handle:
        first = handle.read(1 << 20)
"""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import N_, InvalidInput

GZIP = b"\x1f\x8b"
# what gzip raises for a file cut short or garbled (BadGzipFile is an OSError)
UNPACK_ERRORS = (EOFError, OSError, zlib.error)
# the first bytes of what a packed file may hold that is no CSV file: Parquet, a workbook, a
# document or a picture, or gzip again
NOT_TEXT = (
    b"PAR1",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    GZIP,
)
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def is_gzip(path: Path) -> bool:
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(2) == GZIP


def unpacked(path: Path) -> BinaryIO | gzip.GzipFile:
    """The bytes of the file, unpacked if it is gzip-compressed."""
    if is_gzip(path):
        return gzip.GzipFile(path, "rb")
    return path.open("rb")


def check_packed(path: Path, first: int) -> None:
    """Refuse, in one sentence, a gzip file whose first ``first`` bytes unpacked cannot be
    read or are not text (another kind of file packed)."""
    try:
        with gzip.open(path, "rb") as handle:
            start = handle.read(first)
    except UNPACK_ERRORS as exc:
        raise damaged(path) from exc
    text = not start.startswith(NOT_TEXT) and (
        b"\x00" not in start or start.startswith(UTF16_MARKS)
    )
    if not start or not text:
        raise InvalidInput(
            N_("{path} is compressed (gzip), and what it holds is not a CSV file."),
            field="source",
            path=path.name,
        )


def damaged(path: Path, row: int | None = None) -> InvalidInput:
    if row is None:
        return InvalidInput(
            N_("{path} is compressed (gzip) but damaged: it cannot be unpacked."),
            field="source",
            path=path.name,
        )
    return InvalidInput(
        N_("{path} is compressed (gzip) but damaged: it cannot be unpacked after line {row}."),
        field="source",
        path=path.name,
        row=row,
    )


class Unpacking(io.RawIOBase):
    """``packed`` (a binary stream of gzip) unpacked as it is read, refused once it has
    unpacked to more than ``limit`` bytes (None: no limit)."""

    def __init__(self, packed: io.RawIOBase, path: Path, limit: int | None) -> None:
        self.packed = packed
        self.stream = gzip.GzipFile(fileobj=packed, mode="rb")
        self.path = path
        self.limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        read = self.stream.readinto(buffer)
        self.count += read
        if self.limit is not None and self.count > self.limit:
            raise InvalidInput(
                N_("{path} unpacks to more than {limit} MB."),
                field="source",
                path=self.path.name,
                limit=self.limit // (1024 * 1024),
            )
        return read

    def close(self) -> None:
        self.stream.close()
        self.packed.close()
        super().close()
