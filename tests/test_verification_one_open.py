"""One video verification in progress per account (found by an exploratory tester): opening a
second one while the first is not over made two checklists and two sets of reminders. It is
refused, naming the open one, on the service, the command line, the API and the pages, and two
opens at the same moment create one (SQLite and PostgreSQL). Once the first is over (passed, or
the entrance closed by no-shows) a new invitation opens a new verification; a failure is
rebooked in the same one (seed 004), so it is not over."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from reinstate.auth.actor import Actor
from reinstate.clock import FrozenClock
from reinstate.settings import Settings
from reinstate.storage.tables import Reminder, Verification, VerificationCheck
from reinstate.verification import service
from reinstate.verification.service import VerificationInProgress
from reinstate.workbench import Workbench

from .conftest import NOW, World, bearer
from .test_races import ROUNDS, race
from .test_verification import _cli, _eml, _stored, amazon_store

INVITED = NOW - timedelta(hours=1)
CALL = INVITED + timedelta(hours=50)
SENDER = "no-reply@amazon.com"


def _count(wb: Workbench, table: Any, account: int) -> int:
    with wb.db.reading() as session:
        query = select(func.count()).select_from(table).where(table.account_id == account)
        return int(session.scalar(query) or 0)


def _open(wb: Workbench, world: World, account: int, at: datetime = INVITED) -> Verification:
    return service.open_verification(wb, world.actor(wb, "owner"), account, invited_at=at)


def _event(wb: Workbench, world: World, row: Verification, event: str, **when: Any) -> None:
    service.apply_event(wb, world.actor(wb, "owner"), row.id, event, **when)


def test_a_second_open_is_refused_naming_the_first_and_writes_nothing(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    first = _open(wb, world, world.account_a2)
    _event(wb, world, first, "booked", slot=CALL)
    counts = [_count(wb, t, world.account_a2) for t in (Verification, VerificationCheck)]
    with pytest.raises(VerificationInProgress) as refused:
        _open(wb, world, world.account_a2)
    assert str(refused.value) == (
        f"Video verification V{first.id} of this account is still in progress (booked): "
        f"continue it at /verifications/{first.id} rather than open another."
    )
    assert refused.value.open_id == first.id and refused.value.status == 409
    assert [_count(wb, t, world.account_a2) for t in (Verification, VerificationCheck)] == counts
    # a failure is rebooked in the same verification: still in progress
    clock.set(CALL + timedelta(hours=1))
    _event(wb, world, first, "failed", at=CALL + timedelta(minutes=30))
    with pytest.raises(VerificationInProgress, match=r"\(failed\)"):
        _open(wb, world, world.account_a2)
    # another store of the same seller is not held up by this one
    assert _open(wb, world, amazon_store(wb, world, "Blue Ocean JP")).state == "invited"


def test_once_it_has_passed_a_new_invitation_opens_a_new_verification(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    first = _open(wb, world, world.account_a2)
    _event(wb, world, first, "booked", slot=CALL)
    clock.set(CALL + timedelta(hours=1))
    _event(wb, world, first, "completed", at=CALL + timedelta(minutes=30))
    _event(wb, world, first, "passed")
    again = _open(wb, world, world.account_a2, at=CALL + timedelta(minutes=45))
    assert again.id != first.id and again.state == "invited"


def test_once_the_no_shows_close_the_entrance_a_new_invitation_opens_one(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    first = _open(wb, world, world.account_a2)
    _event(wb, world, first, "booked", slot=CALL)
    clock.set(CALL + timedelta(hours=61))
    _event(wb, world, first, "no_show", at=CALL)
    with pytest.raises(VerificationInProgress, match="no-show"):  # one more chance to book
        _open(wb, world, world.account_a2)
    _event(wb, world, first, "booked", slot=CALL + timedelta(hours=60))
    _event(wb, world, first, "no_show", at=CALL + timedelta(hours=60))  # the entrance closes
    assert _open(wb, world, world.account_a2, at=CALL + timedelta(hours=61)).id != first.id


def test_the_command_line_says_so_and_exits_1(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    world: World,
) -> None:
    args = ("verify", "open", str(world.account_a2), "--invited-at", INVITED.isoformat())
    code, out, _ = _cli(capsys, monkeypatch, database_url, *args, "--json")
    first = json.loads(out)["id"]
    code, out, err = _cli(capsys, monkeypatch, database_url, *args, "--json")
    assert (code, out) == (1, "")
    assert err.strip().startswith(f"Video verification V{first} of this account is still in")
    assert f"/verifications/{first}" in err


def test_the_api_answers_409_naming_the_open_one(client: TestClient, world: World) -> None:
    owner = bearer(world, "owner")
    body = {"account_id": world.account_a2, "invited_at": INVITED.isoformat()}
    first = client.post("/api/v1/verifications", json=body, headers=owner).json()["id"]
    again = client.post(
        "/api/v1/verifications", json=body, headers=owner | {"Accept-Language": "zh-CN"}
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "verification_in_progress"
    assert f"V{first}" in again.json()["error"]["message"]
    assert "进行中" in again.json()["error"]["message"]
    listed = client.get(f"/api/v1/accounts/{world.account_a2}/verifications", headers=owner)
    assert [v["id"] for v in listed.json()["items"]] == [first]


def test_the_pages_link_the_open_one_instead_of_opening_another(
    as_persona: Any, world: World
) -> None:
    mei = as_persona("owner")
    page = f"/accounts/{world.account_a2}/verifications"
    assert 'action="/accounts/' in mei.client.get(page).text  # none yet: the form
    opened = mei.post(page, {"invited_at": INVITED.isoformat()}, page=page)
    first = opened.headers["location"]
    shown = mei.client.get(page).text
    assert 'id="verification-in-progress"' in shown and f'href="{first}"' in shown
    assert f'action="{page}"' not in shown  # no form to open a second one
    # a form still on screen (another tab, the invitation's page): refused, with the link
    again = mei.post(
        page, {"invited_at": INVITED.isoformat()}, page=f"/accounts/{world.account_a2}"
    )
    assert again.status_code == 409
    assert "is still in progress" in again.text and f'href="{first}"' in again.text


@pytest.mark.parametrize("racers", [2, 6])
def test_simultaneous_opens_create_one(
    wb: Workbench, world: World, settings: Settings, clock: FrozenClock, racers: int
) -> None:
    agent = world.actor(wb, "teammate")
    for n in range(ROUNDS):
        account = amazon_store(wb, world, f"Race {racers} {n}")
        results = race(
            settings,
            clock,
            racers,
            lambda b, a=account: service.open_verification(b, agent, a, invited_at=INVITED),
        )
        made = [r for r in results if isinstance(r, Verification)]
        refused = [r for r in results if isinstance(r, VerificationInProgress)]
        assert (len(made), len(refused)) == (1, racers - 1), results
        assert all(r.open_id == made[0].id for r in refused)
        assert _count(wb, Verification, account) == 1
        with wb.db.reading() as session:
            reminders = session.scalars(
                select(Reminder.verification_id).where(Reminder.verification_id.is_not(None))
            )
            assert made[0].id in set(reminders)


def test_a_second_invitations_page_links_the_verification_in_progress(
    as_persona: Any, wb: Workbench, world: World, tmp_path: Path
) -> None:
    mei, owner = as_persona("owner"), Actor.command_line(world.org_a)
    host = "https://sellercentral.amazon.com/verify"
    first = _stored(wb, owner, world.account_a2, _eml(tmp_path, "1.eml", SENDER, host))
    page = mei.client.get(f"/notices/{first}").text
    assert "Open a video verification from this invitation" in page
    opened = mei.post(
        f"/accounts/{world.account_a2}/verifications", {"notice_id": str(first)}, page="/accounts"
    )
    url = opened.headers["location"]
    reminder = _eml(tmp_path, "2.eml", SENDER, host + "?again=1")
    second = _stored(wb, owner, world.account_a2, reminder)
    page = mei.client.get(f"/notices/{second}").text
    assert "Open a video verification from this invitation" not in page
    assert 'id="verification-in-progress"' in page and f'href="{url}"' in page
    again = mei.post(
        f"/accounts/{world.account_a2}/verifications", {"notice_id": str(second)}, page="/accounts"
    )
    assert again.status_code == 409 and f'href="{url}"' in again.text
