"""Stamping a page ("Exhibit B · p. 4 / 17") without re-parsing what is already on it.

The page's own content streams are kept byte for byte: one shared stream opens them with ``q``,
and the page's stamp stream closes them with ``Q`` before drawing the stamp, so whatever the
page's drawing leaves behind (a transformation, a colour, a clip) cannot move or hide the stamp.
The stamp's font is one shared Helvetica object, added to each page's fonts under a name the
page does not use. Merging a drawn overlay instead (pypdf's ``merge_page``) parses every
operator of every page and wrote the pack four times slower than a plain merge.

The stamp sits at the bottom right of the page as it is shown: the visible box (the crop box)
and the page's rotation are taken into account.
"""

from __future__ import annotations

import math
from typing import Any

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    StreamObject,
)
from reportlab.pdfbase.pdfmetrics import stringWidth

FONT_SIZE = 9
FONT_NAME = "/ReinstateStamp"


class Unstampable(ValueError):
    """The page's contents or resources are not what a PDF page can hold."""


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)  # noqa: SLF001 - pypdf's only way to add an object


def visible_box(page: PageObject) -> tuple[float, float, float, float]:
    """The crop box (else the media box) as left, bottom, right, top, or Unstampable.
    Read as it is: pypdf's ``page.cropbox`` would write a copy of the media box into the page."""
    box = page.get("/CropBox") or page.get("/MediaBox")
    box = box.get_object() if box is not None else None
    if not isinstance(box, ArrayObject) or len(box) != 4:
        raise Unstampable("the page has no size")
    x0, y0, x1, y1 = (float(v.get_object()) for v in box)  # corners in any order
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)) or x0 == x1 or y0 == y1:
        raise Unstampable("the page has no size")
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _placement(page: PageObject) -> tuple[bytes, float]:
    """The matrix from "as shown" coordinates to the page's own, and the shown width."""
    left, bottom, right, top = visible_box(page)
    width, height = right - left, top - bottom
    rotation = page.get("/Rotate", 0)
    rotation = int(rotation) % 360 if isinstance(rotation, int | float) else 0
    # Readers turn the page clockwise by /Rotate before showing it.
    matrix, shown_width = {
        90: ((0, 1, -1, 0, right, bottom), height),
        180: ((-1, 0, 0, -1, right, top), width),
        270: ((0, -1, 1, 0, left, top), height),
    }.get(rotation, ((1, 0, 0, 1, left, bottom), width))
    return b"%g %g %g %g %.2f %.2f cm" % matrix, shown_width


def stamp_stream(page: PageObject, text: str, font: str = FONT_NAME) -> bytes:
    """What closes the page's own drawing and draws ``text`` in a white box."""
    matrix, shown_width = _placement(page)
    text_width = stringWidth(text, "Helvetica", FONT_SIZE)
    box_x, text_x = shown_width - text_width - 30, shown_width - text_width - 22
    encoded = text.encode("cp1252").hex().encode()  # WinAnsiEncoding
    return b"Q q\n%s\n1 g %.2f 12 %.2f 16 re f\n0 g BT %s %d Tf %.2f 17 Td <%s> Tj ET Q\n" % (
        matrix,
        box_x,
        text_width + 16,
        font.encode(),
        FONT_SIZE,
        text_x,
        encoded,
    )


def _content_list(page: PageObject, writer: PdfWriter) -> list[Any]:
    contents = page.get("/Contents")
    resolved = contents.get_object() if contents is not None else None
    if resolved is None or isinstance(resolved, NullObject):
        return []
    if isinstance(resolved, StreamObject):
        return [contents if isinstance(contents, IndirectObject) else writer._add_object(resolved)]  # noqa: SLF001
    if not isinstance(resolved, ArrayObject):
        raise Unstampable("page contents are neither a stream nor an array")
    kept = []
    for item in resolved:
        target = item.get_object()
        if isinstance(target, NullObject):
            continue
        if not isinstance(target, StreamObject):
            raise Unstampable("page contents hold something other than streams")
        kept.append(item if isinstance(item, IndirectObject) else writer._add_object(target))  # noqa: SLF001
    return kept


def _dictionary(holder: DictionaryObject, key: str) -> DictionaryObject:
    """The dictionary under ``key`` (made empty if there is none), to be changed in place."""
    value = holder.get(key)
    resolved = value.get_object() if value is not None else None
    if resolved is None or isinstance(resolved, NullObject):
        resolved = holder[NameObject(key)] = DictionaryObject()
    if not isinstance(resolved, DictionaryObject):
        raise Unstampable(f"{key} is not a dictionary")
    return resolved


class Stamper:
    """Stamps pages of one writer; the font and the opening ``q`` are written once."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.font = writer._add_object(  # noqa: SLF001
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject("/Helvetica"),
                    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                }
            )
        )
        self.opening = _stream(writer, b"q\n")

    def stamp(self, page: PageObject, text: str) -> None:
        """Stamp ``page`` (a page of this writer), or raise :class:`Unstampable`."""
        contents = _content_list(page, self.writer)
        # Changed in place, even when pages share them: every page of the pack is stamped.
        fonts = _dictionary(_dictionary(page, "/Resources"), "/Font")
        name, number = FONT_NAME, 1
        while fonts.get(name, self.font) != self.font:  # a page of an earlier pack, say
            number += 1
            name = f"{FONT_NAME}{number}"
        fonts[NameObject(name)] = self.font
        stamp = _stream(self.writer, stamp_stream(page, text, name))
        page[NameObject("/Contents")] = ArrayObject([self.opening, *contents, stamp])
