"""Evidence on a case: the checklist fills as files arrive; originals kept; tenancy; rehearsal."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.accounts.service import get_account
from reinstate.cases.service import open_case
from reinstate.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from reinstate.evidence import service
from reinstate.evidence.consistency import compare, rehearse
from reinstate.workbench import Workbench

from .conftest import VALID_USCC, World, bearer
from .test_evidence_checks import image_bytes, text_pdf

GOOD = "BlueOceanHome_Counterfeit_20261118.pdf"


def _case(wb: Workbench, world: World) -> int:
    return open_case(wb, world.actor(wb, "teammate"), world.account_a, ["counterfeit"]).id


def test_it_fills_the_checklist_as_documents_arrive(wb: Workbench, world: World) -> None:
    agent, case = world.actor(wb, "teammate"), _case(wb, world)
    statuses = {i.material_id: i.status for i in service.checklist(wb, agent, case)}
    assert statuses == {
        "remediation_letter": "missing",
        "brand_authorisation": "missing",
        "purchase_invoices": "missing",
    }
    letter = text_pdf("Remediation letter", f"Credit code {VALID_USCC}")
    both = service.add_document(
        wb, agent, case, GOOD, letter, ["remediation_letter", "purchase_invoices"]
    )
    assert both.problems == []
    service.add_document(
        wb,
        agent,
        case,
        "auth.pdf",
        text_pdf("Brand authorisation", "Valid until 2025-12-31"),
        ["brand_authorisation"],
    )
    statuses = {i.material_id: i.status for i in service.checklist(wb, agent, case)}
    assert statuses == {
        "remediation_letter": "provided",
        "brand_authorisation": "expired",
        "purchase_invoices": "provided",
    }
    service.add_document(
        wb, agent, case, "licence.pdf", image_bytes((1200, 900)), ["brand_authorisation"]
    )
    statuses = {i.material_id: i.status for i in service.checklist(wb, agent, case)}
    assert statuses["brand_authorisation"] == "invalid"  # a JPEG where Joom wants PDF


def test_it_keeps_originals_refuses_duplicates_and_never_deletes_blobs(
    wb: Workbench, world: World
) -> None:
    agent, case = world.actor(wb, "teammate"), _case(wb, world)
    data = text_pdf("Remediation letter")
    document = service.add_document(wb, agent, case, "../../etc/x letter.pdf", data, [])
    assert document.filename == "x letter.pdf"
    blob = (
        wb.settings.data_dir
        / "blobs"
        / document.sha256[:2]
        / document.sha256[2:4]
        / (document.sha256)
    )
    assert blob.read_bytes() == data and document.sha256 == hashlib.sha256(data).hexdigest()
    with pytest.raises(Conflict, match="already on the case"):
        service.add_document(wb, agent, case, "again.pdf", data, [])
    service.remove_document(wb, agent, document.id)
    assert service.documents_of(wb, agent, case) == [] and blob.exists()


def test_it_flags_a_document_of_another_company(wb: Workbench, world: World) -> None:
    agent, case = world.actor(wb, "teammate"), _case(wb, world)
    other = text_pdf("Business licence", "Credit code 91440300MA5F8K2Q1M")
    document = service.add_document(wb, agent, case, GOOD, other, [])
    assert [p["code"] for p in document.problems] == ["mismatch"]


def test_it_refuses_bad_uploads_and_respects_roles(wb: Workbench, world: World) -> None:
    agent, case = world.actor(wb, "teammate"), _case(wb, world)
    with pytest.raises(InvalidInput, match="not on this case's checklist"):
        service.add_document(wb, agent, case, GOOD, text_pdf(), ["tax_return"])
    with pytest.raises(InvalidInput, match="empty"):
        service.add_document(wb, agent, case, GOOD, b"", [])
    with pytest.raises(InvalidInput, match="larger than 25 MB"):
        service.add_document(wb, agent, case, GOOD, b"%PDF-" + b"0" * (26 * 1024 * 1024), [])
    with pytest.raises(PermissionDenied):
        service.add_document(wb, world.actor(wb, "viewer"), case, GOOD, text_pdf(), [])
    with pytest.raises(NotFound):
        service.add_document(wb, world.actor(wb, "outsider"), case, GOOD, text_pdf(), [])
    assert service.documents_of(wb, agent, case) == []


def test_it_shows_each_difference_when_rehearsing(wb: Workbench, world: World) -> None:
    account = get_account(wb, world.actor(wb, "owner"), world.account_a)
    assert compare(
        "registered_address", "深圳市南山区ＸＸ大厦 A座501", "深圳市南山区XX大厦A座501"
    ).equal
    results = rehearse(
        account, {"uscc": "91350100M000100Y44", "legal_rep_id_number": "11010519491231002X"}
    )
    assert [(c.field, c.equal) for c in results] == [("uscc", False), ("legal_rep_id_number", True)]
    assert results[0].diff[-1] == ("replace", "3→4")
    assert results[1].diff == []  # identity numbers are compared, never shown


def test_it_works_through_the_web_the_api_and_the_cli(
    as_persona: Any,
    client: TestClient,
    world: World,
    wb: Workbench,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    tmp_path: Any,
) -> None:
    case = _case(wb, world)
    agent = as_persona("teammate")
    page = f"/cases/{case}"
    upload = agent.client.post(
        f"{page}/documents",
        data={"csrf_token": agent.csrf(page), "materials": ["remediation_letter"]},
        files={"file": (GOOD, text_pdf("Remediation letter"), "application/pdf")},
    )
    assert upload.status_code == 303
    html = agent.client.get(page).text
    assert 'class="status provided"' in html and GOOD in html
    doc_id = service.documents_of(wb, world.actor(wb, "owner"), case)[0].id
    assert (
        agent.client.get(f"/documents/{doc_id}/file")
        .headers["content-disposition"]
        .startswith("attachment")
    )
    assert as_persona("outsider").client.get(f"/documents/{doc_id}/file").status_code == 404
    rehearsal = agent.post(
        f"/accounts/{world.account_a}/rehearse", {"uscc": "91350100M000100Y44"}, page=page
    )
    assert '<span class="diff replace">3→4</span>' in rehearsal.text
    body = {
        "filename": "auth.pdf",
        "materials": ["brand_authorisation"],
        "content_base64": base64.b64encode(text_pdf("Brand authorisation")).decode(),
    }
    created = client.post(
        f"/api/v1/cases/{case}/documents", headers=bearer(world, "owner"), json=body
    )
    assert created.status_code == 201
    listing = client.get(f"/api/v1/cases/{case}/checklist", headers=bearer(world, "viewer"))
    assert {i["material"]: i["status"] for i in listing.json()["items"]}[
        "brand_authorisation"
    ] == "provided"
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    invoice = tmp_path / "invoice.pdf"
    invoice.write_bytes(text_pdf("Invoice"))
    from reinstate.cli import main

    assert (
        main(
            [
                "evidence",
                "add",
                str(case),
                str(invoice),
                "--material",
                "purchase_invoices",
                "--json",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert {i["material"]: i["status"] for i in result["checklist"]} == {
        "remediation_letter": "provided",
        "brand_authorisation": "provided",
        "purchase_invoices": "provided",
    }


def test_an_id_number_in_a_file_name_is_masked_wherever_the_name_is_shown(
    client: TestClient, world: World, wb: Workbench, as_persona: Any
) -> None:
    # sellers name ID scans after the person and the number: the name is shown on the case
    # page, in the API and in the activity log, so the number is masked when it is stored
    case = open_case(wb, world.actor(wb, "owner"), world.account_a, ["counterfeit"]).id
    body = {
        "filename": "李明_身份证_440301199001014312.jpg",
        "content_base64": base64.b64encode(image_bytes((800, 600))).decode(),
    }
    created = client.post(
        f"/api/v1/cases/{case}/documents", headers=bearer(world, "owner"), json=body
    )
    assert created.status_code == 201
    assert created.json()["filename"] == "李明_身份证_440***********4312.jpg"
    activity = client.get("/api/v1/activity", headers=bearer(world, "owner")).text
    page = as_persona("owner").client.get(f"/cases/{case}").text
    for shown in (activity, page, created.text):
        assert "440301199001014312" not in shown
    # an 18-digit number that is no ID (an order number) stays readable
    kept = service.add_document(
        wb, world.actor(wb, "owner"), case, "order_123456789012345678.pdf", text_pdf("x"), []
    )
    assert kept.filename == "order_123456789012345678.pdf"


def test_the_api_gives_a_documents_problems_as_sentences_in_the_callers_language(
    client: TestClient, world: World, wb: Workbench, as_persona: Any
) -> None:
    case = open_case(wb, world.actor(wb, "owner"), world.account_a, ["counterfeit"]).id
    day = f"{wb.clock.now():%Y%m%d}"
    pattern = f"StoreName_ViolationType_{day}"
    body = {
        "filename": "scan.pdf",
        "materials": ["purchase_invoices"],
        "content_base64": base64.b64encode(text_pdf("Invoice")).decode(),
    }
    chinese = {**bearer(world, "owner"), "Accept-Language": "zh-CN"}
    created = client.post(f"/api/v1/cases/{case}/documents", headers=chinese, json=body)
    assert created.status_code == 201
    problem = next(p for p in created.json()["problems"] if p["code"] == "bad_name")
    assert problem["message"].startswith("文件名不符合 Joom 的命名格式")
    assert problem["hint"].startswith("请重命名为 ") and "{suggested}" not in problem["hint"]
    listing = client.get(f"/api/v1/cases/{case}/checklist", headers=bearer(world, "owner"))
    shown = [p for i in listing.json()["items"] for d in i["documents"] for p in d["problems"]]
    english = next(p for p in shown if p["code"] == "bad_name")
    assert english["message"].startswith("The name does not follow Joom's pattern")
    # the pattern in a seller's words with a date; the hint gives this case's own name
    assert problem["message"] == f"文件名不符合 Joom 的命名格式 店铺名_违规类型_{day}。"
    assert english["message"] == f"The name does not follow Joom's pattern {pattern}."
    assert english["hint"] == f"Rename it to BlueOceanHome_Counterfeit_{day}.pdf."
    page = as_persona("owner").client.get(f"/cases/{case}").text
    assert pattern in page and "{store_name}" not in page


def test_a_material_chosen_for_a_case_whose_checklist_is_empty_is_refused_in_words(
    wb: Workbench, world: World, client: TestClient
) -> None:
    """Amazon lists no materials for 'other': a file sent for a material was refused with
    'choose one of .' (an empty list); it says there is nothing to choose."""
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a2, ["other"]).id
    body = {
        "filename": "licence.pdf",
        "content_base64": base64.b64encode(text_pdf("Business licence")).decode(),
        "materials": ["business_licence"],
    }
    for language, words in (
        ("en", "This case's checklist has no materials: upload the file without choosing one."),
        ("zh-CN", "此案件的材料清单中没有材料项"),
    ):
        headers = {**bearer(world, "owner"), "Accept-Language": language}
        answer = client.post(f"/api/v1/cases/{case}/documents", json=body, headers=headers)
        assert answer.status_code == 422 and answer.json()["error"]["message"].startswith(words)
    assert service.documents_of(wb, owner, case) == []
