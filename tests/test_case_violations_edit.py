"""A case's violations are chosen again on its page and through the API: a case opened from a
notice naming no violation the platform knows ("other") asks for them at the top of its page,
and the checklist and letter type follow the new ones, as a triage answer's do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from reinstate.cases import service, triage
from reinstate.cases.from_notice import open_from_notice
from reinstate.errors import InvalidInput, PermissionDenied
from reinstate.events import visible_events
from reinstate.evidence import service as evidence
from reinstate.notices.service import store_notice
from reinstate.storage.tables import Notice
from reinstate.workbench import Workbench

from .conftest import World, bearer

NOTICE = Path(__file__).parent / "fixtures" / "notices" / "genuine" / "joom-counterfeit.eml"
PROMPT = 'id="choose-violations"'


def _case_for_other(wb: Workbench, world: World) -> int:
    """A case opened from a Joom notice whose violation the pack does not know."""
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a, NOTICE.read_bytes(), "joom.eml")
    with wb.db.transaction() as session:
        report = {**notice.report, "violations": ["something_unheard_of"]}
        session.execute(update(Notice).where(Notice.id == notice.id).values(report=report))
    case = open_from_notice(wb, world.actor(wb, "teammate"), notice.id)
    assert case.violations == ["other"]
    return case.id


def _choose(user: Any, case: int, codes: list[str]) -> Any:
    page = f"/cases/{case}"
    return user.client.post(
        f"{page}/violations", data={"violations": codes, "csrf_token": user.csrf(page)}
    )


def test_the_page_asks_for_the_violations_and_takes_them(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    case = _case_for_other(wb, world)
    agent = as_persona("teammate")
    page = agent.client.get(f"/cases/{case}").text
    assert PROMPT in page and '<details id="violations" open>' in page
    assert page.index(PROMPT) < page.index('<dl class="profile')  # at the top
    assert 'value="counterfeit"' in page.split('id="violations"')[1]
    assert "Brand authorisation" not in page  # no checklist for "other"
    chosen = _choose(agent, case, ["counterfeit"])
    assert chosen.status_code == 303
    page = agent.client.get(f"/cases/{case}").text
    assert PROMPT not in page and '<details id="violations" >' in page
    assert "Brand authorisation" in page  # the counterfeit checklist
    owner = world.actor(wb, "owner")
    materials = {i.material_id for i in evidence.checklist(wb, owner, case)}
    assert "brand_authorisation" in materials
    with wb.db.reading() as session:
        latest = visible_events(session, owner, case_id=case)[0]
    assert (latest.name, latest.before, latest.after) == (
        "case.updated",
        {"violations": ["other"]},
        {"violations": ["counterfeit"]},
    )
    # none ticked, or another platform's: one sentence, the case as it was
    for codes, words in (([], "Name at least one violation"), (["late_shipment"], "Joom")):
        refused = _choose(agent, case, codes)
        assert refused.status_code == 422 and words in refused.text
    assert service.get_case(wb, owner, case).violations == ["counterfeit"]


def test_who_may_choose_them_on_the_page(wb: Workbench, world: World, as_persona: Any) -> None:
    case = _case_for_other(wb, world)
    for persona in ("viewer", "client"):
        user = as_persona(persona)
        page = user.client.get(f"/cases/{case}").text
        assert PROMPT in page and 'action="/cases/' + str(case) + '/violations"' not in page
        assert 'href="#violations"' not in page
    with pytest.raises(PermissionDenied):
        service.update_case(wb, world.actor(wb, "viewer"), case, {"violations": ["counterfeit"]})


def test_the_api_changes_them_and_refuses_none(
    wb: Workbench, world: World, client: TestClient
) -> None:
    case = _case_for_other(wb, world)
    url = f"/api/v1/cases/{case}"
    changed = client.patch(
        url, headers=bearer(world, "owner"), json={"violations": ["counterfeit"]}
    )
    assert changed.status_code == 200 and changed.json()["violations"] == ["counterfeit"]
    for body in ({"violations": []}, {"violations": None}, {"violations": ["speeding"]}):
        refused = client.patch(url, headers=bearer(world, "owner"), json=body)
        assert refused.status_code == 422 and refused.json()["error"]["field"] in (
            "violations",
            "violation",
        )
    viewer = client.patch(url, headers=bearer(world, "viewer"), json={"violations": ["other"]})
    assert viewer.status_code == 403
    assert service.get_case(wb, world.actor(wb, "owner"), case).violations == ["counterfeit"]


def test_the_letter_type_follows_as_after_a_triage_answer(wb: Workbench, world: World) -> None:
    agent = world.actor(wb, "teammate")
    amazon = wb.policies.get_pack("amazon")
    case = service.open_case(wb, agent, world.account_a2, ["other"]).id
    answered = triage.answer_triage(wb, agent, case, "yes")  # buyer-account link: a statement
    assert (answered.violations, answered.letter_type) == (
        ["buyer_account_association"],
        "statement",
    )
    # another violation beside it: the answer still holds, and still decides the letter
    both = service.update_case(
        wb, agent, case, {"violations": ["buyer_account_association", "late_shipment"]}
    )
    assert both.letter_type == "statement"
    # the link taken away: the answer no longer decides, the violations do
    late = service.update_case(wb, agent, case, {"violations": ["late_shipment"]})
    assert late.letter_type is None
    assert triage.letter_type_of(late, amazon) == "plan_of_action"
    with wb.db.reading() as session:
        latest = visible_events(session, agent, case_id=case)[0]
    assert latest.before == {
        "violations": ["buyer_account_association", "late_shipment"],
        "letter_type": "statement",
    }
    assert latest.after == {"violations": ["late_shipment"], "letter_type": None}
    with pytest.raises(InvalidInput, match="Name at least one violation"):
        service.update_case(wb, agent, case, {"violations": []})


@pytest.mark.parametrize(
    ("language", "said", "nothing"),
    [
        ("en", "Case {id}: Counterfeit goods; due {day}", "Say what to change: --violation"),
        ("zh-CN", "案件 {id}：假货；截止 {day}", "请说明要修改什么"),
    ],
)
def test_the_command_line_changes_them_and_says_what_is_wrong_in_one_sentence(
    wb: Workbench,
    world: World,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    language: str,
    said: str,
    nothing: str,
) -> None:
    import io
    import json
    import sys

    from reinstate.cli import main

    case = _case_for_other(wb, world)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    changed = ["case", "update", str(case), "--violation", "counterfeit"]
    # the command line runs on the real clock: a deadline within a year of it
    day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    assert main([*changed, "--deadline", day]) == 0
    assert capsys.readouterr().out.startswith(said.format(id=case, day=day))
    assert main([*changed, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["violations"] == ["counterfeit"] and shown["due_at"].startswith(day)
    for wrong in (["case", "update", str(case)], [*changed[:4], "speeding"]):
        assert main(wrong) == 1
        error = capsys.readouterr().err
        assert error.count("\n") == 1 and "Traceback" not in error
    assert main(["case", "update", str(case)]) == 1
    assert nothing in capsys.readouterr().err
    assert service.get_case(wb, world.actor(wb, "owner"), case).violations == ["counterfeit"]
