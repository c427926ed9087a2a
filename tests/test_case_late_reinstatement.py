"""A case closed after its last rejection (closed_lost) still takes "reinstated": the attempt
limit is the platform's "may", and a platform can reinstate the account on its own later. It
is noted on the timeline, and no attempt is given back."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from reinstate.cases import service
from reinstate.cases.rules import CaseState, apply
from reinstate.errors import Conflict
from reinstate.events import visible_events
from reinstate.workbench import Workbench

from .conftest import NOW, World
from .test_case_rules import T0, pack
from .test_cases import _cli


def _closed(wb: Workbench, world: World) -> int:
    """A Joom case whose three appeals were rejected, the last a day ago."""
    agent = world.actor(wb, "teammate")
    case = service.open_case(wb, agent, world.account_a, ["counterfeit"])
    at = NOW - timedelta(days=20)
    for _attempt in range(3):
        service.apply_event(wb, agent, case.id, "submitted", at=at)
        service.apply_event(wb, agent, case.id, "rejected", at=at + timedelta(days=3))
        at += timedelta(days=6)
    assert service.get_case(wb, agent, case.id).state == "closed_lost"
    return case.id


def test_the_rules_take_reinstated_and_nothing_else_after_the_last_rejection() -> None:
    joom = pack("joom")
    closed = CaseState(state="closed_lost", attempts_used=3)
    for event in ("submitted", "rejected", "preparing", "withdrawn"):
        with pytest.raises(Conflict, match="only the platform reinstating the account"):
            apply(closed, event, T0, joom, force=True)
    after = apply(closed, "reinstated", T0, joom)
    assert (after.state, after.attempts_used) == ("reinstated", 3)
    with pytest.raises(Conflict, match="accepts no more events"):
        apply(after, "reinstated", T0, joom)


def test_the_service_records_it_with_a_note_and_no_attempt_back(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    case = _closed(wb, world)
    agent = world.actor(wb, "teammate")
    page = as_persona("teammate").client.get(f"/cases/{case}").text
    assert 'name="event" value="reinstated"' in page
    assert 'name="event" value="submitted"' not in page
    with pytest.raises(Conflict):
        service.apply_event(wb, agent, case, "submitted", force=True)
    outcome = service.apply_event(wb, agent, case, "reinstated")
    assert (outcome.case.state, outcome.case.attempts_used) == ("reinstated", 3)
    assert outcome.notes == [service.LATE_REINSTATEMENT]
    with wb.db.reading() as session:
        latest = visible_events(session, agent, case_id=case)[0]
    assert latest.name == "case.reinstated"
    assert latest.before == {"state": "closed_lost", "attempts_used": 3}
    assert latest.after == {"state": "reinstated", "attempts_used": 3, "after_closing": True}
    shown = as_persona("teammate").client.get(f"/cases/{case}").text
    assert "After the appeals were used up" in shown


def test_an_ordinary_reinstatement_carries_no_such_note(wb: Workbench, world: World) -> None:
    agent = world.actor(wb, "teammate")
    case = service.open_case(wb, agent, world.account_a, ["counterfeit"])
    service.apply_event(wb, agent, case.id, "submitted")
    outcome = service.apply_event(wb, agent, case.id, "reinstated")
    assert outcome.notes == []
    with wb.db.reading() as session:
        assert "after_closing" not in (
            visible_events(session, agent, case_id=case.id)[0].after or {}
        )


def test_the_command_line_records_it(
    wb: Workbench,
    world: World,
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = str(_closed(wb, world))
    code, out, err = _cli(capsys, monkeypatch, database_url, "case", "event", case, "submitted")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "only the platform reinstating the account on its own" in err
    code, out, err = _cli(
        capsys, monkeypatch, database_url, "case", "event", case, "reinstated", "--json"
    )
    assert code == 0 and err == ""
    shown = json.loads(out)
    assert (shown["state"], shown["attempts_used"], shown["attempts_left"]) == ("reinstated", 3, 0)
    assert shown["notes"] == [service.LATE_REINSTATEMENT]
    code, out, err = _cli(capsys, monkeypatch, database_url, "case", "event", case, "reinstated")
    assert code == 1 and "accepts no more events" in err
