"""Cases through the service, the CLI and the API: deadlines, refusals, tenancy, timeline."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reinstate.cases import service
from reinstate.cli import main
from reinstate.clock import FrozenClock
from reinstate.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from reinstate.events import visible_events
from reinstate.storage.tables import Reminder
from reinstate.workbench import Workbench

from .conftest import NOW, World, bearer


def _open(wb: Workbench, world: World, **kwargs: Any) -> Any:
    return service.open_case(
        wb, world.actor(wb, "teammate"), world.account_a, ["counterfeit"], **kwargs
    )


def test_it_takes_the_deadline_from_the_day_or_the_platform_window(
    wb: Workbench, world: World
) -> None:
    case = _open(wb, world, deadline=date(2026, 11, 24))
    # the end of 24 November in Joom's calendar time zone (Asia/Shanghai)
    assert case.due_at == datetime(2026, 11, 24, 15, 59, 59, tzinfo=UTC)
    notice_date = datetime(2026, 11, 17, 9, 30, tzinfo=UTC)
    assert _open(wb, world, notice_date=notice_date).due_at == notice_date + timedelta(days=7)
    assert _open(wb, world).due_at is None


def test_it_schedules_reminders_before_the_deadline_and_after_submission(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    case = _open(wb, world, deadline=date(2026, 11, 22))  # due 2026-11-22T15:59:59Z
    with wb.db.reading() as session:
        fires = [
            (r.kind, r.hours_before)
            for r in session.scalars(
                select(Reminder).where(Reminder.case_id == case.id).order_by(Reminder.fire_at)
            )
        ]
    assert fires == [("due", 72), ("due", 24), ("due", 6)]
    clock.set(NOW + timedelta(hours=1))
    service.apply_event(wb, world.actor(wb, "teammate"), case.id, "submitted")
    with wb.db.reading() as session:
        kinds = [
            r.kind for r in session.scalars(select(Reminder).where(Reminder.case_id == case.id))
        ]
    assert kinds == ["review_due"]


def test_it_records_every_step_on_the_case_timeline(wb: Workbench, world: World) -> None:
    agent = world.actor(wb, "teammate")
    case = _open(wb, world)
    service.apply_event(wb, agent, case.id, "submitted")
    service.comment(wb, agent, case.id, "Sent the stamped letter and the invoices.")
    with wb.db.reading() as session:
        timeline = visible_events(session, agent, case_id=case.id)
    assert [e.name for e in timeline] == ["case.comment", "case.submitted", "case.opened"]
    assert timeline[1].before == {"state": "open", "attempts_used": 0}
    assert timeline[1].after and timeline[1].after["state"] == "submitted"


def test_it_announces_the_last_attempt_and_records_forced_submissions(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    agent = world.actor(wb, "teammate")
    case = _open(wb, world)
    for day in range(2):
        clock.set(NOW + timedelta(days=4 * day))
        service.apply_event(wb, agent, case.id, "submitted")
        clock.set(NOW + timedelta(days=4 * day + 1))
        service.apply_event(wb, agent, case.id, "rejected")
    clock.set(NOW + timedelta(days=6))
    with pytest.raises(Conflict, match="48 h after the rejection"):
        service.apply_event(wb, agent, case.id, "submitted")
    outcome = service.apply_event(wb, agent, case.id, "submitted", force=True)
    assert outcome.notes == ["This submission uses the last attempt."]
    with wb.db.reading() as session:
        assert visible_events(session, agent, case_id=case.id)[0].after["forced"] is True  # type: ignore[index]


def test_it_keeps_cases_inside_the_organisation(wb: Workbench, world: World) -> None:
    case = _open(wb, world)
    hidden = service.open_case(wb, world.actor(wb, "owner"), world.account_a2, ["late_shipment"])
    with pytest.raises(NotFound):
        service.get_case(wb, world.actor(wb, "outsider"), case.id)
    with pytest.raises(NotFound):
        service.apply_event(wb, world.actor(wb, "outsider"), case.id, "submitted")
    with pytest.raises(PermissionDenied):
        service.apply_event(wb, world.actor(wb, "viewer"), case.id, "submitted")
    client = world.actor(wb, "client")
    assert [c.id for c in service.list_cases(wb, client)] == [case.id]
    with pytest.raises(NotFound):
        service.get_case(wb, client, hidden.id)
    with pytest.raises(NotFound):
        service.open_case(wb, world.actor(wb, "outsider"), world.account_a, ["counterfeit"])


@pytest.mark.parametrize(
    ("violations", "kwargs", "error"),
    [
        ([], {}, InvalidInput),
        (["speeding"], {}, InvalidInput),
        (["counterfeit"], {"notice_id": 999}, NotFound),
        (["counterfeit"], {"assignee_id": 999}, InvalidInput),
    ],
)
def test_it_refuses_to_open_a_bad_case(
    wb: Workbench, world: World, violations: list[str], kwargs: dict[str, Any], error: type
) -> None:
    with pytest.raises(error):
        service.open_case(wb, world.actor(wb, "owner"), world.account_a, violations, **kwargs)
    assert service.list_cases(wb, world.actor(wb, "owner")) == []


def _cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_it_follows_the_cli_contract(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    world: World,
) -> None:
    code, out, _ = _cli(
        capsys,
        monkeypatch,
        database_url,
        "case",
        "open",
        "--account",
        str(world.account_a),
        "--platform",
        "joom",
        "--violation",
        "counterfeit",
        "--notice-date",
        "2026-11-10T03:20:00+00:00",
        "--json",
    )
    opened = json.loads(out)
    assert code == 0 and {"id", "state", "due_at", "attempts_left"} <= set(opened)
    assert (opened["state"], opened["due_at"], opened["attempts_left"]) == (
        "open",
        "2026-11-17T03:20:00+00:00",
        3,
    )
    case_id = str(opened["id"])
    code, out, _ = _cli(
        capsys,
        monkeypatch,
        database_url,
        "case",
        "event",
        case_id,
        "submitted",
        "--at",
        "2026-11-12T02:00:00+00:00",
        "--confirm",
        "--json",
    )
    moved = json.loads(out)
    assert {
        "id",
        "state",
        "attempts_used",
        "attempts_left",
        "resubmit_not_before",
        "review_due",
        "due_at",
    } <= set(moved)
    assert (moved["state"], moved["attempts_used"], moved["review_due"]) == (
        "submitted",
        1,
        "2026-11-26T02:00:00+00:00",
    )
    code, out, _ = _cli(
        capsys,
        monkeypatch,
        database_url,
        "case",
        "event",
        case_id,
        "rejected",
        "--at",
        "2026-11-13T02:00:00+00:00",
        "--json",
    )
    assert json.loads(out)["resubmit_not_before"] == "2026-11-15T02:00:00+00:00"
    code, out, err = _cli(
        capsys,
        monkeypatch,
        database_url,
        "case",
        "event",
        case_id,
        "submitted",
        "--at",
        "2026-11-14T02:00:00+00:00",
        "--json",
    )
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "only from 2026-11-15T02:00+00:00" in err  # a Moment: ISO in UTC to the minute
    assert err.strip().endswith("use --force to record it anyway.")
    code, out, err = _cli(capsys, monkeypatch, database_url, "case", "event", case_id, "approved")
    assert code == 1 and "“approved” is not known" in err


def test_it_serves_cases_over_the_api(client: TestClient, world: World) -> None:
    created = client.post(
        "/api/v1/cases",
        headers=bearer(world, "teammate"),
        json={
            "account_id": world.account_a,
            "violations": ["counterfeit"],
            "deadline": "2026-11-24",
        },
    )
    assert created.status_code == 201
    url = f"/api/v1/cases/{created.json()['id']}"
    assert client.get(url, headers=bearer(world, "client")).json()["state"] == "open"
    assert client.get(url, headers=bearer(world, "outsider")).status_code == 404
    moved = client.post(
        url + "/events", headers=bearer(world, "teammate"), json={"event": "reinstated"}
    )
    assert (
        moved.status_code == 409
        and "“Reinstated” cannot be recorded now" in moved.json()["error"]["message"]
    )
    assert (
        client.post(
            url + "/events", headers=bearer(world, "viewer"), json={"event": "submitted"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            url + "/events",
            headers=bearer(world, "teammate"),
            json={"event": "submitted", "confirm": True},
        ).json()["attempts_used"]
        == 1
    )
    soon = client.get("/api/v1/cases?due_within_hours=168", headers=bearer(world, "owner"))
    assert [c["id"] for c in soon.json()["items"]] == [created.json()["id"]]


def test_it_records_changes_to_assignee_visibility_and_deadline(
    wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    case = _open(wb, world, deadline=date(2026, 11, 24))
    teammate = world.actor(wb, "teammate")
    assert teammate.user_id is not None
    service.update_case(
        wb,
        owner,
        case.id,
        {"assignee_id": teammate.user_id, "client_visible": False, "deadline": date(2026, 11, 26)},
    )
    with wb.db.reading() as session:
        event = visible_events(session, owner, case_id=case.id)[0]
    assert event.name == "case.updated"
    assert event.before == {
        "assignee_id": None,
        "client_visible": True,
        "due_at": "2026-11-24T15:59:59+00:00",
    }
    assert event.after == {
        "assignee_id": teammate.user_id,
        "client_visible": False,
        "due_at": "2026-11-26T15:59:59+00:00",
    }
    assert service.list_cases(wb, world.actor(wb, "client")) == []  # hidden from clients now
    with pytest.raises(InvalidInput):
        service.update_case(wb, owner, case.id, {"assignee_id": 424242})
    with pytest.raises(PermissionDenied):
        service.update_case(wb, world.actor(wb, "viewer"), case.id, {"client_visible": True})
    with pytest.raises(NotFound):
        service.update_case(wb, world.actor(wb, "outsider"), case.id, {"client_visible": True})


def test_it_filters_cases_by_client(wb: Workbench, world: World) -> None:
    owner = world.actor(wb, "owner")
    theirs = _open(wb, world)
    service.open_case(wb, owner, world.account_a2, ["late_shipment"])
    client = world.actor(wb, "client")
    assert client.user_id is not None
    assert [c.id for c in service.list_cases(wb, owner, client_id=client.user_id)] == [theirs.id]


def test_it_patches_a_case_over_the_api(client: TestClient, world: World) -> None:
    created = client.post(
        "/api/v1/cases",
        headers=bearer(world, "owner"),
        json={"account_id": world.account_a, "violations": ["counterfeit"]},
    ).json()
    url = f"/api/v1/cases/{created['id']}"
    patched = client.patch(url, headers=bearer(world, "owner"), json={"deadline": "2026-11-30"})
    assert patched.status_code == 200 and patched.json()["due_at"] == "2026-11-30T15:59:59+00:00"
    assert patched.json()["client_visible"] is True
    assert (
        client.patch(
            url, headers=bearer(world, "outsider"), json={"client_visible": False}
        ).status_code
        == 404
    )


def test_an_event_cannot_be_dated_before_the_previous_one(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    # a rejection typed with the wrong day, before the submission it answers, would start
    # Joom's 48 h wait in the past and let the next submission through at once
    agent = world.actor(wb, "teammate")
    case = _open(wb, world)
    submitted_at = NOW - timedelta(days=1)
    service.apply_event(wb, agent, case.id, "submitted", at=submitted_at)
    with pytest.raises(InvalidInput) as refused:
        service.apply_event(wb, agent, case.id, "rejected", at=NOW - timedelta(days=10))
    message = str(refused.value)
    assert "(2026-11-08T08:00+00:00) is before the case's previous event" in message
    assert "(2026-11-17T08:00+00:00)" in message
    assert service.get_case(wb, agent, case.id).state == "submitted"
    # in order, or recorded now: accepted, and the wait runs from the rejection
    rejected_at = submitted_at + timedelta(hours=2)
    service.apply_event(wb, agent, case.id, "rejected", at=rejected_at)
    stored = service.get_case(wb, agent, case.id)
    assert stored.resubmit_not_before == rejected_at + timedelta(hours=48)
    clock.set(NOW + timedelta(days=2))
    service.apply_event(wb, agent, case.id, "submitted")
