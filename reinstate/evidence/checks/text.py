"""no_text (warning): a PDF without a text layer is an image-only scan dates cannot be read from."""

from __future__ import annotations

from ...errors import N_
from ..document import Context, Document, Problem


def check(doc: Document, ctx: Context) -> list[Problem]:
    reader = doc.pdf if doc.kind == "pdf" else None
    if reader is None or isinstance(reader, Exception) or reader.is_encrypted:
        return []
    if doc.text.strip():
        return []
    try:
        if len(reader.pages) == 0:
            return []  # no pages at all: the corrupt check says so
    except Exception:  # noqa: BLE001 - a page tree pypdf cannot walk: the corrupt check speaks
        return []
    return [
        Problem(
            "no_text",
            N_("The PDF has no text layer: it looks like an image-only scan."),
            N_("Fine for stamped originals; give its dates by hand so they can be checked."),
            severity="warning",
        )
    ]
