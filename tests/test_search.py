"""Search from the page header: stores, cases, notices (reference ids, order ids, ASINs, SKUs)
and evidence files, cut to what each member sees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.cases.service import open_case
from reinstate.errors import InvalidInput
from reinstate.evidence.service import add_document
from reinstate.notices.service import store_notice
from reinstate.search.service import excerpt, search
from reinstate.search.views import SearchResults
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_evidence_checks import text_pdf

GENUINE = Path(__file__).parent / "fixtures" / "notices" / "genuine"


def _world(wb: Workbench, world: World) -> dict[str, int]:
    owner = world.actor(wb, "owner")
    joom = GENUINE / "joom-counterfeit.eml"
    amazon = GENUINE / "amazon-odr-deactivation.eml"
    made = {
        "joom": store_notice(wb, owner, world.account_a, joom.read_bytes(), joom.name).id,
        "amazon": store_notice(wb, owner, world.account_a2, amazon.read_bytes(), amazon.name).id,
    }
    made["case"] = open_case(wb, owner, world.account_a, ["counterfeit"], notice_id=made["joom"]).id
    add_document(wb, owner, made["case"], "supplier_invoice_2026.pdf", text_pdf("Inv"), [])
    return made


def _found(results: SearchResults) -> set[tuple[str, int]]:
    return {(h.kind, h.id) for h in results.hits}


def test_it_finds_references_order_ids_asins_skus_stores_and_files(
    wb: Workbench, world: World
) -> None:
    made = _world(wb, world)
    owner = world.actor(wb, "owner")
    by_reference = _found(search(wb, owner, "JM-2026-88120"))
    assert {("notice", made["joom"]), ("case", made["case"])} <= by_reference
    assert _found(search(wb, owner, "112-3456789-1234567")) == {("notice", made["amazon"])}
    assert _found(search(wb, owner, "b07xj8c8f5")) == {("notice", made["amazon"])}  # any case
    assert ("notice", made["joom"]) in _found(search(wb, owner, "JOOM-67890"))
    assert _found(search(wb, owner, "Blue Ocean US")) == {("account", world.account_a2)}
    files = search(wb, owner, "invoice_2026")
    assert [(h.kind, h.link) for h in files.hits] == [
        ("document", f"/cases/{made['case']}#checklist")
    ]
    assert _found(search(wb, owner, f"#{made['case']}")) >= {("case", made["case"])}
    assert search(wb, owner, "100%_sure").hits == []  # wildcards are searched as text
    hit = search(wb, owner, "112-3456789-1234567").hits[0]
    assert "112-3456789-1234567" in hit.excerpt and len(hit.excerpt) < 200


def test_a_member_finds_only_what_they_may_see(
    wb: Workbench, world: World, client: TestClient, as_persona: Any
) -> None:
    made = _world(wb, world)
    client_actor = world.actor(wb, "client")
    assert search(wb, client_actor, "112-3456789-1234567").hits == []  # account A2's notice
    assert search(wb, client_actor, "Blue Ocean US").hits == []
    assert ("notice", made["joom"]) in _found(search(wb, client_actor, "JOOM-12345"))
    assert search(wb, world.actor(wb, "outsider"), "JOOM-12345").hits == []
    answer = client.get("/api/v1/search?q=JOOM-12345", headers=bearer(world, "client"))
    assert answer.status_code == 200
    assert ("notice", made["joom"]) in _found(SearchResults.model_validate(answer.json()))
    assert client.get("/api/v1/search?q=x", headers=bearer(world, "owner")).status_code == 422
    with pytest.raises(InvalidInput, match="2 to 100"):
        search(wb, client_actor, " a ")
    user = as_persona("owner")
    page = user.client.get("/search?q=JM-2026-88120")
    assert page.status_code == 200 and f'href="/notices/{made["joom"]}"' in page.text
    assert 'role="search"' in user.client.get("/today").text  # the box in every page header


def test_an_excerpt_shows_the_words_around_the_match() -> None:
    text = "word " * 40 + "ORDER 112-1 shipped late " + "tail " * 40
    shown = excerpt(text, "112-1", width=20)
    assert shown.startswith("…") and shown.endswith("…") and "ORDER 112-1 shipped" in shown
