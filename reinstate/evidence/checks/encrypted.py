"""encrypted / locked: platforms refuse password-protected or encrypted PDFs. One locked only
by an owner password (it opens, but printing or copying is restricted) is said so: the seller
sees no password when opening it, and the case's evidence pack takes it unlocked."""

from __future__ import annotations

from ...errors import N_
from ..document import Context, Document, Problem


def _opens_without_password(doc: Document) -> bool:
    from pypdf import PdfReader

    try:  # a reader of its own: the document's stays as it was read
        return bool(PdfReader(doc.pdf.stream, strict=False).decrypt(""))
    except Exception:  # noqa: BLE001 - a broken encryption dictionary: simply encrypted
        return False


def check(doc: Document, ctx: Context) -> list[Problem]:
    reader = doc.pdf if doc.kind == "pdf" else None
    if reader is None or isinstance(reader, Exception) or not reader.is_encrypted:
        return []
    if ctx.pack.files.encrypted_allowed:
        return []
    if _opens_without_password(doc):
        return [
            Problem(
                "locked",
                N_("The PDF opens without a password but is locked against printing or copying."),
                N_(
                    "Print it to a new PDF, or add it to the case's evidence pack, "
                    "which unlocks it."
                ),
            )
        ]
    return [
        Problem(
            "encrypted",
            N_("The PDF is encrypted or password-protected."),
            N_("Save an unprotected copy (print to PDF) and submit that."),
        )
    ]
