"""Triage as data (issue 16, seed 002): the case records whether the listings are still for
sale; the answer sets its violations, its checklist and the type of its letter."""

from __future__ import annotations

import io
import json
import sys

import pytest
from fastapi.testclient import TestClient

from reinstate.cases import service, triage
from reinstate.cases.views import summarised
from reinstate.cli import main
from reinstate.errors import InvalidInput, NotFound, PermissionDenied
from reinstate.events import visible_events
from reinstate.evidence.views import case_checklist
from reinstate.letters import service as letters
from reinstate.workbench import Workbench

from .conftest import World, bearer

BOILERPLATE = ["inaccurate_information"]  # "may have provided inaccurate information"


def _amazon_case(wb: Workbench, world: World) -> int:
    return service.open_case(wb, world.actor(wb, "teammate"), world.account_a2, BOILERPLATE).id


def test_still_for_sale_makes_it_a_buyer_account_link_answered_by_a_statement(
    wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    case_id = _amazon_case(wb, world)
    assert summarised(wb, service.get_case(wb, agent, case_id)).letter_type == "plan_of_action"
    case = triage.answer_triage(wb, agent, case_id, "yes")
    shown = summarised(wb, case)
    assert shown.violations == ["buyer_account_association"]  # the boilerplate is not kept
    assert (shown.triage, shown.letter_type) == ({"listings_for_sale": "yes"}, "statement")
    materials = [i.material for i in case_checklist(wb, agent, case_id).items]
    assert materials == ["business_licence", "legal_person_id", "bank_account_proof"]
    review = letters.preview(wb, agent, case_id, letters.draft_for_case(wb, agent, case_id))
    assert review.composed.letter_type == "statement"
    assert {g.part for g in review.composed.gaps} <= {"statement", "facts", "evidence"}
    # the listings are gone after all: store-level suspicion, a Plan of Action
    case = triage.answer_triage(wb, agent, case_id, "no", "listings_for_sale")
    assert (case.violations, summarised(wb, case).letter_type) == (BOILERPLATE, "plan_of_action")
    with wb.db.reading() as session:
        names = [e.name for e in visible_events(session, agent, case_id=case_id)]
    assert names.count("case.triage") == 2
    # not known: the answer is recorded, the violations stay, the letter follows them
    case = triage.answer_triage(wb, agent, case_id, "unknown")
    assert (case.triage, case.violations, case.letter_type) == (
        {"listings_for_sale": "unknown"},
        BOILERPLATE,
        None,
    )


@pytest.mark.parametrize(
    ("persona", "answer", "question", "error"),
    [
        ("teammate", "maybe", None, InvalidInput),
        ("teammate", "yes", "store_open", InvalidInput),
        ("viewer", "yes", None, PermissionDenied),
        ("client", "yes", None, PermissionDenied),
        ("outsider", "yes", None, NotFound),
    ],
)
def test_it_refuses_a_bad_answer(
    wb: Workbench, world: World, persona: str, answer: str, question: str | None, error: type
) -> None:
    case_id = _amazon_case(wb, world)
    with pytest.raises(error):
        triage.answer_triage(wb, world.actor(wb, persona), case_id, answer, question)
    assert service.get_case(wb, world.actor(wb, "owner"), case_id).violations == BOILERPLATE


def test_a_platform_without_triage_refuses_with_a_sentence(wb: Workbench, world: World) -> None:
    joom = service.open_case(wb, world.actor(wb, "owner"), world.account_a, ["counterfeit"])
    with pytest.raises(InvalidInput, match="asks no triage question"):
        triage.answer_triage(wb, world.actor(wb, "owner"), joom.id, "yes")


def test_the_cli_records_the_answer(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    wb: Workbench,
    world: World,
) -> None:
    case_id = _amazon_case(wb, world)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["case", "triage", str(case_id), "yes", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["violations"] == ["buyer_account_association"]
    assert (shown["triage"], shown["letter_type"]) == ({"listings_for_sale": "yes"}, "statement")
    assert main(["case", "triage", str(case_id), "perhaps"]) == 1
    error = capsys.readouterr().err
    assert "perhaps" in error and "yes, no, unknown" in error and "Traceback" not in error
    assert main(["case", "triage", "99999", "yes"]) == 1
    assert "There is no case 99999" in capsys.readouterr().err


def test_the_api_records_the_answer(client: TestClient, wb: Workbench, world: World) -> None:
    case_id = _amazon_case(wb, world)
    url = f"/api/v1/cases/{case_id}/triage"
    answered = client.post(url, json={"answer": "yes"}, headers=bearer(world, "teammate"))
    assert answered.status_code == 200, answered.text
    assert answered.json()["letter_type"] == "statement"
    bad = client.post(url, json={"answer": "perhaps"}, headers=bearer(world, "teammate"))
    assert bad.status_code == 422 and bad.json()["ok"] is False
    viewer = client.post(url, json={"answer": "no"}, headers=bearer(world, "viewer"))
    assert viewer.status_code == 403
    shown = client.get(f"/api/v1/cases/{case_id}", headers=bearer(world, "owner")).json()
    assert shown["violations"] == ["buyer_account_association"]
    # the letter of the case is a statement now: its preview says so and asks for no plan
    agent = bearer(world, "teammate")
    draft = client.get(f"/api/v1/cases/{case_id}/letter/draft", headers=agent).json()["draft"]
    draft["statement"] = "Our store has not violated any Amazon policy."
    preview = client.post(f"/api/v1/cases/{case_id}/letter/preview", json=draft, headers=agent)
    assert preview.status_code == 200 and preview.json()["type"] == "statement"
    assert "missing_root_cause" not in [p["code"] for p in preview.json()["problems"]]
    draft["letter_type"] = "plan_of_action"  # chosen by hand
    by_hand = client.post(f"/api/v1/cases/{case_id}/letter/preview", json=draft, headers=agent)
    assert by_hand.json()["type"] == "plan_of_action"
    assert "missing_root_cause" in [p["code"] for p in by_hand.json()["problems"]]


@pytest.mark.parametrize(
    ("language", "question", "answer", "kind", "facts"),
    [
        ("en", "Are your listings still for sale", "Yes, still for sale", "Statement (no",
         "What happened?"),
        ("zh-CN", "你的商品在亚马逊前台是否仍在售", "是，仍在售", "情况说明（未违规）",
         "发生了什么？"),
    ],
)  # fmt: skip
def test_the_case_page_asks_and_records_it(
    as_persona: object,
    wb: Workbench,
    world: World,
    language: str,
    question: str,
    answer: str,
    kind: str,
    facts: str,
) -> None:
    case_id = _amazon_case(wb, world)
    user = as_persona("teammate")  # type: ignore[operator]
    user.client.headers["Accept-Language"] = language
    page = user.client.get(f"/cases/{case_id}")
    assert page.status_code == 200 and question in page.text
    assert 'name="answer" value="yes"' in page.text
    page_url = f"/cases/{case_id}"
    saved = user.post(f"/cases/{case_id}/triage", {"answer": "yes"}, page=page_url)
    assert saved.status_code == 303
    page = user.client.get(f"/cases/{case_id}")
    assert answer in page.text and kind in page.text
    bad = user.post(f"/cases/{case_id}/triage", {"answer": "perhaps"}, page=page_url)
    assert bad.status_code == 422 and "perhaps" in bad.text
    letter = user.client.get(f"/cases/{case_id}/letter")  # a statement asks for facts, no plan
    assert letter.status_code == 200 and facts in letter.text
    assert 'name="a0.facts"' in letter.text and 'name="a0.root_causes"' not in letter.text


def test_an_answer_replaces_the_other_a_notice_without_a_known_violation_opened_with(
    wb: Workbench, world: World
) -> None:
    # a deactivation notice whose wording matched no violation opens a case for "other"; the
    # triage answer then says what it is, and "other" is no second violation beside it
    agent = world.actor(wb, "teammate")
    case_id = service.open_case(wb, agent, world.account_a2, ["other"]).id
    case = triage.answer_triage(wb, agent, case_id, "no")
    assert case.violations == ["inaccurate_information"]
    case = triage.answer_triage(wb, agent, case_id, "yes")
    assert case.violations == ["buyer_account_association"]
    # not known yet: nothing is named, the case keeps what it had
    other = service.open_case(wb, agent, world.account_a2, ["other"]).id
    assert triage.answer_triage(wb, agent, other, "unknown").violations == ["other"]
