"""``reinstate deliverable report``: the root-cause analysis report in Chinese and English, read
back from the PDF: the notice's words, the metric facts from the account's orders, the causes,
fixes and prevention from the letter, and the exhibits of the evidence pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from reinstate.cases.service import apply_event, open_case
from reinstate.cli import main
from reinstate.evidence.service import add_document, make_pack
from reinstate.letters.service import draft_for_case, save_letter
from reinstate.metrics.service import import_orders
from reinstate.notices.service import store_notice
from reinstate.provider.prevention import prevention_content
from reinstate.provider.report import report_content
from reinstate.workbench import Workbench

from .conftest import World
from .persona_world import NOTICE
from .test_evidence_checks import text_pdf
from .test_metrics import demo_orders


def test_the_report_pdf_reads_back_in_both_languages(
    wb: Workbench,
    world: World,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a, NOTICE.read_bytes(), NOTICE.name)
    case = open_case(
        wb, owner, world.account_a, ["counterfeit", "valid_tracking"], notice_id=notice.id
    ).id
    orders = demo_orders(tmp_path / "orders.csv", f"store-{world.account_a}", days=60)
    import_orders(wb, owner, profile="canonical", path=orders, days=30)
    add_document(wb, owner, case, "supplier-invoice.pdf", text_pdf("Purchase invoice"), [])
    make_pack(wb, owner, case)
    draft = draft_for_case(wb, owner, case)
    answers = draft.model_dump(mode="json")
    answers["answers"][0]["root_causes"] = [
        "供应商未提供品牌授权书，我们没有核查货源",
        "法人身份证 11010519491231002X 已提交",  # an identity number quoted in the letter
    ]
    answers["answers"][0]["actions"] = [{"text": "Removed all 14 listings of the brand"}]
    answers["answers"][0]["prevention"] = [
        {"text": "Check every new supplier's brand authorisation", "owner": "buyer"}
    ]
    save_letter(wb, owner, case, draft.model_validate(answers))

    content = report_content(wb, owner, case)
    assert content.sections[1].facts_en and content.sections[1].facts_zh  # valid tracking

    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    out = tmp_path / "report.pdf"
    assert main(["deliverable", "report", str(case), "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["path"] == str(out)
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    squeezed = "".join(text.split())
    assert "申诉根因分析报告" in squeezed and "Root-cause analysis report" in text
    assert "根本原因" in squeezed and "Root causes" in text
    assert "供应商未提供品牌授权书" in squeezed  # the cause as written, in Chinese
    assert "11010519491231002X" not in squeezed and "110***********002X" in squeezed
    assert "Removed all 14 listings of the brand" in text
    assert "buyer" in text
    assert content.notice_text[:40].split()[0] in text  # the notice's own words
    assert content.exhibits and content.exhibits[0] in text, content.exhibits
    assert content.sections[1].facts_en[0].split(":")[0] in text
    assert main(["deliverable", "report", str(case), "--out", str(tmp_path / "r.txt")]) == 1
    assert "Write the report to a .pdf file, not r.txt." in capsys.readouterr().err
    assert main(["deliverable", "report", "999", "--out", str(out)]) == 1
    assert capsys.readouterr().err == "There is no case 999.\n"


def test_a_violation_its_platform_does_not_list_is_named_in_words(
    wb: Workbench, world: World
) -> None:
    """A case on Amazon holds 'other', a code of the taxonomy that Amazon's pack does not list:
    the report and the prevention checklist headed its section 'Violation 1: other'."""
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a2, ["other"]).id
    section = report_content(wb, owner, case).sections[0]
    assert (section.violation_en, section.violation_zh) == ("Other", "其他")
    apply_event(wb, owner, case, "submitted")
    apply_event(wb, owner, case, "reinstated")
    checks = prevention_content(wb, owner, case).sections[0]
    assert (checks.violation_en, checks.violation_zh) == ("Other", "其他")
