"""Each member reads every time in their zone, with the zone named; a deadline reads the same on
the notice, the case and the lists (issue 20: 12-15 on the notice, 12-16 07:59 UTC on the case).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reinstate.auth.zones import adopt_browser_zone, clean_zone, set_my_zone, set_org_zone, zone_of
from reinstate.cases.service import open_case
from reinstate.errors import InvalidInput, PermissionDenied
from reinstate.notices.service import store_notice
from reinstate.storage.tables import Event, User
from reinstate.timezones import effective_zone, shown, zone_names
from reinstate.workbench import Workbench

from .conftest import PASSWORD, World

NOTICES = Path(__file__).parent / "fixtures" / "notices" / "genuine"
AMAZON = NOTICES / "amazon-odr-deactivation.eml"


def _user(wb: Workbench, world: World, persona: str) -> User:
    with wb.db.reading() as session:
        user = session.scalars(select(User).where(User.email == world.emails[persona])).one()
        session.expunge(user)
        return user


def test_a_time_is_written_one_way_with_its_zone() -> None:
    moment = datetime(2026, 12, 16, 7, 59, 59, tzinfo=UTC)
    assert shown(moment, "UTC") == "2026-12-16 07:59 UTC"
    assert shown(moment, "Asia/Shanghai") == "2026-12-16 15:59 UTC+8"
    assert shown(moment, "America/Los_Angeles") == "2026-12-15 23:59 UTC-8"
    assert shown(datetime(2026, 7, 1, 12, tzinfo=UTC), "America/Los_Angeles").endswith("UTC-7")
    assert shown(moment, "Asia/Kathmandu") == "2026-12-16 13:44 UTC+5:45"
    assert shown(None, "Asia/Shanghai") == ""


def test_only_real_zones_are_accepted() -> None:
    assert clean_zone(" Europe/Berlin ") == "Europe/Berlin"
    assert clean_zone("") is None
    for bad in ("Mars/Olympus", "../../etc/passwd", "posix/Asia/Shanghai", "+08:00", "x" * 300):
        with pytest.raises(InvalidInput) as caught:
            clean_zone(bad)
        assert caught.value.field == "time_zone"
    assert effective_zone(None, "Asia/Tokyo") == "Asia/Tokyo"
    assert effective_zone("Gone/Zone", None) == "UTC"
    assert "Asia/Shanghai" in zone_names() and zone_names()[0] == "UTC"


def test_a_member_follows_the_organisation_until_they_choose(wb: Workbench, world: World) -> None:
    owner = world.actor(wb, "owner")
    agent = _user(wb, world, "teammate")
    assert zone_of(wb, agent) == "UTC"
    set_org_zone(wb, owner, "Asia/Shanghai")
    assert zone_of(wb, agent) == "Asia/Shanghai"
    set_my_zone(wb, agent.id, "Europe/London")
    assert zone_of(wb, _user(wb, world, "teammate")) == "Europe/London"
    set_my_zone(wb, agent.id, "")
    assert zone_of(wb, _user(wb, world, "teammate")) == "Asia/Shanghai"
    with pytest.raises(PermissionDenied):
        set_org_zone(wb, world.actor(wb, "teammate"), "UTC")
    with wb.db.reading() as session:
        events = session.scalars(select(Event).where(Event.name == "organisation.time_zone"))
        assert [e.after for e in events] == [{"time_zone": "Asia/Shanghai"}]


def test_the_browser_zone_is_taken_only_when_nothing_was_chosen(
    wb: Workbench, world: World
) -> None:
    viewer = _user(wb, world, "viewer")
    assert not adopt_browser_zone(wb, viewer.id, "Not/AZone")  # ignored, sign-in goes on
    assert adopt_browser_zone(wb, viewer.id, "Asia/Shanghai")
    assert not adopt_browser_zone(wb, viewer.id, "Europe/Paris")  # theirs now: kept
    assert zone_of(wb, _user(wb, world, "viewer")) == "Asia/Shanghai"
    set_org_zone(wb, world.actor(wb, "owner"), "Asia/Tokyo")
    assert not adopt_browser_zone(wb, _user(wb, world, "teammate").id, "Europe/Paris")


def _sign_in(client: TestClient, email: str, zone: str) -> None:
    page = client.get("/signin").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token and 'name="time_zone"' in page
    answer = client.post(
        "/signin",
        data={
            "email": email,
            "password": PASSWORD,
            "csrf_token": token.group(1),
            "time_zone": zone,
        },
    )
    assert answer.status_code == 303, answer.text


def _deadline(html: str) -> list[str]:
    return re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC[+-]?[\d:]*", html)


def test_one_deadline_reads_the_same_on_the_notice_the_case_and_the_lists(
    wb: Workbench, world: World, client: TestClient, app: Any
) -> None:
    agent = world.actor(wb, "teammate")
    notice = store_notice(wb, agent, world.account_a2, AMAZON.read_bytes(), AMAZON.name)
    assert notice.report["deadline"], "the notice gives a deadline"
    case = open_case(wb, agent, world.account_a2, ["order_defect_rate"], notice_id=notice.id)
    assert case.due_at is not None
    _sign_in(client, world.emails["teammate"], "Asia/Shanghai")
    expected = shown(case.due_at, "Asia/Shanghai")
    assert expected.endswith("UTC+8")
    on_notice = client.get(f"/notices/{notice.id}").text
    assert expected in on_notice
    assert expected in client.get(f"/cases/{case.id}").text
    assert expected in client.get("/cases").text
    assert expected in client.get("/notices").text
    # the day in the case's date field is the platform's day, so saving it changes nothing
    day = re.search(r'name="deadline" value="([\d-]+)"', client.get(f"/cases/{case.id}").text)
    assert day and day.group(1) == notice.report["deadline"]
    # a member elsewhere reads the same moment in their own zone
    web = client.get("/settings").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', web)
    assert token
    form = {"csrf_token": token.group(1), "time_zone": "America/Los_Angeles"}
    assert client.post("/settings/time-zone", data=form).status_code == 303
    there = shown(case.due_at, "America/Los_Angeles")
    assert there in client.get(f"/notices/{notice.id}").text
    assert there in client.get(f"/cases/{case.id}").text
    assert "UTC+8" not in " ".join(_deadline(client.get(f"/cases/{case.id}").text))


def test_settings_refuse_a_zone_that_does_not_exist(
    wb: Workbench, world: World, client: TestClient
) -> None:
    _sign_in(client, world.emails["owner"], "")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/settings").text)
    assert token
    answer = client.post(
        "/settings/time-zone", data={"csrf_token": token.group(1), "time_zone": "Mars/Base"}
    )
    assert answer.status_code == 422
    assert "Mars/Base is not a time zone" in answer.text
    assert 'value="Asia/Shanghai"' in answer.text  # the list is there to choose from
    assert zone_of(wb, _user(wb, world, "owner")) == "UTC"
