"""corrupt: the file cannot be opened as what it claims to be, or it inflates past the limits
(a decompression bomb) when opened; an image with more pixels than are ever decoded (a
108-megapixel phone photo, or a bomb) says how many."""

from __future__ import annotations

from ...errors import N_
from ..document import Context, Document, Problem
from ..safety import MAX_IMAGE_PIXELS, ImageTooLarge

_BROKEN = Problem(
    "corrupt",
    N_("The file is damaged and cannot be opened."),
    N_("Export or scan it again from the original."),
)
_EMPTY = Problem(
    "corrupt",
    N_("The PDF has no pages."),
    N_("Export or scan it again from the original."),
)
_BOMB = Problem(
    "decompression_bomb",
    N_("The file expands to far more than it looks when opened (a decompression bomb?)."),
    N_("Export or scan it again from the original."),
)


def _pdf(doc: Document) -> list[Problem]:
    from pypdf.errors import LimitReachedError

    reader = doc.pdf
    if isinstance(reader, Exception):
        return [_BROKEN]
    if reader.is_encrypted:
        return []  # the encrypted check speaks for it
    try:
        if len(reader.pages) == 0:
            return [_EMPTY]
        for page in reader.pages:
            page.get_contents()  # each content stream decoded under the limits
        reader.pages[0].extract_text()
    except LimitReachedError:
        return [_BOMB]
    except Exception:  # noqa: BLE001
        return [_BROKEN]
    return []


def check(doc: Document, ctx: Context) -> list[Problem]:
    if doc.kind == "pdf":
        return _pdf(doc)
    if doc.kind in ("jpeg", "png") and isinstance(doc.image, ImageTooLarge):
        if doc.image.pixels is None:
            return [_BOMB]
        return [
            Problem(
                "too_many_pixels",
                N_("The image has {pixels} million pixels, more than the {limit} million checked."),
                N_(
                    "Resize it under {limit} million pixels "
                    "(an A4 scan at 300 dpi has about 9 million)."
                ),
                params={
                    "pixels": f"{doc.image.pixels / 1e6:.0f}",
                    "limit": f"{MAX_IMAGE_PIXELS / 1e6:.0f}",
                },
            )
        ]
    if doc.kind in ("jpeg", "png") and isinstance(doc.image, Exception):
        return [_BROKEN]
    return []
