"""active_content: JavaScript, launch actions or embedded files inside a PDF."""

from __future__ import annotations

from typing import Any

from ...errors import N_
from ..document import Context, Document, Problem

_ACTIVE = ("/JS", "/JavaScript", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia")


def _walk(node: Any, seen: set[int], depth: int = 0) -> bool:
    if depth > 30 or id(node) in seen:
        return False
    seen.add(id(node))
    try:
        target = node.get_object() if hasattr(node, "get_object") else node
    except Exception:  # noqa: BLE001
        return False
    if isinstance(target, dict):
        if any(key in target for key in _ACTIVE) or target.get("/S") in ("/JavaScript", "/Launch"):
            return True
        return any(
            _walk(value, seen, depth + 1)
            for key, value in target.items()
            if key not in ("/Parent", "/P")
        )
    if isinstance(target, list):
        return any(_walk(value, seen, depth + 1) for value in target)
    return False


def check(doc: Document, ctx: Context) -> list[Problem]:
    reader = doc.pdf if doc.kind == "pdf" else None
    if reader is None or isinstance(reader, Exception) or reader.is_encrypted:
        return []
    try:
        found = _walk(reader.trailer["/Root"], set())
    except Exception:  # noqa: BLE001
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
