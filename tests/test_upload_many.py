"""Several files in one upload from the case page: each is checked and stored on its own, and
each gets its own line — one refused file does not stop the others."""

from __future__ import annotations

import re
from typing import Any

from reinstate.cases.service import open_case
from reinstate.evidence import service as evidence
from reinstate.workbench import Workbench

from .conftest import World
from .test_evidence_checks import text_pdf
from .test_evidence_trust import EXE


def _upload(user: Any, case: int, files: list[tuple[str, bytes]], *materials: str) -> Any:
    page = f"/cases/{case}"
    return user.client.post(
        f"{page}/documents",
        data={"csrf_token": user.csrf(page), "materials": list(materials)},
        files=[("file", (name, data)) for name, data in files],
    )


def test_each_file_of_an_upload_is_checked_and_reported_on_its_own(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    user = as_persona("owner")
    invoice = text_pdf("Purchase invoice 2026-11")
    answer = _upload(
        user,
        case,
        [("invoice.pdf", invoice), ("setup.exe", EXE), ("again.pdf", invoice)],
        "purchase_invoices",
    )
    assert answer.status_code == 409  # the only refusal: the same file twice
    report = answer.text.split('id="upload-report"')[1].split("</ul>")[0]
    assert "<b>invoice.pdf</b>: stored" in report
    assert re.search(r"<b>setup.exe</b>: stored — problems to fix: [1-9]", report), report
    assert "<b>again.pdf</b>: This file is already on the case as invoice.pdf." in report
    stored = [d.filename for d in evidence.documents_of(wb, owner, case)]
    assert stored == ["invoice.pdf", "setup.exe"]
    status = {i.material_id: i.status for i in evidence.checklist(wb, owner, case)}
    assert status["purchase_invoices"] == "provided"  # the invoice, whatever the .exe is

    done = _upload(user, case, [("a.pdf", text_pdf("Brand letter")), ("b.pdf", text_pdf("B"))])
    assert done.status_code == 303
    shown = user.client.get(f"/cases/{case}").text
    assert "<b>a.pdf</b>: stored" in shown and "<b>b.pdf</b>: stored" in shown
    assert 'id="upload-report"' not in user.client.get(f"/cases/{case}").text  # shown once
    page = user.client.get(f"/cases/{case}").text
    assert 'type="file" name="file" multiple' in page and "/static/upload.js" in page
    assert "<script>" not in page  # no inline script: the CSP forbids them


def test_the_upload_report_masks_an_id_number_in_a_files_name(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    case = open_case(wb, world.actor(wb, "owner"), world.account_a, ["counterfeit"]).id
    user = as_persona("owner")
    card = text_pdf("ID card")
    scans = [
        ("李明_身份证_11010519491231002X.pdf", card),
        ("李明_身份证_11010519491231002X_copy.pdf", card),  # refused: the same file
    ]
    answer = _upload(user, case, scans)
    assert answer.status_code == 409
    assert "11010519491231002X" not in answer.text
    assert "<b>李明_身份证_110***********002X_copy.pdf</b>: This file is already" in answer.text
    done = _upload(user, case, [(f"{n}.pdf", text_pdf(n)) for n in ("a", "11010519491231002X")])
    assert done.status_code == 303 and "11010519491231002X" not in str(done.cookies)
    assert "<b>110***********002X.pdf</b>: stored" in user.client.get(f"/cases/{case}").text


def test_more_files_than_one_upload_takes_are_refused_in_one_sentence(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    """A seller picks a whole folder of scans (21 files; the form takes 20): the page says how
    many it takes, in the reader's language, instead of 'Request refused.'; nothing is stored."""
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    user = as_persona("owner")
    scans = [(f"scan-{n:02}.pdf", text_pdf(f"Scan {n}")) for n in range(21)]
    answer = _upload(user, case, scans)
    assert answer.status_code == 422
    assert "Choose at most 20 files at a time." in answer.text
    assert evidence.documents_of(wb, owner, case) == []
    user.post("/language", {"language": "zh_CN", "next": "/today"}, page="/settings")
    answer = _upload(user, case, scans)
    assert answer.status_code == 422 and "一次最多选择 20 个文件。" in answer.text
