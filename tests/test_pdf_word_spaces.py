"""Word spaces in the PDFs (reinstate.pdf_fonts): a face that maps no U+0020 (nor U+00A0) had
its spaces drawn as .notdef, with no width and no text, so "JingYue Home US" was printed and read
back as "JingYueHomeUS" (Poppler) or with NULs (pypdf). The face's own blank glyph now stands in;
a face with no blank at all is passed over. The fonts here are real files, made from the one the
machine has with the spaces taken out of their character map."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace

from reinstate import pdf_fonts
from reinstate.accounts.service import update_account
from reinstate.errors import ConfigurationError
from reinstate.evidence.pack import Source, build_pack
from reinstate.letters.export import letter_pdf
from reinstate.verification.sheet import preparation_sheet
from reinstate.workbench import Workbench

from .conftest import World
from .test_evidence_checks import text_pdf
from .test_verification_sheet import _prepared

STORE = "JingYue Home US"


def _face_tables(data: bytes) -> dict[bytes, bytes]:
    """The tables of the first face of a .ttf or .ttc, by tag."""
    start = struct.unpack(">I", data[12:16])[0] if data[:4] == b"ttcf" else 0
    count = struct.unpack(">H", data[start + 4 : start + 6])[0]
    tables = {}
    for n in range(count):
        record = start + 12 + 16 * n
        tag, _, offset, length = struct.unpack(">4sIII", data[record : record + 16])
        tables[tag] = data[offset : offset + length]
    return tables


def _cmap(mapping: dict[int, int]) -> bytes:
    """A Unicode character map (3,10 format 12) of ``mapping``, in runs."""
    groups: list[list[int]] = []
    for char, glyph in sorted(mapping.items()):
        last = groups[-1] if groups else None
        if last and char == last[1] + 1 and glyph == last[2] + char - last[0]:
            last[1] = char
        else:
            groups.append([char, char, glyph])
    body = b"".join(struct.pack(">III", *group) for group in groups)
    table = struct.pack(">HHIII", 12, 0, 16 + len(body), 0, len(groups)) + body
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + table


def _font_without(dropped: set[int], out: Path) -> Path:
    """The machine's font as a .ttf whose character map lacks ``dropped``."""
    found = pdf_fonts.discovered()
    assert found is not None, "run scripts/ensure-system-packages font"
    tables = _face_tables(found.read_bytes())
    mapping = TTFontFace(str(found), subfontIndex=0).charToGlyph
    tables[b"cmap"] = _cmap({c: g for c, g in mapping.items() if c not in dropped})
    offset = 12 + 16 * len(tables)
    directory, body = b"", b""
    for tag, table in sorted(tables.items()):
        directory += struct.pack(">4sIII", tag, 0, offset + len(body), len(table))
        body += table + b"\0" * (-len(table) % 4)
    out.write_bytes(struct.pack(">IHHHH", 0x00010000, len(tables), 0, 0, 0) + directory + body)
    return out


@pytest.fixture
def fresh_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """The module's choice and reportlab's registered fonts as they were, put back after: reportlab
    keeps the first font registered under a name (or a face name) and ignores later ones."""
    for name in ("_setting", "_chosen", "_refused"):
        monkeypatch.setattr(pdf_fonts, name, getattr(pdf_fonts, name))
    monkeypatch.setattr(pdfmetrics, "_fonts", dict(pdfmetrics._fonts))
    monkeypatch.setattr(pdfmetrics, "_dynFaceNames", {})
    pdfmetrics._fonts.pop(pdf_fonts.EMBEDDED, None)


def _read(data: bytes, tmp_path: Path) -> tuple[str, str]:
    """The text as Poppler's pdftotext reads it, and as pypdf does."""
    pdf = tmp_path / "read.pdf"
    pdf.write_bytes(data)
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: run scripts/ensure-system-packages pdftools"
    poppler = subprocess.run([tool, pdf, "-"], check=True, capture_output=True, text=True).stdout
    return poppler, "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_a_face_without_a_space_still_sets_and_reads_back_the_spaces(
    fresh_font: None, wb: Workbench, world: World, tmp_path: Path
) -> None:
    font = _font_without({0x20, 0xA0}, tmp_path / "nospace.ttf")
    pdf_fonts.configure(font)
    assert pdf_fonts.text_font() == pdf_fonts.EMBEDDED
    assert pdfmetrics.getFont(pdf_fonts.EMBEDDED).face.filename == str(font)

    vid = _prepared(wb, world)
    owner = world.actor(wb, "owner")
    update_account(wb, owner, world.account_a2, {"store_name": STORE})
    sheet = preparation_sheet(wb, owner, vid, ZoneInfo("Asia/Shanghai"))
    for text in _read(sheet, tmp_path):
        assert f"{STORE} | 深圳市蓝海贸易有限公司 | US" in text, text[:300]
        assert "Video verification preparation sheet" in text and "视频验证准备单" in text
        assert "\0" not in text

    letter = letter_pdf(f"申诉信 {STORE}\nWe removed every listing 我们已下架全部商品。", "Letter")
    for text in _read(letter, tmp_path):
        assert f"申诉信 {STORE}" in text and "We removed every listing 我们已下架全部商品。" in text

    source = Source(1, "营业执照 business licence.pdf", text_pdf("Business licence"), "pdf")
    facts = [("店铺 / Store", STORE)]
    pack = build_pack([source], name="p.pdf", facts=facts, max_mb=None)
    cover = PdfWriter()
    cover.add_page(PdfReader(io.BytesIO(pack.parts[0].data)).pages[0])
    written = io.BytesIO()
    cover.write(written)
    for text in _read(written.getvalue(), tmp_path):
        assert f"店铺 / Store: {STORE}" in text and "Evidence pack / 证据包" in text
        assert "营业执照 business licence.pdf" in text


def test_a_face_with_no_blank_at_all_is_passed_over_or_refused(
    fresh_font: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blanks = {0x20, 0xA0, *pdf_fonts.SPACES}
    font = _font_without(blanks, tmp_path / "noblank.ttf")
    found = pdf_fonts.discovered()
    monkeypatch.setattr(pdf_fonts, "CANDIDATES", ((font, 0), (found, 0)))
    assert pdf_fonts.discovered() == found
    pdf_fonts.configure(font)
    with pytest.raises(ConfigurationError, match="not a TrueType font with Chinese and Latin"):
        pdf_fonts.text_font()
