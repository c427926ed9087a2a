"""A built evidence pack can be found again: the case page lists every pack built (newest first,
when, by whom, pages, size, download), GET /cases/N/pack gives the newest, and building answers
with a redirect so reloading the page never builds another pack. Everyone who sees the case sees
its packs; nobody else does."""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy import func, select

from reinstate.cases.service import open_case, update_case
from reinstate.evidence import service
from reinstate.evidence.views import case_packs
from reinstate.storage.tables import Event
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_evidence_checks import text_pdf


def _built(wb: Workbench) -> int:
    with wb.db.reading() as session:
        query = select(func.count()).where(Event.name == "evidence.pack_built")
        return int(session.scalar(query) or 0)


def _packs_section(page: str) -> str:
    return page[page.index('id="packs"') : page.index('action="/cases/', page.index('id="packs"'))]


def test_building_redirects_to_the_list_and_the_newest_pack_is_found_again(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a, ["counterfeit"]).id
    first = service.add_document(wb, agent, case, "letter.pdf", text_pdf("Letter", pages=2), [])
    user = as_persona("teammate")
    before = user.client.get(f"/cases/{case}").text
    assert "No evidence pack has been built for this case yet." in before
    assert user.client.get(f"/cases/{case}/pack").status_code == 404  # none yet

    built = user.post(f"/cases/{case}/pack", {f"include_{first.id}": "1"}, page=f"/cases/{case}")
    assert built.status_code == 303 and built.headers["location"] == f"/cases/{case}#packs"
    assert _built(wb) == 1
    page = user.client.get(f"/cases/{case}").text
    assert "3 pages; every page is stamped" in page  # the notice, once
    assert "3 pages; every page is stamped" not in user.client.get(f"/cases/{case}").text
    assert _built(wb) == 1  # reloading the page built nothing

    second = service.add_document(wb, agent, case, "id.pdf", text_pdf("ID card"), [])
    chosen = {f"include_{first.id}": "1", f"include_{second.id}": "1"}
    assert user.post(f"/cases/{case}/pack", chosen, page=f"/cases/{case}").status_code == 303
    packs = case_packs(wb, agent, case).items
    assert [p.pages for p in packs] == [4, 3]  # newest first
    assert packs[0].built_by == world.emails["teammate"]
    assert [e.file for e in packs[0].exhibits] == ["letter.pdf", "id.pdf"]
    section = _packs_section(user.client.get(f"/cases/{case}").text)
    newer, older = (f"/cases/{case}/packs/{p.parts[0].sha256}" for p in packs)
    assert section.index(newer) < section.index(older)
    assert world.emails["teammate"] in section and "KB" in section
    timeline = user.client.get(f"/cases/{case}").text.split("Timeline")[-1]
    assert timeline.count(f'href="{newer}"') == 1 and f'href="{older}"' in timeline
    newest = user.client.get(f"/cases/{case}/pack")
    assert newest.status_code == 200 and newest.headers["content-type"] == "application/pdf"
    assert newest.content == service.blobs(wb).get(packs[0].parts[0].sha256)
    assert packs[0].parts[0].name in newest.headers["content-disposition"]


def test_the_client_and_the_viewer_see_the_packs_of_the_cases_they_see(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    service.add_document(wb, owner, case, "letter.pdf", text_pdf("Letter"), [])
    service.make_pack(wb, owner, case)
    [pack] = case_packs(wb, owner, case).items
    link = f"/cases/{case}/packs/{pack.parts[0].sha256}"
    client, viewer = as_persona("client"), as_persona("viewer")
    for persona in (client, viewer):
        page = persona.client.get(f"/cases/{case}").text
        assert link in _packs_section(page + 'action="/cases/')
        assert persona.client.get(f"/cases/{case}/pack").status_code == 200
        assert persona.client.get(link).status_code == 200
    # the client sees the team by role, never a member's email
    shown = _packs_section(client.client.get(f"/cases/{case}").text + 'action="/cases/')
    assert world.emails["owner"] not in shown and "Your service provider&#39;s team" in shown
    assert case_packs(wb, world.actor(wb, "client"), case).items[0].built_by != owner.label
    outsider = as_persona("outsider")
    assert outsider.client.get(f"/cases/{case}/pack").status_code == 404
    assert outsider.client.get(link).status_code == 404
    update_case(wb, owner, case, {"client_visible": False})  # hidden from clients: gone for them
    assert client.client.get(f"/cases/{case}/pack").status_code == 404
    assert client.client.get(link).status_code == 404
    assert viewer.client.get(f"/cases/{case}/pack").status_code == 200


def test_the_api_lists_a_case_s_packs_and_gives_their_files(
    client: Any, wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    assert client.get(f"/api/v1/cases/{case}/packs", headers=bearer(world, "viewer")).json() == {
        "items": []
    }
    service.add_document(wb, owner, case, "letter.pdf", text_pdf("Letter", pages=2), [])
    service.make_pack(wb, owner, case)
    service.make_pack(wb, owner, case)
    listed = client.get(f"/api/v1/cases/{case}/packs", headers=bearer(world, "teammate")).json()
    first, second = listed["items"]
    assert first["id"] > second["id"] and first["pages"] == 3
    assert first["built_by"] == world.emails["owner"]
    assert first["exhibits"][0]["file"] == "letter.pdf"
    [part] = first["parts"]
    assert first["size"] == part["size"]
    link = f"/api/v1/cases/{case}/packs/{part['sha256']}"
    for persona in ("teammate", "viewer", "client"):
        got = client.get(link, headers=bearer(world, persona)).json()
        data = base64.b64decode(got["content_base64"])
        assert data[:5] == b"%PDF-" and len(data) == got["size"] == part["size"]
        assert got["name"] == part["name"] and got["sha256"] == part["sha256"]
    # the client sees the team by role; the outsider and an unknown digest: 404
    seen = client.get(f"/api/v1/cases/{case}/packs", headers=bearer(world, "client")).json()
    assert seen["items"][0]["built_by"] == "Your service provider's team"
    for path in (link, f"/api/v1/cases/{case}/packs"):
        assert client.get(path, headers=bearer(world, "outsider")).status_code == 404
    unknown = client.get(f"/api/v1/cases/{case}/packs/{'0' * 64}", headers=bearer(world, "owner"))
    assert unknown.status_code == 404 and "error" in unknown.json()
