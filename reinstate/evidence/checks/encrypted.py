"""encrypted: platforms refuse password-protected or encrypted PDFs."""

from __future__ import annotations

from ...errors import N_
from ..document import Context, Document, Problem


def check(doc: Document, ctx: Context) -> list[Problem]:
    reader = doc.pdf if doc.kind == "pdf" else None
    if reader is None or isinstance(reader, Exception) or not reader.is_encrypted:
        return []
    if ctx.pack.files.encrypted_allowed:
        return []
    return [
        Problem(
            "encrypted",
            N_("The PDF is encrypted or password-protected."),
            N_("Save an unprotected copy (print to PDF) and submit that."),
        )
    ]
