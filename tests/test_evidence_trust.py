"""Evidence you can trust: a file that fails its checks never counts as provided and is not put
in the pack unless chosen; marking a case submitted with required materials missing asks for
confirmation; a saved letter version fulfils the letter item."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.accounts.service import create_account
from reinstate.cases import service as cases
from reinstate.errors import Conflict
from reinstate.evidence import service as evidence
from reinstate.letters import service as letters
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_evidence_checks import text_pdf

# a Windows program's first bytes: what an .exe chosen by mistake starts with
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240


def _case(wb: Workbench, world: World) -> int:
    owner = world.actor(wb, "owner")
    return cases.open_case(wb, owner, world.account_a, ["counterfeit"]).id


def test_a_file_that_fails_its_checks_is_not_provided_nor_packed_by_default(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    owner = world.actor(wb, "owner")
    case = _case(wb, world)
    bad = evidence.add_document(wb, owner, case, "licence.exe", EXE, ["brand_authorisation"])
    good = evidence.add_document(
        wb, owner, case, "invoices.pdf", text_pdf("Purchase invoice 2026"), ["purchase_invoices"]
    )
    status = {i.material_id: i.status for i in evidence.checklist(wb, owner, case)}
    assert status["brand_authorisation"] == "invalid"
    built = evidence.make_pack(wb, owner, case)
    assert [e.document_id for e in built.exhibits] == [good.id]
    page = as_persona("owner").client.get(f"/cases/{case}").text
    ticks = dict(re.findall(r'name="include_(\d+)" value="1" (checked)?', page))
    assert ticks == {str(bad.id): "", str(good.id): "checked"}


def test_submitting_with_required_materials_missing_asks_to_confirm(
    wb: Workbench, world: World, client: TestClient, as_persona: Any
) -> None:
    owner = world.actor(wb, "owner")
    case = _case(wb, world)
    with pytest.raises(Conflict, match="3 required materials"):
        cases.apply_event(wb, owner, case, "submitted", require_materials=True)
    url = f"/api/v1/cases/{case}/events"
    refused = client.post(url, headers=bearer(world, "owner"), json={"event": "submitted"})
    assert refused.status_code == 409 and refused.json()["error"]["field"] == "materials"
    user = as_persona("owner")
    page = f"/cases/{case}"
    asked = user.post(f"{page}/event", {"event": "submitted"}, page=page)
    assert asked.status_code == 409 and 'id="confirm-missing"' in asked.text
    assert "Brand authorisation" in asked.text.split('id="confirm-missing"')[1].split("</div>")[0]
    assert cases.get_case(wb, owner, case).state == "open"
    done = user.post(f"{page}/event", {"event": "submitted", "confirm_missing": "1"}, page=page)
    assert done.status_code == 303
    assert cases.get_case(wb, owner, case).state == "submitted"
    other = _case(wb, world)
    confirmed = client.post(
        f"/api/v1/cases/{other}/events",
        headers=bearer(world, "owner"),
        json={"event": "submitted", "confirm": True},
    )
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "submitted"


def test_the_command_line_refuses_unless_confirmed(
    wb: Workbench,
    world: World,
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from .test_cases import _cli

    case = str(_case(wb, world))
    code, out, err = _cli(capsys, monkeypatch, database_url, "case", "event", case, "submitted")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "required materials are not provided" in err and "--confirm" in err
    code, out, _ = _cli(
        capsys,
        monkeypatch,
        database_url,
        "case",
        "event",
        case,
        "submitted",
        "--confirm",
        "--json",
    )
    assert code == 0 and json.loads(out)["state"] == "submitted"


def test_a_saved_letter_version_fulfils_the_letter_item(wb: Workbench, world: World) -> None:
    owner = world.actor(wb, "owner")
    shop = create_account(wb, owner, {"platform": "shopee", "store_name": "Blue Ocean MY"})
    pack = wb.policies.get_pack("shopee")
    code, letter_item = next(
        (code, m)
        for code, v in pack.violations.items()
        for m in v.materials
        if pack.materials[m].letter
    )
    case = cases.open_case(wb, owner, shop.id, [code]).id
    before = {i.material_id: i for i in evidence.checklist(wb, owner, case)}
    assert before[letter_item].status == "missing"
    letters.save_letter(wb, owner, case, letters.draft_for_case(wb, owner, case))
    after = {i.material_id: i for i in evidence.checklist(wb, owner, case)}
    assert (after[letter_item].status, after[letter_item].letter_version) == ("provided", 1)
    others = [i for i in after.values() if i.material_id != letter_item]
    assert all(i.status == "missing" for i in others)  # only the letter item is fulfilled
