"""low_resolution: images too small to read a stamp or an ID number."""

from __future__ import annotations

from ...errors import N_
from ..document import Context, Document, Problem

MIN_PIXELS = 1000  # on the longer side: an A4 page at about 120 dpi


def check(doc: Document, ctx: Context) -> list[Problem]:
    if doc.kind not in ("jpeg", "png") or isinstance(doc.image, Exception):
        return []
    width, height = doc.image.size
    if max(width, height) >= MIN_PIXELS:
        return []
    return [
        Problem(
            "low_resolution",
            N_("The image is only {width} × {height} pixels."),
            N_("Scan or photograph it again at 300 dpi or more."),
            params={"width": width, "height": height},
        )
    ]
