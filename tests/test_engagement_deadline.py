"""An accepted quote whose deliverables fall due after the case's deadline on the platform (seed
001: 超时提交, a missed window): the engagement says so on the API, the case page (the client's
too) and the command line, in the reader's language; a rush quote that meets it says nothing."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.cases.service import open_case
from reinstate.cli import main
from reinstate.provider.service import QuoteOptions, accept_quote
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_engagements import _cli

# the frozen clock's day is Wednesday 18 November 2026: three working days end on Monday the 23rd
FRIDAY = date(2026, 11, 20)


def _case(wb: Workbench, world: World, deadline: date | None) -> int:
    owner = world.actor(wb, "owner")
    return open_case(wb, owner, world.account_a, ["counterfeit"], deadline=deadline).id


def test_a_quote_due_after_the_cases_deadline_is_flagged_everywhere(
    client: TestClient, wb: Workbench, world: World, as_persona: Any
) -> None:
    case = _case(wb, world, FRIDAY)
    accept_quote(wb, world.actor(wb, "owner"), case, QuoteOptions(kind="suspension"))
    shown = client.get(f"/api/v1/cases/{case}/engagement", headers=bearer(world, "client"))
    assert shown.status_code == 200
    document = shown.json()
    assert document["after_deadline"] is True
    assert document["case_deadline_at"].startswith("2026-11-20")
    assert document["due_at"].startswith("2026-11-23")
    listed = client.get("/api/v1/engagements", headers=bearer(world, "teammate")).json()
    assert [e["after_deadline"] for e in listed["engagements"]] == [True]
    seller = as_persona("client")
    seller.post("/language", {"language": "zh_CN", "next": "/"}, page="/settings")
    page = seller.client.get(f"/cases/{case}").text
    assert "交付物的到期时间晚于案件截止时间" in page


@pytest.mark.parametrize(("deadline", "rush"), [(FRIDAY, True), (None, False)])
def test_a_quote_that_meets_the_deadline_or_has_none_says_nothing(
    deadline: date | None, rush: bool, client: TestClient, wb: Workbench, world: World
) -> None:
    case = _case(wb, world, deadline)
    accept_quote(wb, world.actor(wb, "owner"), case, QuoteOptions(kind="suspension", rush=rush))
    document = client.get(f"/api/v1/cases/{case}/engagement", headers=bearer(world, "owner"))
    assert document.json()["after_deadline"] is False


def test_accepting_on_the_command_line_warns_of_the_deadline(
    wb: Workbench,
    world: World,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _cli(monkeypatch, wb, database_url)  # the command line runs on the real clock, past Friday
    case = _case(wb, world, FRIDAY)
    org = str(world.org_a)
    accept = ["engagement", "accept", str(case), "--org", org, "--kind", "suspension"]
    assert main(accept) == 0
    out = capsys.readouterr().out
    assert "The deliverables fall due after the case's deadline (2026-11-20" in out
    assert main(["engagement", "list", "--org", org, "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)["engagements"]
    assert listed["after_deadline"] is True
