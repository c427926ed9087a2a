"""WebP, GIF and TIFF pictures go into the evidence pack as pages, converted by Pillow: a
multi-page TIFF gives each of its pages, an animated GIF its first frame. The pack once
refused them as "neither a PDF nor an image", and left them out of a default pack."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader

from reinstate.cases.service import open_case
from reinstate.evidence import service
from reinstate.workbench import Workbench

from .conftest import World


def _picture(fmt: str, frames: int = 1) -> bytes:
    pages = [Image.new("RGB", (1200, 900), (40 * i, 120, 200)) for i in range(frames)]
    out = io.BytesIO()
    if frames > 1:
        pages[0].save(out, fmt, save_all=True, append_images=pages[1:])
    else:
        pages[0].save(out, fmt)
    return out.getvalue()


def test_webp_gif_and_tiff_pictures_become_pages_of_the_pack(wb: Workbench, world: World) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a2, ["intellectual_property"]).id  # Amazon
    files = [
        ("licence.webp", _picture("WEBP")),
        ("screens.gif", _picture("GIF", frames=4)),
        ("invoices.tiff", _picture("TIFF", frames=3)),
    ]
    documents = [
        service.add_document(wb, agent, case, name, data, ["purchase_invoices"])
        for name, data in files
    ]
    assert all(service.packable(d) for d in documents)
    built = service.make_pack(wb, agent, case)
    assert [(e.filename, e.last_page - e.first_page + 1) for e in built.exhibits] == [
        ("licence.webp", 1),
        ("screens.gif", 1),
        ("invoices.tiff", 3),
    ]
    [part] = built.parts
    assert len(PdfReader(io.BytesIO(part.data)).pages) == 1 + 1 + 1 + 3  # the cover first
