"""Hostile evidence, made here as real files: JavaScript hidden 40 levels down a page tree, a
small PDF that inflates past the limit, a PNG cut short, a Chinese store name in a download."""

from __future__ import annotations

import io
import re
import time
import zlib
from typing import Any
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from reinstate.accounts.service import update_account
from reinstate.cases.service import open_case
from reinstate.errors import InvalidInput
from reinstate.evidence import service
from reinstate.evidence.pack import Source, build_pack
from reinstate.evidence.proof import proven_inactive
from reinstate.evidence.safety import MAX_STREAM_BYTES, has_active_content
from reinstate.evidence.validate import check_file
from reinstate.workbench import Workbench

from .conftest import World
from .test_evidence_checks import image_bytes, joom, rewritten, text_pdf

SCRIPT = b"<< /S /JavaScript /JS (app.alert\\('hi'\\)) >>"


def handmade_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (object 1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, *, flate: bool = False) -> bytes:
    body = zlib.compress(data, 9) if flate else data
    extra = b" /Filter /FlateDecode" if flate else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def deep_page_tree(depth: int, *, script: bool) -> bytes:
    """Catalog, ``depth`` nested /Pages nodes, one page whose open action (/AA) runs a script.
    The page's font is inherited from the top of the tree, ``depth`` levels up."""
    pages = 2 + depth  # object number of the page
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    helvetica = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    font = b" /Resources << /Font << /F1 %s >> >>" % helvetica
    for level in range(depth):
        parent = font if level == 0 else b" /Parent %d 0 R" % (level + 1)
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (level + 3, parent))
    action = b" /AA << /O %s >>" % SCRIPT if script else b""
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R%s >>"
        % (depth + 1, pages + 1, action)
    )
    objects.append(_stream(b"BT /F1 12 Tf 72 720 Td (Deep page) Tj ET"))
    return handmade_pdf(objects)


def bomb_pdf(inflated: int = MAX_STREAM_BYTES + 10_000_000) -> bytes:
    """One page whose content stream is ~50 MB of spaces squeezed into a few dozen KB."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        _stream(b" " * inflated, flate=True),
    ]
    return handmade_pdf(objects)


def broken_png() -> bytes:
    whole = image_bytes((800, 600), "PNG", noise=True)
    return whole[: len(whole) // 3]  # the header says 800 x 600; the pixels stop early


def test_it_finds_javascript_at_any_depth_and_never_packs_it() -> None:
    for depth in (1, 10, 40):
        data = deep_page_tree(depth, script=True)
        assert "active_content" in [p.code for p in check_file("x.pdf", data, joom()).problems]
        assert has_active_content(PdfReader(io.BytesIO(data)))
    clean = deep_page_tree(40, script=False)
    assert "active_content" not in [p.code for p in check_file("x.pdf", clean, joom()).problems]
    scripted = rewritten(text_pdf("Invoice"), script="app.alert(1)", attachment=b"MZ\x90")
    pack = build_pack(
        [
            Source(1, "deep.pdf", deep_page_tree(40, script=True), "pdf"),
            Source(2, "s.pdf", scripted, "pdf"),
        ],
        name="x.pdf",
        facts=[],
        max_mb=None,
    )
    [part] = pack.parts
    assert (
        pack.pages == 3 and "Deep page" in PdfReader(io.BytesIO(part.data)).pages[1].extract_text()
    )
    # each name whole: the cover's embedded font subset is called /AAAAAA+..., not /AA
    names = rb"/(?:JavaScript|JS|OpenAction|AA|Launch|EmbeddedFile)(?=[\s()<>\[\]{}/%])"
    assert not re.search(names, part.data)
    assert not has_active_content(PdfReader(io.BytesIO(part.data)))


def test_it_refuses_a_decompression_bomb_quickly_and_by_name() -> None:
    bomb = bomb_pdf()
    assert len(bomb) < 400_000
    started = time.monotonic()
    report = check_file("bomb.pdf", bomb, joom())
    assert "decompression_bomb" in [p.code for p in report.problems]
    good = Source(1, "letter.pdf", text_pdf("Letter"), "pdf")
    with pytest.raises(InvalidInput, match="bomb.pdf expands to more than the pack allows"):
        build_pack([good, Source(2, "bomb.pdf", bomb, "pdf")], name="x.pdf", facts=[], max_mb=None)
    assert time.monotonic() - started < 20
    # Just under the limit it is only a big page: it goes in.
    fine = bomb_pdf(MAX_STREAM_BYTES // 4)
    assert (
        build_pack([Source(3, "big.pdf", fine, "pdf")], name="x.pdf", facts=[], max_mb=None).pages
        == 2
    )


def test_it_names_every_damaged_document_instead_of_failing_the_pack() -> None:
    sources = [
        Source(1, "letter.pdf", text_pdf("Letter"), "pdf"),
        Source(2, "photo.png", broken_png(), "png"),
        Source(3, "scan.pdf", text_pdf("Scan")[:300], "pdf"),
    ]
    assert "corrupt" in [p.code for p in check_file("photo.png", broken_png(), joom()).problems]
    with pytest.raises(InvalidInput) as refused:
        build_pack(sources, name="x.pdf", facts=[], max_mb=None)
    assert str(refused.value) == "photo.png, scan.pdf is damaged and cannot go into the pack."


def test_a_pack_with_a_chinese_store_name_downloads_with_its_name(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    update_account(wb, agent, world.account_a, {"store_name": "蓝海家居"})
    case = open_case(wb, agent, world.account_a, ["counterfeit"]).id
    service.add_document(wb, agent, case, "letter.pdf", text_pdf("Letter"), [])
    user = as_persona("teammate")
    page = user.post(f"/cases/{case}/pack", {}, page=f"/cases/{case}")
    assert page.status_code == 422  # nothing ticked
    document = service.documents_of(wb, agent, case)[0].id
    built = user.post(f"/cases/{case}/pack", {f"include_{document}": "1"}, page=f"/cases/{case}")
    assert built.status_code == 303, built.text
    page = user.client.get(f"/cases/{case}")
    link = page.text.split(f'href="/cases/{case}/packs/')[1].split('"')[0]
    download = user.client.get(f"/cases/{case}/packs/{link}")
    assert download.status_code == 200 and download.content[:5] == b"%PDF-"
    disposition = download.headers["content-disposition"]
    name = service.latest_pack(wb, agent, case)["parts"][0]["name"]  # type: ignore[index]
    assert "蓝海家居" in name
    assert f"filename*=UTF-8''{quote(name, safe='')}" in disposition
    disposition.encode("latin-1")  # what a header can carry


def test_a_pack_whose_stored_file_is_damaged_is_refused_on_the_page(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a, ["counterfeit"]).id
    service.add_document(wb, agent, case, "photo.png", broken_png(), [])
    service.add_document(wb, agent, case, "bomb.pdf", bomb_pdf(), [])
    user = as_persona("teammate")
    ids = [d.id for d in service.documents_of(wb, agent, case)]
    page = user.post(
        f"/cases/{case}/pack", {f"include_{i}": "1" for i in ids}, page=f"/cases/{case}"
    )
    assert page.status_code == 422 and "photo.png is damaged" in page.text


def test_only_a_pack_whose_dictionaries_name_nothing_active_is_proven_clean() -> None:
    scripted = rewritten(text_pdf("Invoice"), script="app.alert(1)", attachment=b"MZ\x90")
    for hostile in (deep_page_tree(40, script=True), scripted):  # the second written by pypdf
        assert has_active_content(PdfReader(io.BytesIO(hostile)))
        assert not proven_inactive(hostile)
    pack = build_pack([Source(1, "s.pdf", scripted, "pdf")], name="x.pdf", facts=[], max_mb=None)
    clean = pack.parts[0].data
    assert proven_inactive(clean)
    for damaged in (clean[:-12], clean.replace(b"\nxref\n", b"\nxref \n"), b"%PDF-1.7\n"):
        assert not proven_inactive(damaged)  # not laid out as pypdf writes: proves nothing
