"""Entrance rules (issue 16, seed 000): where the pack says the notice's deadline closes the
appeal entrance (Joom), a first submission after it is refused with the reason, on the CLI
(exit 1), the API and the page (409)."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from reinstate.cases import rules, service
from reinstate.cli import main
from reinstate.errors import Conflict
from reinstate.policies.loader import load_policies
from reinstate.workbench import Workbench

from .conftest import NOW, World, bearer

JOOM = load_policies()["joom"]
AMAZON = load_policies()["amazon"]
DUE = datetime(2026, 11, 24, 15, 59, 59, tzinfo=UTC)  # end of 24 November in Shanghai


def test_the_joom_entrance_closes_at_the_deadline_to_the_second() -> None:
    assert JOOM.appeal.entrance_closes_at_deadline and not AMAZON.appeal.entrance_closes_at_deadline
    waiting = rules.CaseState(due_at=DUE)
    assert rules.apply(waiting, "submitted", DUE, JOOM).state == "submitted"
    with pytest.raises(Conflict) as refused:
        rules.apply(waiting, "submitted", DUE + timedelta(seconds=1), JOOM)
    # the moment in the reader's zone, named: the seller in China reads Joom's own clock
    rendered = refused.value.render(lambda text: text, "Asia/Shanghai")
    assert "closed at the deadline, 2026-11-24 23:59 UTC+8:" in rendered
    assert "2026-11-24 16:59 UTC+1" in refused.value.render(lambda text: text, "Europe/Berlin")
    # --force records what the platform would refuse; a closed entrance it cannot open
    with pytest.raises(Conflict):
        rules.apply(waiting, "submitted", DUE + timedelta(days=1), JOOM, force=True)
    # a platform whose deadline does not close the entrance takes it late
    assert rules.apply(waiting, "submitted", DUE + timedelta(days=1), AMAZON).state == "submitted"
    # without a deadline nothing closes
    assert rules.apply(rules.CaseState(), "submitted", DUE + timedelta(days=9), JOOM).attempts_used


def test_an_appeal_submitted_in_time_may_be_resubmitted_after_the_deadline() -> None:
    submitted = rules.apply(rules.CaseState(due_at=DUE), "submitted", DUE - timedelta(days=2), JOOM)
    rejected = rules.apply(submitted, "rejected", DUE + timedelta(days=1), JOOM)
    again = rules.apply(rejected, "submitted", DUE + timedelta(days=4), JOOM)
    assert (again.state, again.attempts_used) == ("submitted", 2)
    asked = rules.apply(again, "info_requested", DUE + timedelta(days=6), JOOM)
    assert rules.apply(asked, "submitted", DUE + timedelta(days=7), JOOM).attempts_used == 2


def _late_case(wb: Workbench, world: World) -> int:
    """A Joom case whose deadline passed the day before the (frozen) now."""
    deadline = (NOW - timedelta(days=1)).date()
    owner = world.actor(wb, "owner")
    return service.open_case(wb, owner, world.account_a, ["counterfeit"], deadline=deadline).id


def test_the_service_refuses_and_records_nothing(wb: Workbench, world: World) -> None:
    case_id = _late_case(wb, world)
    agent = world.actor(wb, "teammate")
    with pytest.raises(Conflict, match="appeal entrance closed"):
        service.apply_event(wb, agent, case_id, "submitted")
    case = service.get_case(wb, agent, case_id)
    assert (case.state, case.attempts_used) == ("open", 0)
    # recorded as made before the deadline (``at``), it is accepted
    made = NOW - timedelta(days=2)
    assert service.apply_event(wb, agent, case_id, "submitted", at=made).case.attempts_used == 1
    # and moving the deadline (the platform extended it) opens the entrance again
    other = _late_case(wb, world)
    service.update_case(wb, agent, other, {"deadline": date(2026, 11, 30)})
    assert service.apply_event(wb, agent, other, "submitted").case.state == "submitted"


def test_the_api_and_the_page_answer_409(
    client: TestClient, as_persona: object, wb: Workbench, world: World
) -> None:
    case_id = _late_case(wb, world)
    api = client.post(
        f"/api/v1/cases/{case_id}/events",
        json={"event": "submitted"},
        headers=bearer(world, "teammate"),
    )
    assert api.status_code == 409 and "appeal entrance closed" in api.json()["error"]["message"]
    user = as_persona("teammate")  # type: ignore[operator]
    page = user.post(f"/cases/{case_id}/event", {"event": "submitted"}, page=f"/cases/{case_id}")
    assert page.status_code == 409 and "appeal entrance closed" in page.text
    assert 'name="force"' not in page.text  # no "record it anyway" for a closed entrance
    user.client.headers["Accept-Language"] = "zh-CN"
    page = user.post(f"/cases/{case_id}/event", {"event": "submitted"}, page=f"/cases/{case_id}")
    assert page.status_code == 409 and "不再接受此后的提交" in page.text


def test_the_cli_exits_1_with_the_reason(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    world: World,
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    long_ago = (datetime.now(UTC) - timedelta(days=30)).isoformat(timespec="seconds")
    opened = [
        "case", "open", "--account", str(world.account_a), "--platform", "joom",
        "--violation", "counterfeit", "--notice-date", long_ago, "--json",
    ]  # fmt: skip
    assert main(opened) == 0
    case_id = json.loads(capsys.readouterr().out)["id"]
    assert main(["case", "event", str(case_id), "submitted", "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "appeal entrance closed at the deadline" in err
    assert "Joom accepts no submission after it" in err and "Traceback" not in err
    assert main(["case", "event", str(case_id), "submitted", "--force"]) == 1
    capsys.readouterr()
