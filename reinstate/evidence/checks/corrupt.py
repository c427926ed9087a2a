"""corrupt: the file cannot be opened as what it claims to be."""

from __future__ import annotations

from ...errors import N_
from ..document import Context, Document, Problem

_BROKEN = Problem(
    "corrupt",
    N_("The file is damaged and cannot be opened."),
    N_("Export or scan it again from the original."),
)


def check(doc: Document, ctx: Context) -> list[Problem]:
    if doc.kind == "pdf":
        reader = doc.pdf
        if isinstance(reader, Exception):
            return [_BROKEN]
        if reader.is_encrypted:
            return []  # the encrypted check speaks for it
        try:
            if len(reader.pages) == 0:
                return [_BROKEN]
            reader.pages[0].extract_text()
        except Exception:  # noqa: BLE001
            return [_BROKEN]
        return []
    if doc.kind in ("jpeg", "png") and isinstance(doc.image, Exception):
        return [_BROKEN]
    return []
