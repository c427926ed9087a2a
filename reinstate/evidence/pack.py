"""The evidence pack: chosen documents in order as one PDF (or parts under the platform's size
limit), with a cover, an exhibit index and every page stamped "Exhibit B · p. 4 / 17".

The returned map (exhibit letter → document and page range) is what letters cite
("Exhibit B, p. 4") and what the letter linter checks citations against.
"""

from __future__ import annotations

import io
import string
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import LimitReachedError
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ..errors import N_, InvalidInput, ReinstateError
from ..pdf_fonts import font_for
from .proof import proven_inactive
from .safety import (
    ImageTooLarge,
    check_contents,
    has_active_content,
    image_frames,
    limited,
    strip_active_content,
)
from .stamp import Stamper, visible_box


@dataclass(frozen=True)
class Source:
    document_id: int
    filename: str
    data: bytes
    kind: str  # "pdf" or one of IMAGE_KINDS


@dataclass
class Exhibit:
    letter: str
    document_id: int
    filename: str
    first_page: int
    last_page: int
    part: int = 1


@dataclass
class Part:
    name: str
    data: bytes
    pages: int


@dataclass
class EvidencePack:
    parts: list[Part]
    exhibits: list[Exhibit]
    pages: int


# Images the pack renders as pages: a platform that takes only PDF, JPEG and PNG gets the
# pack, never the WebP, GIF or TIFF itself (Pillow reads them; a TIFF's every page is a page).
IMAGE_KINDS = frozenset({"jpeg", "png", "webp", "gif", "tiff"})


def letters(count: int) -> list[str]:
    alphabet = string.ascii_uppercase
    return [
        alphabet[i] if i < 26 else alphabet[i // 26 - 1] + alphabet[i % 26] for i in range(count)
    ]


_DAMAGED = N_("{file} is damaged and cannot go into the pack.")
_ENCRYPTED = N_("{file} is encrypted and cannot go into the pack.")
_BOMB = N_("{file} expands to more than the pack allows (a decompression bomb?) and cannot go in.")
_PIXELS = N_("{file} has too many pixels for the pack: resize it and add it again.")
_UNKNOWN = N_("{file} is neither a PDF nor an image and cannot go into the pack.")


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


def _pages_of(source: Source) -> list[PageObject]:
    """The source's pages, each one's drawing checked against the limits, or _Refused."""
    if source.kind == "pdf":
        try:
            reader = PdfReader(io.BytesIO(source.data), strict=False)
            # Only an owner password (printing or copying restricted, as banks send statements)
            # opens with none: its pages go in, and the pack itself is not encrypted.
            if reader.is_encrypted and not reader.decrypt(""):
                raise _Refused(_ENCRYPTED)
            pages = list(reader.pages)
            for page in pages:
                check_contents(page)  # streams, and none decoding past the limits
                visible_box(page)  # and a page size it can be stamped at
            if not pages:
                raise _Refused(_DAMAGED)
            return pages
        except _Refused:
            raise
        except LimitReachedError as exc:
            raise _Refused(_BOMB) from exc
        except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
            raise _Refused(_DAMAGED) from exc
    if source.kind in IMAGE_KINDS:
        return _image_page(source)
    raise _Refused(_UNKNOWN)


_MARGIN = 36
_AREA = (A4[0] - 2 * _MARGIN, A4[1] - 3 * _MARGIN)  # where a picture goes on its page
# A picture more than this many times as tall as the area's shape (a phone's long screenshot
# of three months of performance) is cut into pages at the area's width: fitted whole on one
# page it was a strip too narrow to read.
_TALL = 2


def _image_page(source: Source) -> list[PageObject]:
    try:
        frames = [_as_seen(frame) for frame in image_frames(source.data)]
    except ImageTooLarge as exc:  # a bomb, or a 108-megapixel phone photo: its size is known
        raise _Refused(_BOMB if exc.pixels is None else _PIXELS) from exc
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds on broken files
        raise _Refused(_DAMAGED) from exc
    shape = _AREA[1] / _AREA[0]
    pieces = []
    for picture in frames:
        width, height = picture.size
        if height <= width * shape * _TALL:
            pieces.append(picture)
            continue
        step = round(width * shape)
        pieces += [
            picture.crop((0, top, width, min(top + step, height))) for top in range(0, height, step)
        ]
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for piece in pieces:
        image = ImageReader(piece)
        width, height = image.getSize()
        scale = min(_AREA[0] / width, _AREA[1] / height)
        page.drawImage(
            image,
            (A4[0] - width * scale) / 2,
            A4[1] - _MARGIN - height * scale,
            width * scale,
            height * scale,
        )
        page.showPage()
    page.save()
    return list(PdfReader(buffer).pages)


def _as_seen(picture: Any) -> Any:
    """The picture as a viewer shows it: turned upright by its EXIF orientation (a phone's
    photo is stored sideways), transparency laid on white paper (its hidden colour is often
    black), and 16-bit grey scaled to 8 bits (a straight conversion clips it to white)."""
    from PIL import Image, ImageOps

    picture = ImageOps.exif_transpose(picture)
    if picture.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        peak = 65535 if picture.mode.startswith("I;16") else max(picture.getextrema()[1], 1)
        picture = picture.point(lambda value: value * (255 / peak)).convert("L")
    if picture.mode == "P" or picture.mode.endswith(("A", "a")):
        rgba = picture.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, "white")
        picture = Image.alpha_composite(paper, rgba).convert("RGB")
    if picture.mode not in ("RGB", "L", "CMYK"):
        picture = picture.convert("RGB")
    return picture


def _all_pages(sources: list[Source]) -> list[list[PageObject]]:
    """Every source's pages; every source that cannot go in is named in one refusal."""
    pages: list[list[PageObject]] = []
    refused: dict[str, list[str]] = {}
    for source in sources:
        try:
            pages.append(_pages_of(source))
        except _Refused as refusal:
            refused.setdefault(refusal.reason, []).append(source.filename)
    if refused:
        reason, files = next(iter(refused.items()))
        raise InvalidInput(reason, field="documents", file=", ".join(files))
    return pages


def _cover(title: str, facts: list[tuple[str, str]], exhibits: list[Exhibit]) -> PageObject:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont(font_for(title), 20)
    page.drawString(56, 780, title)
    y = 750
    for label, value in facts:
        line = f"{label}: {value}"
        page.setFont(font_for(line), 11)
        page.drawString(56, y, line)
        y -= 18
    y -= 12
    index = "Exhibits / 证据目录"
    page.setFont(font_for(index), 13)
    page.drawString(56, y, index)
    for exhibit in exhibits:
        y -= 16
        pages = (
            f"p. {exhibit.first_page}"
            if exhibit.first_page == exhibit.last_page
            else f"pp. {exhibit.first_page}–{exhibit.last_page}"
        )
        line = _fitted(f"Exhibit {exhibit.letter}  ", exhibit.filename, f"  {pages}", A4[0] - 112)
        page.setFont(font_for(line), 10)
        page.drawString(56, y, line)
    page.showPage()
    page.save()
    return PdfReader(buffer).pages[0]


def _fitted(head: str, name: str, tail: str, width: float, size: float = 10) -> str:
    """``head + name + tail`` within ``width`` points, the name shortened (with "...") when
    it is too long: a Chinese name is twice as wide as as many Latin letters, and the page
    numbers after it fell off the page."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def fits(text: str) -> bool:
        return stringWidth(text, font_for(text), size) <= width

    if fits(head + name + tail):
        return head + name + tail
    while name and not fits(head + name + "..." + tail):
        name = name[:-1]
    return head + name + "..." + tail


def build_pack(
    sources: list[Source],
    *,
    name: str,
    facts: list[tuple[str, str]],
    max_mb: float | None,
    title: str = "Evidence pack / 证据包",
) -> EvidencePack:
    """The pack, or one :class:`InvalidInput` naming the documents that cannot go in.

    Everything is read under the decompression limits, and what is written carries no active
    content: it is stripped, and the output is checked again before it is returned."""
    if not sources:
        raise InvalidInput(N_("Choose at least one document for the pack."), field="documents")
    with limited():
        pages_per_source = _all_pages(sources)
        exhibits, next_page = [], 2  # page 1 is the cover
        for letter, source, pages in zip(
            letters(len(sources)), sources, pages_per_source, strict=True
        ):
            exhibits.append(
                Exhibit(
                    letter,
                    source.document_id,
                    source.filename,
                    next_page,
                    next_page + len(pages) - 1,
                )
            )
            next_page += len(pages)
        total = next_page - 1
        data = _stamped(title, facts, exhibits, pages_per_source, total)
        if max_mb is None or len(data) <= max_mb * 1024 * 1024:
            return EvidencePack([Part(name, data, total)], exhibits, total)
        return EvidencePack(
            _split(PdfReader(io.BytesIO(data)), exhibits, name, max_mb), exhibits, total
        )


def _stamped(
    title: str,
    facts: list[tuple[str, str]],
    exhibits: list[Exhibit],
    pages_per_source: list[list[PageObject]],
    total: int,
) -> bytes:
    writer = PdfWriter()
    added = [writer.add_page(_cover(title, facts, exhibits))]
    owners = [""]
    stamps = [f"p. 1 / {total}"]
    for exhibit, pages in zip(exhibits, pages_per_source, strict=True):
        for offset, page in enumerate(pages):
            try:
                added.append(writer.add_page(page))
            except Exception as exc:  # noqa: BLE001 - a page pypdf could list but not copy
                raise InvalidInput(_DAMAGED, field="documents", file=exhibit.filename) from exc
            owners.append(exhibit.filename)
            stamps.append(f"Exhibit {exhibit.letter} · p. {exhibit.first_page + offset} / {total}")
    stamper = Stamper(writer)
    for page, text, owner in zip(added, stamps, owners, strict=True):
        try:
            stamper.stamp(page, text)
        except Exception as exc:  # noqa: BLE001 - Unstampable, or pypdf on a malformed page
            raise InvalidInput(_DAMAGED, field="documents", file=owner) from exc
    strip_active_content(writer)
    return _checked(_written(writer))


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _checked(data: bytes) -> bytes:
    """The pack's own bytes: nothing active may have survived the stripping. A search of the
    dictionaries' text proves it (see :mod:`.proof`); only when that proves nothing is the whole
    file read back and every object checked."""
    if proven_inactive(data) or not has_active_content(PdfReader(io.BytesIO(data))):
        return data
    raise ReinstateError(N_("The pack still contained active content; it was not kept."))


def _split(reader: PdfReader, exhibits: list[Exhibit], name: str, max_mb: float) -> list[Part]:
    """Parts at exhibit boundaries, each under the limit (the cover goes with the first).
    Each group keeps the bytes of its last trial that fitted, so nothing is written twice."""
    limit = max_mb * 1024 * 1024
    groups: list[tuple[list[Exhibit], bytes]] = []
    for exhibit in exhibits:
        if groups:
            trial = groups[-1][0] + [exhibit]
            data = _write(reader, trial, first=len(groups) == 1)
            if len(data) <= limit:
                groups[-1] = (trial, data)
                continue
        data = _write(reader, [exhibit], first=not groups)
        if len(data) > limit:
            raise InvalidInput(
                N_("Exhibit {letter} alone is over {limit} MB: compress it first."),
                field="documents",
                letter=exhibit.letter,
                limit=f"{max_mb:g}",
            )
        groups.append(([exhibit], data))
    stem, _, extension = name.rpartition(".")
    parts = []
    for number, (group, data) in enumerate(groups, 1):
        for exhibit in group:
            exhibit.part = number
        pages = sum(e.last_page - e.first_page + 1 for e in group) + (1 if number == 1 else 0)
        parts.append(Part(f"{stem}_part{number}of{len(groups)}.{extension}", data, pages))
    return parts


def _write(reader: PdfReader, group: list[Exhibit], *, first: bool) -> bytes:
    writer = PdfWriter()
    if first:
        writer.add_page(reader.pages[0])
    for exhibit in group:
        for number in range(exhibit.first_page, exhibit.last_page + 1):
            writer.add_page(reader.pages[number - 1])
    strip_active_content(writer)
    return _checked(_written(writer))
