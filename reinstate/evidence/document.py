"""A file under examination: its bytes, its real type (by content, never by name), and lazily
its PDF structure, text layer and image properties.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from ..errors import N_
from ..policies.schema import Material, Pack

MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0", "ole"),
    (b"GIF8", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
# ISO base media files (HEIF) say what they are by the brand after "ftyp" at byte 4.
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif")
# Shown inside messages, and translated with them (i18n.render).
TYPE_NAMES = {
    "pdf": N_("PDF"),
    "jpeg": N_("JPEG image"),
    "png": N_("PNG image"),
    "zip": N_("ZIP archive or Office document"),
    "ole": N_("Microsoft Office file in the old format (.doc, .xls)"),
    "docx": N_("Microsoft Word document"),
    "xlsx": N_("Microsoft Excel spreadsheet"),
    "pptx": N_("Microsoft PowerPoint presentation"),
    "webp": N_("WebP image"),
    "heic": N_("HEIC image (an iPhone photo)"),
    "gif": N_("GIF image"),
    "tiff": N_("TIFF image"),
    "unknown": N_("file of unknown type"),
}


# An Office Open XML file is a ZIP archive whose parts say what it is: a seller is told "a Word
# document", the name it knows it by.
_OFFICE_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))


def _office(data: bytes) -> str:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()  # the central directory only; nothing is unpacked
    except (zipfile.BadZipFile, ValueError, OSError):
        return "zip"
    for folder, kind in _OFFICE_PARTS:
        if any(name.startswith(folder) for name in names):
            return kind
    return "zip"


@dataclass(frozen=True)
class Problem:
    code: str
    message: str  # i18n message id
    hint: str  # i18n message id: how to fix it
    severity: str = "error"  # or "warning"
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    pack: Pack
    today: date
    store_name: str = ""
    violation: str = ""
    material: Material | None = None


class Document:
    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.data = data

    @cached_property
    def kind(self) -> str:
        head = self.data[:1024].lstrip()
        for magic, kind in MAGIC:
            if head.startswith(magic):
                return _office(self.data) if kind == "zip" else kind
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return "webp"
        if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
            return "heic"
        return "pdf" if b"%PDF-" in self.data[:1024] else "unknown"

    @cached_property
    def pdf(self) -> Any:
        """A pypdf reader, or the exception that opening it raised."""
        from pypdf import PdfReader

        from .safety import quiet_pypdf

        quiet_pypdf()  # read outside the checks too (a credit code in its text)
        try:
            return PdfReader(io.BytesIO(self.data), strict=False)
        except Exception as exc:  # pypdf raises many kinds on broken files  # noqa: BLE001
            return exc

    @cached_property
    def text(self) -> str:
        if self.kind != "pdf":
            return ""
        reader = self.pdf
        if isinstance(reader, Exception) or getattr(reader, "is_encrypted", False):
            return ""
        chunks = []
        try:
            for page in reader.pages[:50]:
                chunks.append(page.extract_text() or "")
        except Exception:  # noqa: BLE001
            pass
        return "\n".join(chunks)

    @cached_property
    def image(self) -> Any:
        """A Pillow image (size and dpi), or the exception opening it raised (too many pixels
        is one: they are counted from the header before any is decoded)."""
        from .safety import open_image

        try:
            return open_image(self.data)
        except Exception as exc:  # noqa: BLE001
            return exc


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"|(?<!\d)(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y2>\d{4})"
    rf"|(?P<mon>{_MONTH})\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})"
    rf"|(?<!\d)(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon4>{_MONTH}),?\s+(?P<y4>\d{{4}})",
    re.I,
)
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
# A validity without an end (营业期限 …至长期) or a date that starts one (2023年1月1日起)
_OPEN_ENDED = re.compile(r"长期|永久|无固定期限|long[- ]term|indefinite|no expiry|permanent", re.I)
_STARTS = re.compile(r"\s*(起|开始|onwards?\b)", re.I)


def _latest_reading(found: re.Match[str]) -> date | None:
    """The date written, or of two readings (3/4/2025: March 4 or 3 April) the later one, so
    that a document is never called out of date on the reading it may not mean."""
    groups = found.groupdict()
    if groups["y"]:
        parts = [(int(groups["y"]), int(groups["m"]), int(groups["d"]))]
    elif groups["y2"]:
        a, b, year = int(groups["a"]), int(groups["b"]), int(groups["y2"])
        parts = [(year, b, a), (year, a, b)]
    else:
        name = (groups["mon"] or groups["mon4"]).lower()[:3]
        day = groups["d3"] or groups["d4"]
        parts = [(int(groups["y3"] or groups["y4"]), _MONTHS.index(name) + 1, int(day))]
    readings = []
    for year, month, day in parts:
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue
    return max(readings, default=None)


def dates_after(text: str, cues: re.Pattern[str], *, first: bool = False) -> list[date]:
    """For each of ``cues`` ("valid until", "有效期至", "授权期限" …), the latest date written
    after it on its line (or the next, when the cue ends its line): the end of a range
    ("2023年1月1日至2025年12月31日", "2023-01-01 to 2025-12-31"). A cue whose period has no end
    (至长期) or whose one date starts it (2023年1月1日起) gives none. With ``first``, the
    first date instead (an invoice's date, before its due date on the same line).

    >>> dates_after("授权期限：2023年1月1日至2025年12月31日", re.compile("授权期限"))
    [datetime.date(2025, 12, 31)]
    >>> dates_after("Valid until: December 31, 2025", re.compile("valid until", re.I))
    [datetime.date(2025, 12, 31)]
    >>> dates_after("营业期限：2015年01月01日至长期", re.compile("营业期限"))
    []
    """
    found = []
    for cue in cues.finditer(text):
        window = text[cue.end() : cue.end() + 80]
        head, newline, rest = window.partition("\n")
        segment = head if head.strip(" :：\t") else rest.partition("\n")[0]
        if _OPEN_ENDED.search(segment):
            continue
        ends = [
            reading
            for match in _DATE.finditer(segment)
            if not _STARTS.match(segment, match.end())
            and (reading := _latest_reading(match)) is not None
        ]
        if ends:
            found.append(ends[0] if first else max(ends))
    return found
