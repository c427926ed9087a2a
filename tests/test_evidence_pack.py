"""The evidence pack: cover, exhibit index, stamped pages, images as pages, parts under the
limit; and files survive a crash mid-write."""

from __future__ import annotations

import io
import json
import os
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from reinstate.cases.service import open_case
from reinstate.errors import InvalidInput
from reinstate.evidence import dating, service
from reinstate.evidence.pack import Source, build_pack
from reinstate.evidence.validate import check_file
from reinstate.storage.blobs import BlobStore
from reinstate.workbench import Workbench

from .conftest import World
from .test_evidence_checks import image_bytes, image_pdf, joom, rewritten, text_pdf


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_it_stamps_every_page_with_its_exhibit_and_number() -> None:
    sources = [
        Source(1, "letter.pdf", text_pdf("Remediation letter", pages=2), "pdf"),
        Source(2, "licence.jpg", image_bytes((1600, 1100)), "jpeg"),
        Source(3, "invoices.pdf", text_pdf("Invoice", pages=3), "pdf"),
    ]
    pack = build_pack(
        sources,
        name="BlueOceanHome_Counterfeit_20261118.pdf",
        facts=[("Case", "#7"), ("Reference", "JM-2026-88120")],
        max_mb=10,
    )
    assert [(e.letter, e.first_page, e.last_page) for e in pack.exhibits] == [
        ("A", 2, 3),
        ("B", 4, 4),
        ("C", 5, 7),
    ]
    [part] = pack.parts
    assert part.name == "BlueOceanHome_Counterfeit_20261118.pdf" and pack.pages == 7
    pages = _pages(part.data)
    assert len(pages) == 7
    assert "JM-2026-88120" in pages[0] and "Exhibit C  invoices.pdf  pp. 5–7" in pages[0]
    assert "p. 1 / 7" in pages[0]
    assert "Exhibit A · p. 2 / 7" in pages[1] and "Exhibit A · p. 3 / 7" in pages[2]
    assert "Exhibit B · p. 4 / 7" in pages[3] and "Exhibit C · p. 7 / 7" in pages[6]


def test_it_splits_the_pack_at_exhibits_to_stay_under_the_limit() -> None:
    heavy = [
        Source(i, f"scan-{i}.pdf", image_pdf(image_bytes((900, 900), "PNG", noise=True)), "pdf")
        for i in range(1, 4)
    ]
    one_size = len(heavy[0].data) / (1024 * 1024)
    pack = build_pack(heavy, name="X_Y_20261118.pdf", facts=[], max_mb=one_size * 1.6)
    assert [p.name for p in pack.parts] == [f"X_Y_20261118_part{i}of3.pdf" for i in (1, 2, 3)]
    assert all(len(p.data) <= one_size * 1.6 * 1024 * 1024 for p in pack.parts)
    assert [e.part for e in pack.exhibits] == [1, 2, 3]
    assert "Exhibit C · p. 4 / 4" in _pages(pack.parts[2].data)[0]
    with pytest.raises(InvalidInput, match="alone is over"):
        build_pack(heavy, name="X.pdf", facts=[], max_mb=one_size / 2)


def test_it_refuses_documents_that_cannot_go_into_a_pack() -> None:
    locked = Source(1, "locked.pdf", rewritten(text_pdf(), password="pw"), "pdf")
    with pytest.raises(InvalidInput, match="locked.pdf is encrypted"):
        build_pack([locked], name="x.pdf", facts=[], max_mb=None)
    with pytest.raises(InvalidInput, match="at least one document"):
        build_pack([], name="x.pdf", facts=[], max_mb=None)


def test_it_takes_a_pdf_locked_only_against_printing_and_copying() -> None:
    """A bank statement opens without a password and only its owner password forbids copying:
    its pages go in, and the pack is an ordinary PDF the platform takes."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf("Bank statement 2026-10"))))
    writer.encrypt(user_password="", owner_password="bank-owner", permissions_flag=0)
    statement = io.BytesIO()
    writer.write(statement)
    assert PdfReader(io.BytesIO(statement.getvalue())).is_encrypted
    pack = build_pack(
        [Source(1, "statement.pdf", statement.getvalue(), "pdf")],
        name="x.pdf",
        facts=[],
        max_mb=None,
    )
    [part] = pack.parts
    assert not PdfReader(io.BytesIO(part.data)).is_encrypted
    assert "Bank statement 2026-10" in _pages(part.data)[1]
    # evidence check says what it is, and such a file counts for the pack
    report = check_file("statement.pdf", statement.getvalue(), joom())
    [locked] = [p for p in report.problems if p.severity == "error"]
    assert (locked.code, locked.message) == (
        "locked",
        "The PDF opens without a password but is locked against printing or copying.",
    )
    problems = [{"code": p.code, "severity": p.severity} for p in report.problems]
    assert service.packable(SimpleNamespace(problems=problems, kind="pdf"))  # type: ignore[arg-type]
    secret = rewritten(text_pdf("Bank statement"), password="pw")
    assert [p.code for p in check_file("s.pdf", secret, joom()).problems][:1] == ["encrypted"]


def test_it_builds_a_case_pack_on_the_cli_and_the_web(
    as_persona: Any,
    wb: Workbench,
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a, ["counterfeit"]).id
    service.add_document(wb, agent, case, "letter.pdf", text_pdf("Letter"), ["remediation_letter"])
    service.add_document(wb, agent, case, "id.jpg", image_bytes((1400, 1000)), [])
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    from reinstate.cli import main

    assert main(["evidence", "pack", str(case), "--out", str(tmp_path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    [written] = result["files"]
    assert re.fullmatch(r"BlueOceanHome_Counterfeit_\d{8}\.pdf", written["name"])
    assert Path(written["path"]).read_bytes()[:5] == b"%PDF-"
    # a file, or a folder that cannot be made, where the pack's folder goes: one sentence each
    assert main(["evidence", "pack", str(case), "--out", written["path"]]) == 1
    assert capsys.readouterr().err == f"{written['path']} is a file: --out takes a folder.\n"
    beneath = Path(written["path"]) / "pack"
    assert main(["evidence", "pack", str(case), "--out", str(beneath)]) == 1
    assert capsys.readouterr().err.startswith(f"{beneath / written['name']} cannot be written: ")
    assert [(e["exhibit"], e["file"], e["first_page"]) for e in result["exhibits"]] == [
        ("A", "letter.pdf", 2),
        ("B", "id.jpg", 3),
    ]
    user = as_persona("teammate")
    first, second = (d.id for d in service.documents_of(wb, agent, case))
    built = user.post(
        f"/cases/{case}/pack",
        {
            f"include_{first}": "1",
            f"position_{first}": "2",
            f"include_{second}": "1",
            f"position_{second}": "1",
        },
        page=f"/cases/{case}",
    )
    assert built.status_code == 303  # to the list of packs on the case page
    page = user.client.get(built.headers["location"]).text
    assert page.index("id.jpg") < page.index("letter.pdf", page.index('id="packs"'))
    link = page.split(f'href="/cases/{case}/packs/')[1].split('"')[0]
    download = user.client.get(f"/cases/{case}/packs/{link}")
    assert download.headers["content-type"] == "application/pdf"
    assert "Exhibit B · p. 3 / 3" in _pages(download.content)[2]
    assert "Exhibit A  id.jpg  p. 2" in _pages(download.content)[0]  # the order chosen
    none = user.post(f"/cases/{case}/pack", {}, page=f"/cases/{case}")
    assert none.status_code == 422 and "at least one document" in none.text
    assert as_persona("outsider").client.get(f"/cases/{case}/packs/{link}").status_code == 404
    assert user.client.get(f"/cases/{case}/packs/{'0' * 64}").status_code == 404


def test_a_write_that_fails_midway_leaves_no_blob_and_no_row(
    wb: Workbench, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a, ["counterfeit"]).id

    def power_cut(fd: int) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(os, "fsync", power_cut)
    with pytest.raises(OSError):
        service.add_document(wb, agent, case, "letter.pdf", text_pdf("Letter"), [])
    monkeypatch.undo()
    root = wb.settings.data_dir / "blobs"
    leftovers = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    assert leftovers == []  # neither the blob nor its temporary file
    assert service.documents_of(wb, agent, case) == []
    store = BlobStore(root)
    assert store.get(store.put(b"after the crash")) == b"after the crash"


def test_it_asks_for_the_dates_of_a_scan_and_judges_them(wb: Workbench, world: World) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a2, ["intellectual_property"]).id  # Amazon
    scan = service.add_document(
        wb,
        agent,
        case,
        "invoice-scan.pdf",
        image_pdf(image_bytes((1240, 1754))),
        ["purchase_invoices"],
    )
    assert [p["code"] for p in scan.problems] == ["no_text"]
    dated = dating.set_document_dates(
        wb, agent, scan.id, valid_until=None, issued_on=date(2025, 9, 1)
    )
    assert [p["code"] for p in dated.problems] == ["no_text", "too_old"]
    items = {i.material_id: i.status for i in service.checklist(wb, agent, case)}
    assert items["purchase_invoices"] == "expired"
    fresh = dating.set_document_dates(
        wb, agent, scan.id, valid_until=None, issued_on=date(2026, 10, 1)
    )
    assert [p["code"] for p in fresh.problems] == ["no_text"]


def _picture(picture: Image.Image, kind: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, kind, **options)
    return buffer.getvalue()


def _drawn(document: bytes, kind: str) -> Image.Image:
    """The picture as the pack drew it on the exhibit's page, read back from the PDF."""
    pack = build_pack([Source(1, f"x.{kind}", document, kind)], name="x.pdf", facts=[], max_mb=None)
    [image] = PdfReader(io.BytesIO(pack.parts[0].data)).pages[1].images
    return image.image.convert("RGB")


def test_it_draws_photos_and_scans_as_a_viewer_shows_them() -> None:
    # A phone photo stored sideways with EXIF orientation 6: a viewer shows its red band on top.
    photo = Image.new("RGB", (1600, 1200), "white")
    photo.paste((255, 0, 0), (0, 0, 300, 1200))
    exif = photo.getexif()
    exif[0x0112] = 6
    upright = _drawn(_picture(photo, "JPEG", exif=exif, quality=95), "jpeg")
    assert upright.size == (1200, 1600)
    assert upright.getpixel((600, 20))[0] > 200 and upright.getpixel((600, 20))[1] < 60
    assert min(upright.getpixel((600, 1580))) > 200
    # A seal cut out on a transparent background whose hidden colour is black: white paper.
    seal = Image.new("RGBA", (1200, 1200), (0, 0, 0, 0))
    seal.paste((200, 0, 0, 255), (400, 400, 800, 800))
    on_paper = _drawn(_picture(seal, "PNG"), "png")
    assert on_paper.getpixel((10, 10)) == (255, 255, 255)
    assert on_paper.getpixel((600, 600)) == (200, 0, 0)
    # A 16-bit grey scan (scanners write them) at mid grey: grey, not clipped to white.
    grey = _drawn(_picture(Image.new("I;16", (1400, 1000), 32768), "PNG"), "png")
    assert 110 <= grey.getpixel((10, 10))[0] <= 145


def test_a_pdf_named_as_a_picture_still_goes_into_the_pack(wb: Workbench, world: World) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a2, ["intellectual_property"]).id  # Amazon
    invoices = service.add_document(
        wb, agent, case, "invoices.jpg", text_pdf("Invoice 2026-11-01"), ["purchase_invoices"]
    )
    assert [p["code"] for p in invoices.problems] == ["wrong_extension"]
    assert service.packable(invoices)  # the pack is named anew: the name no longer misleads
    items = {i.material_id: i.status for i in service.checklist(wb, agent, case)}
    assert items["purchase_invoices"] == "provided"


def test_the_exhibit_index_keeps_each_line_on_the_page() -> None:
    """A name of wide letters (or Chinese, twice as wide as Latin) was cut by its length in
    characters only: the page numbers after it fell off the cover."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from reinstate.evidence.pack import _fitted
    from reinstate.pdf_fonts import font_for

    wide = "W" * 66 + ".pdf"
    pack = build_pack(
        [Source(1, wide, text_pdf("Licence"), "pdf"), Source(2, "b.pdf", text_pdf("B"), "pdf")],
        name="x.pdf",
        facts=[],
        max_mb=None,
    )
    [line] = [s for s in _pages(pack.parts[0].data)[0].splitlines() if "Exhibit A" in s]
    assert line.endswith("...  p. 2") and "WWWW" in line
    chinese = _fitted(
        "Exhibit A  ", "营业执照_蓝海家居有限公司_盖章版本_最终版" * 3 + ".pdf", "  p. 2", 483
    )
    assert chinese.endswith("...  p. 2") and stringWidth(chinese, font_for(chinese), 10) <= 483


def test_a_long_screenshot_is_cut_into_readable_pages() -> None:
    """A phone's long screenshot (1080 × 9000) fitted whole on one page was a strip a fifth of
    the page wide; it is cut at the page's shape, every piece at the page's width."""
    screenshot = Image.new("RGB", (1080, 9000), (200, 220, 255))
    pack = build_pack(
        [Source(1, "health.png", _picture(screenshot, "PNG"), "png")],
        name="x.pdf",
        facts=[],
        max_mb=None,
    )
    [exhibit] = pack.exhibits
    pages = PdfReader(io.BytesIO(pack.parts[0].data)).pages[1:]
    assert exhibit.last_page - exhibit.first_page + 1 == len(pages) == 6
    pieces = [page.images[0].image for page in pages]
    assert {piece.width for piece in pieces} == {1080} and sum(p.height for p in pieces) == 9000
    photo = build_pack(
        [Source(1, "licence.png", _picture(Image.new("RGB", (1600, 2400)), "PNG"), "png")],
        name="x.pdf",
        facts=[],
        max_mb=None,
    )
    assert photo.pages == 2  # a page-shaped picture stays one page
