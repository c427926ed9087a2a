"""Letters on cases: a draft prefilled from the case, its notice and its evidence pack; versions;
the organisation-wide similarity check; roles and tenancy; the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pypdf
import pytest

from reinstate.accounts.service import create_account
from reinstate.cases.service import open_case
from reinstate.cli import main
from reinstate.errors import NotFound, PermissionDenied
from reinstate.events import visible_events
from reinstate.evidence import service as evidence
from reinstate.letters import service
from reinstate.letters.draft import Action, Measure, parse_draft
from reinstate.notices.service import store_notice
from reinstate.workbench import Workbench

from .conftest import World
from .test_evidence_checks import text_pdf

HERE = Path(__file__).parent
NOTICE = HERE / "fixtures" / "notices" / "genuine" / "joom-counterfeit.eml"


def notice_case(wb: Workbench, world: World, account_id: int | None = None) -> int:
    """A Joom counterfeit case opened from the real notice, with two documents in a pack."""
    agent = world.actor(wb, "teammate")
    account = account_id or world.account_a
    notice = store_notice(wb, agent, account, NOTICE.read_bytes(), NOTICE.name)
    case = open_case(wb, agent, account, ["counterfeit"], notice_id=notice.id).id
    evidence.add_document(
        wb,
        agent,
        case,
        "letter.pdf",
        text_pdf("Remediation letter", pages=2),
        ["remediation_letter"],
    )
    evidence.add_document(
        wb, agent, case, "invoices.pdf", text_pdf("Invoices", pages=3), ["purchase_invoices"]
    )
    evidence.make_pack(wb, agent, case)
    return case


def answered(draft: Any) -> Any:
    answer = draft.answers[0].model_copy(
        update={
            "root_causes": [
                "Two phone-case models came from a wholesaler the brand had not authorised"
            ],
            "actions": [
                Action(text="Removed SKU JOOM-12345 and JOOM-67890 from sale", exhibit="B", page=4)
            ],
            "prevention": [
                Measure(
                    text="Brand authorisation is checked before any listing goes live",
                    owner="purchasing lead",
                    frequency="for each new product",
                )
            ],
        }
    )
    return draft.model_copy(update={"answers": [answer]})


def test_a_new_draft_carries_the_facts_and_leaves_the_answers_to_the_seller(
    wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    case = notice_case(wb, world)
    draft = service.draft_for_case(wb, agent, case)
    assert (draft.platform, draft.store_name) == ("joom", "Blue Ocean Home")
    assert draft.reference_id == "JM-2026-88120"
    assert draft.items == ["JOOM-12345", "JOOM-67890"]
    assert draft.variant == f"{world.org_a}/{world.account_a}"
    answer = draft.answers[0]
    assert answer.violation == "counterfeit" and "counterfeit" in answer.quote.lower()
    assert (answer.root_causes, answer.actions, answer.prevention) == ([], [], [])
    # The pack's exhibits, cited where their documents answer this violation's materials.
    assert [(p.exhibit, p.page) for p in answer.evidence] == [("A", 2), ("B", 4)]
    assert [(e.exhibit, e.first_page, e.last_page) for e in draft.exhibits] == [
        ("A", 2, 3),
        ("B", 4, 6),
    ]
    review = service.preview(wb, agent, case, draft)
    assert {g.part for g in review.composed.gaps} == {"root_cause", "actions", "prevention"}
    assert {"missing_root_cause", "missing_actions", "missing_prevention"} <= {
        f.code for f in review.lint.findings
    }
    assert service.suggestions(wb.policies.get_pack("joom"), "counterfeit", "en")[0].startswith(
        "Goods bought from an unverified supplier"
    )
    complete = service.preview(wb, agent, case, answered(draft))
    assert [f.code for f in complete.lint.findings] == [] and complete.lint.score == 100


def test_a_citation_outside_the_pack_is_caught(wb: Workbench, world: World) -> None:
    agent = world.actor(wb, "teammate")
    case = notice_case(wb, world)
    draft = answered(service.draft_for_case(wb, agent, case))
    wrong = draft.answers[0].actions[0].model_copy(update={"exhibit": "B", "page": 9})
    draft.answers[0].actions[0] = wrong
    findings = service.preview(wb, agent, case, draft).lint.findings
    assert [(f.code, f.params.get("page")) for f in findings] == [("dangling_exhibit", "9")]


def test_versions_are_kept_and_the_case_history_says_so(wb: Workbench, world: World) -> None:
    agent = world.actor(wb, "teammate")
    case = notice_case(wb, world)
    draft = answered(service.draft_for_case(wb, agent, case))
    first = service.save_letter(wb, agent, case, draft)
    changed = draft.model_copy(update={"signatory": "Wang Fang"})
    second = service.save_letter(wb, agent, case, changed)
    assert (first.version, second.version) == (1, 2)
    assert [v.version for v in service.letters_of(wb, agent, case)] == [2, 1]
    assert service.draft_for_case(wb, agent, case).signatory == "Wang Fang"
    assert "Wang Fang" in service.get_letter(wb, agent, case, 2).text
    assert "Wang Fang" not in service.get_letter(wb, agent, case, 1).text
    with wb.db.reading() as session:
        names = [e.name for e in visible_events(session, agent, case_id=case)]
    assert names.count("letter.saved") == 2
    with pytest.raises(NotFound):
        service.get_letter(wb, agent, case, 3)


def test_copied_answers_are_named_across_the_organisation_but_hidden_from_clients(
    wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    case = notice_case(wb, world)
    draft = answered(service.draft_for_case(wb, agent, case))
    service.save_letter(wb, agent, case, draft)
    other_account = create_account(
        wb, agent, {"platform": "joom", "store_name": "Aster Goods", "marketplace": "EU"}
    ).id
    other = notice_case(wb, world, other_account)
    copied = service.draft_for_case(wb, agent, other).model_copy(update={"answers": draft.answers})
    review = service.preview(wb, agent, other, copied)
    flagged = [f for f in review.lint.findings if f.code == "template_similarity"]
    assert [f.params["account"] for f in flagged] == [f"Blue Ocean Home (case {case}, v1)"]
    assert review.lint.score == 75
    # The same account's own earlier version is not "another account".
    assert service.preview(wb, agent, case, draft).lint.findings == []
    # A client of Blue Ocean Home copying Aster Goods learns nothing about Aster Goods.
    service.save_letter(wb, agent, other, copied)
    client = world.actor(wb, "client")
    seen = service.preview(wb, client, case, draft).lint.findings
    assert [f.params["account"] for f in seen] == [service.ANOTHER_ACCOUNT]


def test_roles_and_tenancy(wb: Workbench, world: World) -> None:
    case = notice_case(wb, world)
    draft = answered(service.draft_for_case(wb, world.actor(wb, "owner"), case))
    for persona in ("viewer", "client"):
        with pytest.raises(PermissionDenied):
            service.save_letter(wb, world.actor(wb, persona), case, draft)
    assert service.preview(wb, world.actor(wb, "viewer"), case, draft).lint.score == 100
    with pytest.raises(NotFound):
        service.draft_for_case(wb, world.actor(wb, "outsider"), case)
    with pytest.raises(NotFound):
        service.letters_of(wb, world.actor(wb, "outsider"), case)
    assert service.save_letter(wb, world.actor(wb, "teammate"), case, draft).version == 1
    assert [v.version for v in service.letters_of(wb, world.actor(wb, "client"), case)] == [1]


def test_the_command_line_composes_saves_and_exports(
    wb: Workbench,
    world: World,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    case = notice_case(wb, world)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    assert main(["letter", "compose", str(case), "--json"]) == 0
    prefilled = json.loads(capsys.readouterr().out)
    assert prefilled["version"] is None and prefilled["language"] == "en"
    assert {g["part"] for g in prefilled["gaps"]} == {"root_cause", "actions", "prevention"}
    assert prefilled["suggestions"]["counterfeit"]["root_causes"]
    assert prefilled["score"] < 50
    answers = answered(parse_draft(prefilled["draft"]))
    given = tmp_path / "answers.json"
    given.write_text(json.dumps({"draft": answers.model_dump(mode="json")}), encoding="utf-8")
    out = tmp_path / "letter.pdf"
    argv = ["letter", "compose", str(case), "--input", str(given), "--save", "--out", str(out)]
    assert main([*argv, "--json"]) == 0
    saved = json.loads(capsys.readouterr().out)
    assert (saved["version"], saved["score"], saved["problems"], saved["gaps"]) == (1, 100, [], [])
    pdf_text = "".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "Removed SKU JOOM-12345" in pdf_text
    assert main(["letter", "versions", str(case), "--json"]) == 0
    assert [v["version"] for v in json.loads(capsys.readouterr().out)] == [1]
    text = tmp_path / "v1.txt"
    assert main(["letter", "export", str(case), "--version", "1", "--out", str(text)]) == 0
    assert text.read_text(encoding="utf-8") == saved["text"]
    capsys.readouterr()


@pytest.mark.parametrize(
    ("argv", "sentence"),
    [
        (["letter", "compose", "999"], "There is no case 999."),
        (["letter", "export", "{case}", "--out", "x.txt"], "has no saved letter yet."),
        (["letter", "export", "{case}", "--version", "4", "--out", "x.txt"], "no letter version 4"),
        (["letter", "compose", "{case}", "--input", "missing.json"], "There is no file"),
        (["letter", "compose", "{case}", "--input", "{bad}"], "is not JSON: line 1, column 2"),
        (["letter", "compose", "{case}", "--input", "{wrong}"], "answers must not be empty."),
        (["letter", "compose", "{case}", "--out", "letter.docx"], "a .txt or a .pdf file"),
        # answers, not a letter: an empty or binary file is no draft's JSON
        (["letter", "compose", "{case}", "--input", "{empty}"], "is not the JSON of a draft"),
        (["letter", "compose", "{case}", "--input", "{binary}"], "is not the JSON of a draft"),
    ],
)
def test_bad_command_lines_get_one_sentence(
    wb: Workbench,
    world: World,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: list[str],
    sentence: str,
) -> None:
    case = open_case(wb, world.actor(wb, "teammate"), world.account_a, ["counterfeit"]).id
    bad, wrong = tmp_path / "bad.json", tmp_path / "wrong.json"
    bad.write_text("{not json", encoding="utf-8")
    wrong.write_text(json.dumps({"platform": "joom", "store_name": "x", "answers": []}))
    empty, binary = tmp_path / "empty.json", tmp_path / "answers.json"
    empty.write_text("\n", encoding="utf-8")
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    monkeypatch.chdir(tmp_path)
    filled = [a.format(case=case, bad=bad, wrong=wrong, empty=empty, binary=binary) for a in argv]
    assert main(filled) == 1
    captured = capsys.readouterr()
    assert sentence in captured.err and "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert not (tmp_path / "letter.docx").exists()


def test_a_chinese_name_is_not_offered_to_sign_an_english_letter(
    wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    signatories = {}
    for platform, violation in (("joom", "counterfeit"), ("taobao", "fake_transactions")):
        account = create_account(
            wb,
            agent,
            {
                "platform": platform,
                "store_name": f"Store {platform}",
                "legal_representative": "李明",
            },
        ).id
        case = open_case(wb, agent, account, [violation]).id
        signatories[platform] = service.draft_for_case(wb, agent, case).signatory
    assert signatories == {"joom": "", "taobao": "李明"}
