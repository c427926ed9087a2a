"""active_content: JavaScript, launch actions or embedded files anywhere inside a PDF."""

from __future__ import annotations

from ...errors import N_
from ..document import Context, Document, Problem
from ..safety import has_active_content


def check(doc: Document, ctx: Context) -> list[Problem]:
    reader = doc.pdf if doc.kind == "pdf" else None
    if reader is None or isinstance(reader, Exception) or reader.is_encrypted:
        return []
    try:
        found = has_active_content(reader)  # every object, at any depth
    except Exception:  # noqa: BLE001 - a broken file: the corrupt check speaks for it
        return []
    if not found:
        return []
    return [
        Problem(
            "active_content",
            N_("The PDF contains JavaScript, launch actions or embedded files."),
            N_("Print it to a new PDF to drop them; platforms reject active content."),
        )
    ]
