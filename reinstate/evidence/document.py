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
    "ole": N_("old Office document"),
    "webp": N_("WebP image"),
    "heic": N_("HEIC image (an iPhone photo)"),
    "gif": N_("GIF image"),
    "tiff": N_("TIFF image"),
    "unknown": N_("file of unknown type"),
}


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
                return kind
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


_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


def dates_after(text: str, cues: re.Pattern[str]) -> list[date]:
    """Dates written right after one of ``cues`` ("valid until", "有效期至" …)."""
    found = []
    for cue in cues.finditer(text):
        match = _DATE.search(text, cue.end(), cue.end() + 30)
        if match:
            try:
                found.append(date(*(int(g) for g in match.groups())))
            except ValueError:
                continue
    return found
