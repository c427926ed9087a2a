"""Stamping a page without re-drawing it: the stamp sits at the bottom right of the page as a
reader shows it (crop box, rotation), whatever state the page's drawing leaves behind; a pack
can go into a pack; the written pack is read back only when a dictionary in it may name active
content."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from reinstate.errors import ReinstateError
from reinstate.evidence import pack as pack_module
from reinstate.evidence.pack import Source, build_pack

from .test_evidence_checks import text_pdf
from .test_hostile_evidence import deep_page_tree, handmade_pdf


def drawing(label: str, size: tuple[float, float] = A4, *, dirty: bool = False) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=size)
    page.drawString(60, size[1] - 100, label)
    if dirty:  # a scale and a colour never restored: the stamp must not inherit them
        page._code.append("0.2 0 0 0.2 0 0 cm 1 1 1 rg")  # noqa: SLF001 - raw operators
    page.showPage()
    page.save()
    return buffer.getvalue()


def with_entries(data: bytes, **entries: Any) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for key, value in entries.items():
        writer.pages[0][NameObject(f"/{key}")] = value
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _box(*values: float) -> ArrayObject:
    return ArrayObject([FloatObject(v) for v in values])


def stamp_position(page: Any) -> tuple[float, float, float]:
    """Where the stamp's text starts on the page (its own coordinates) and its font size."""
    found: list[tuple[float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.startswith("Exhibit") or text.startswith("p. 1 /"):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = (cm[0] ** 2 + cm[1] ** 2) ** 0.5 * (tm[0] ** 2 + tm[1] ** 2) ** 0.5
            found.append((x, y, size * scale))

    page.extract_text(visitor_text=visit)
    return found[-1]


@pytest.mark.parametrize(
    ("entries", "corner"),
    [
        ({}, ("right", "bottom")),
        ({"Rotate": NumberObject(90)}, ("right", "top")),
        ({"Rotate": NumberObject(180)}, ("left", "top")),
        ({"Rotate": NumberObject(-90)}, ("left", "bottom")),
        ({"CropBox": _box(50, 100, 545, 700)}, ("right", "bottom")),
        ({"MediaBox": _box(595, 942, 0, 100)}, ("right", "bottom")),  # corners swapped
    ],
)
def test_the_stamp_sits_at_the_bottom_right_of_the_page_as_shown(
    entries: dict[str, Any], corner: tuple[str, str]
) -> None:
    source = Source(1, "a.pdf", with_entries(drawing("Page", dirty=True), **entries), "pdf")
    data = build_pack([source], name="x.pdf", facts=[], max_mb=None).parts[0].data
    page = PdfReader(io.BytesIO(data)).pages[1]
    assert "Page" in page.extract_text() and "Exhibit A · p. 2 / 2" in page.extract_text()
    x, y, size = stamp_position(page)
    box = page.cropbox
    left, right = sorted((float(box.left), float(box.right)))
    bottom, top = sorted((float(box.bottom), float(box.top)))
    assert left < x < right and bottom < y < top  # on the visible part of the page
    near = {"left": left, "right": right, "bottom": bottom, "top": top}
    assert abs(x - near[corner[0]]) < 130 and abs(y - near[corner[1]]) < 130
    assert size == pytest.approx(9)  # the page's leftover scale did not shrink it


def test_a_landscape_page_and_the_cover_are_stamped_too() -> None:
    source = Source(1, "wide.pdf", drawing("Wide", landscape(A4)), "pdf")
    data = build_pack([source], name="x.pdf", facts=[], max_mb=None).parts[0].data
    cover, wide = PdfReader(io.BytesIO(data)).pages
    assert stamp_position(cover)[0] > A4[0] - 130 and "p. 1 / 2" in cover.extract_text()
    assert stamp_position(wide)[0] > A4[1] - 130


def test_a_pack_can_go_into_a_pack() -> None:
    first = build_pack(
        [Source(1, "letter.pdf", text_pdf("Letter", pages=2), "pdf")],
        name="x.pdf",
        facts=[],
        max_mb=None,
    )
    again = build_pack(
        [Source(2, "earlier-pack.pdf", first.parts[0].data, "pdf")],
        name="y.pdf",
        facts=[],
        max_mb=None,
    )
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(again.parts[0].data)).pages]
    assert len(pages) == 4 and "Letter (2)" in pages[3]
    assert "Exhibit A · p. 3 / 3" in pages[3] and "Exhibit A · p. 4 / 4" in pages[3]


def tagged_pdf(page_entry: bytes = b"") -> bytes:
    """One page whose drawing, in the open, opens marked content tagged /JS: a script key's
    spelling in stream data, where no reader looks for keys."""
    helvetica = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    drawn = b"/JS BMC BT /F1 12 Tf 72 720 Td (Tagged) Tj ET EMC"
    return handmade_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 %s >> >>%s >>" % (helvetica, page_entry),
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(drawn), drawn),
        ]
    )


def test_the_pack_is_read_back_only_when_a_dictionary_may_name_active_content(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[object] = []
    real = pack_module.has_active_content

    def counted(reader: Any) -> bool:
        reads.append(reader)
        return real(reader)

    monkeypatch.setattr(pack_module, "has_active_content", counted)

    def packed(data: bytes) -> bytes:
        source = Source(1, "tagged.pdf", data, "pdf")
        return build_pack([source], name="x.pdf", facts=[], max_mb=None).parts[0].data

    assert b"/JS BMC" in packed(tagged_pdf())
    assert reads == []  # the dictionaries' text proved it; the drawing is not searched
    # A key that only starts like a script's: the pack is read back, found clean and kept.
    assert b"/JSONData" in packed(tagged_pdf(b" /JSONData 1"))
    assert len(reads) == 1


def test_the_check_catches_what_the_stripping_misses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pack_module, "strip_active_content", lambda writer: None)
    scripted = deep_page_tree(3, script=True)  # the page's own /AA runs a script
    with pytest.raises(ReinstateError, match="still contained active content"):
        build_pack([Source(1, "s.pdf", scripted, "pdf")], name="x.pdf", facts=[], max_mb=None)
