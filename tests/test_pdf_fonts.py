"""The font the PDFs set their text in (reinstate.pdf_fonts): a TrueType face with Chinese letters
found on the system, embedded in each PDF, so readers without Adobe's Asian font pack (Poppler,
Evince, browsers' viewers) show the Chinese. ``make test`` installs Debian's fonts-wqy-zenhei
and poppler-utils (scripts/ensure-system-packages): here the font must be found and used."""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from reinstate import pdf_fonts
from reinstate.cli import main
from reinstate.errors import ConfigurationError
from reinstate.evidence.pack import Source, build_pack
from reinstate.letters.export import letter_pdf
from reinstate.verification.sheet import preparation_sheet
from reinstate.workbench import Workbench

from .conftest import World
from .test_evidence_checks import text_pdf
from .test_verification_sheet import _prepared

FACTS = [("店铺 / Store", "深圳市蓝海贸易有限公司"), ("Case", "#7 假冒商品申诉")]


@pytest.fixture
def font_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """The module's choice as it was before the test, put back after it."""
    for name in ("_setting", "_chosen", "_refused"):
        monkeypatch.setattr(pdf_fonts, name, getattr(pdf_fonts, name))


def _runs(data: bytes) -> list[tuple[int, str, DictionaryObject | None]]:
    """Each piece of text drawn, with its page number and the font dictionary it is set in."""
    runs: list[tuple[int, str, DictionaryObject | None]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, 1):

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any, number: int = number) -> None:
            if text.strip():
                runs.append((number, text, font))

        page.extract_text(visitor_text=visit)
    return runs


def _embedded(font: DictionaryObject | None) -> bool:
    """Whether the font's TrueType outlines travel in the file (a FontFile2 in its descriptor)."""
    if font is None:
        return False
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and "/FontFile2" in descriptor.get_object()


def _chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _text(data: bytes, page: int = 0) -> str:
    return PdfReader(io.BytesIO(data)).pages[page].extract_text()


def test_the_font_is_found_on_this_system() -> None:
    assert pdf_fonts.discovered() is not None, "run scripts/ensure-system-packages font"
    assert pdf_fonts.text_font() == pdf_fonts.EMBEDDED


def test_an_evidence_pack_cover_embeds_its_font_and_reads_back_in_chinese() -> None:
    source = Source(1, "营业执照 license.pdf", text_pdf("Business licence"), "pdf")
    pack = build_pack([source], name="p.pdf", facts=FACTS, max_mb=None)
    data = pack.parts[0].data
    cover = [(text, font) for page, text, font in _runs(data) if page == 1]
    chinese = [(text, font) for text, font in cover if _chinese(text)]
    assert chinese and all(_embedded(font) for _, font in chinese), chinese
    # Latin and Chinese on the cover share the one embedded face; only the stamp is Helvetica
    drawn = {str(font["/BaseFont"]) for text, font in cover if "p. 1 / 2" not in text}
    assert len(drawn) == 1 and drawn.pop().endswith("WenQuanYiZenHei-0")
    text = _text(data)
    for line in (
        "Evidence pack / 证据包",
        "店铺 / Store: 深圳市蓝海贸易有限公司",
        "Case: #7 假冒商品申诉",
        "Exhibits / 证据目录",
        "Exhibit A  营业执照 license.pdf  p. 2",
    ):
        assert line in text, text
    assert b"STSong" not in data


def test_the_verification_sheet_embeds_its_font_and_reads_back_in_chinese(
    wb: Workbench, world: World
) -> None:
    vid = _prepared(wb, world)
    data = preparation_sheet(wb, world.actor(wb, "owner"), vid, ZoneInfo("Asia/Shanghai"))
    runs = _runs(data)
    assert runs and all(_embedded(font) for _, _, font in runs), [
        text for _, text, font in runs if not _embedded(font)
    ]
    text = "\n".join(_text(data, page) for page in range(len(PdfReader(io.BytesIO(data)).pages)))
    assert "视频验证准备单" in text and "王梅" in text and "更换收款银行账户" in text
    assert "法人身份证原件" in text and "深圳市南山区科技园XX大厦A座501" in text.replace(" ", "")


def _pdftool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: run scripts/ensure-system-packages pdftools"
    return path


_NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{empty}</dir><cachedir>{cache}</cachedir></fontconfig>
"""


def _ink(pdf: Path, tmp_path: Path) -> int:
    """Dark pixels in the top sixth of the first page as Poppler draws it on a machine with no
    fonts at all (an empty fontconfig): only what the PDF carries can be drawn."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        _NO_FONTS.format(empty=tmp_path / "no-fonts", cache=tmp_path / "cache"), encoding="utf-8"
    )
    (tmp_path / "no-fonts").mkdir(exist_ok=True)
    image = tmp_path / pdf.stem
    subprocess.run(
        [_pdftool("pdftoppm"), "-r", "60", "-gray", "-png", "-singlefile", pdf, image],
        check=True,
        capture_output=True,
        env={**os.environ, "FONTCONFIG_FILE": str(config)},
    )
    page = Image.open(image.with_suffix(".png")).convert("L")
    top = page.crop((0, 0, page.width, page.height // 6))
    return sum(1 for value in top.get_flattened_data() if value < 128)


LETTER = "申诉信\n我们已下架全部涉嫌侵权的商品。"


def test_poppler_without_chinese_fonts_draws_and_reads_the_chinese(
    font_state: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Poppler (pdftoppm, pdftotext) is one of the readers that showed nothing where the CID
    font, which no PDF carries, set Chinese: with the font embedded the characters are drawn
    even where the machine has no font, and read back."""
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(letter_pdf(LETTER, "Letter"))
    assert _ink(pdf, tmp_path) > 200, "the Chinese is not drawn"
    read = subprocess.run(
        [_pdftool("pdftotext"), pdf, "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "申诉信" in read and "我们已下架全部涉嫌侵权的商品。" in read
    # the same letter in the CID font: blank where the Chinese should be (what readers saw)
    monkeypatch.setattr(pdf_fonts, "CANDIDATES", ())
    monkeypatch.setattr(pdf_fonts, "_chosen", None)
    before = tmp_path / "cid.pdf"
    before.write_bytes(letter_pdf(LETTER, "Letter"))
    assert _ink(before, tmp_path) == 0


def test_latin_text_wraps_at_spaces_and_chinese_anywhere() -> None:
    words = " ".join(["reinstatement"] * 40)
    lines = _text(letter_pdf(f"Title\n{words}", "Letter")).splitlines()
    assert all(set(line.split()) <= {"Title", "reinstatement"} for line in lines), lines
    chinese = "账户" * 80
    lines = _text(letter_pdf(f"Title\n{chinese}", "Letter")).splitlines()
    assert len(lines) >= 3 and "".join(lines[1:]).replace(" ", "") == chinese


def test_without_a_font_chinese_falls_back_to_the_cid_font_with_one_warning(
    font_state: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(pdf_fonts, "CANDIDATES", ())
    monkeypatch.setattr(pdf_fonts, "_chosen", None)
    caplog.set_level(logging.WARNING, "reinstate.pdf")
    first = letter_pdf("申诉信\nAppeal", "Letter")
    letter_pdf("第二封\nSecond", "Letter")
    warnings = [r for r in caplog.records if r.name == "reinstate.pdf"]
    assert len(warnings) == 1 and "fonts-wqy-zenhei" in warnings[0].getMessage()
    fonts = {str(font["/BaseFont"]): text for _, text, font in _runs(first)}
    assert (
        set(fonts) == {"/STSong-Light", "/Helvetica"} and fonts["/STSong-Light"].strip() == "申诉信"
    )


def test_a_setting_naming_no_file_is_one_sentence_when_the_workbench_opens(
    font_state: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    missing = tmp_path / "fonts" / "simsun.ttc"
    monkeypatch.setenv("REINSTATE_CJK_FONT", str(missing))
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["org", "create", "Acme"]) == 1
    err = capsys.readouterr().err
    assert err == f"REINSTATE_CJK_FONT names {missing}, but there is no such font file.\n"
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    assert main(["org", "create", "Acme"]) == 1
    assert capsys.readouterr().err == f"REINSTATE_CJK_FONT 指向 {missing}，但该字体文件不存在。\n"


def test_a_setting_naming_no_usable_font_is_one_sentence_when_a_pdf_is_drawn(
    font_state: None,
    as_persona: Any,
    wb: Workbench,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    tmp_path: Path,
) -> None:
    vid = _prepared(wb, world)
    found = pdf_fonts.discovered()
    assert found is not None
    broken = tmp_path / "broken.ttc"  # the font's header without the tables it points at
    broken.write_bytes(found.read_bytes()[:4096])
    notes = tmp_path / "font.ttf"
    notes.write_text("not a font", encoding="utf-8")
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    for bad in (broken, notes):
        monkeypatch.setenv("REINSTATE_CJK_FONT", str(bad))
        out = tmp_path / f"{bad.stem}.pdf"
        assert main(["verify", "sheet", str(vid), "--out", str(out)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert err.startswith(f"REINSTATE_CJK_FONT names {bad}, which is not a TrueType font")
        assert not out.exists()
    with pytest.raises(ConfigurationError):  # and again, from what was decided the first time
        pdf_fonts.font_for("证据包")
    got = as_persona("viewer").client.get(f"/verifications/{vid}/sheet.pdf")
    assert got.status_code == 500 and "Traceback" not in got.text
    assert f"REINSTATE_CJK_FONT names {notes}, which is not a TrueType font" in got.text
    monkeypatch.delenv("REINSTATE_CJK_FONT")
    assert main(["verify", "sheet", str(vid), "--out", str(tmp_path / "good.pdf")]) == 0
