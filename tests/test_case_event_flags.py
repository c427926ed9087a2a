"""The command line's two overrides are separate: ``--force`` records what the platform's
wait before a resubmission would refuse, ``--confirm`` a submission with required materials
missing; neither does the other's work."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reinstate.cases import service
from reinstate.errors import Conflict
from reinstate.workbench import Workbench

from .conftest import NOW, World
from .test_cases import _cli


def _rejected(wb: Workbench, world: World) -> int:
    """A Joom case rejected an hour ago: its next submission waits 48 h; nothing provided."""
    agent = world.actor(wb, "teammate")
    case = service.open_case(wb, agent, world.account_a, ["counterfeit"])
    service.apply_event(wb, agent, case.id, "submitted", at=NOW - timedelta(hours=3))
    service.apply_event(wb, agent, case.id, "rejected", at=NOW - timedelta(hours=2))
    return case.id


def test_force_alone_still_asks_for_the_materials(wb: Workbench, world: World) -> None:
    case = _rejected(wb, world)
    agent = world.actor(wb, "teammate")
    early = NOW - timedelta(hours=1)
    with pytest.raises(Conflict) as refused:
        service.apply_event(
            wb, agent, case, "submitted", at=early, force=True, require_materials=True
        )
    assert refused.value.field == "materials"
    with pytest.raises(Conflict) as waited:
        service.apply_event(wb, agent, case, "submitted", at=early, require_materials=False)
    assert waited.value.field == "event"  # confirming the materials does not skip the wait
    done = service.apply_event(wb, agent, case, "submitted", at=early, force=True)
    assert (done.case.state, done.case.attempts_used) == ("submitted", 2)


def test_the_command_line_flags_override_one_thing_each(
    wb: Workbench,
    world: World,
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = str(_rejected(wb, world))
    early = ["--at", (NOW - timedelta(hours=1)).isoformat()]
    args = ("case", "event", case, "submitted", *early)
    code, out, err = _cli(capsys, monkeypatch, database_url, *args, "--force")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "required materials are not provided" in err and "use --confirm" in err
    code, out, err = _cli(capsys, monkeypatch, database_url, *args, "--confirm")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "48 h after the rejection" in err and "use --force" in err
    assert service.get_case(wb, world.actor(wb, "owner"), int(case)).state == "rejected"
    code, out, err = _cli(capsys, monkeypatch, database_url, *args, "--force", "--confirm")
    assert code == 0 and err == ""
    assert service.get_case(wb, world.actor(wb, "owner"), int(case)).state == "submitted"
