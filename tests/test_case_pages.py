"""Case pages, one click from a notice, refusals and confirmations, settings and the calendar."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from icalendar import Calendar

from reinstate.cases import service
from reinstate.clock import FrozenClock
from reinstate.workbench import Workbench

from .conftest import NOW, World

GENUINE = Path(__file__).parent / "fixtures" / "notices" / "genuine"


def _post(user: Any, path: str, data: dict[str, str], page: str) -> Any:
    return user.post(path, data, page=page)


def test_it_opens_a_case_from_a_notice_in_one_click(as_persona: Any, world: World) -> None:
    agent = as_persona("teammate")
    upload = agent.client.post(
        "/notices/new",
        data={"account_id": str(world.account_a), "csrf_token": agent.csrf("/notices/new")},
        files={"file": ("joom.eml", (GENUINE / "joom-counterfeit.eml").read_bytes())},
    )
    notice = upload.headers["location"]
    opened = _post(agent, f"{notice}/case", {}, notice)
    assert opened.status_code == 303 and opened.headers["location"].startswith("/cases/")
    page = agent.client.get(opened.headers["location"]).text
    assert "Counterfeit goods" in page and "Brand authorisation" in page  # the checklist
    assert "2026-11-24 15:59 UTC" in page and "Opened a case" in page
    assert "3 left" in page


def test_it_colours_the_list_by_urgency_and_filters_it(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    owner = world.actor(wb, "owner")
    urgent = service.open_case(
        wb, owner, world.account_a, ["counterfeit"], deadline=date(2026, 11, 18)
    )
    later = service.open_case(
        wb, owner, world.account_a2, ["late_shipment"], deadline=date(2026, 12, 20)
    )
    user = as_persona("owner")
    listing = user.client.get("/cases").text
    assert re.search(rf'<tr class="urgent">\s*<td><a href="/cases/{urgent.id}"', listing)
    assert listing.index(f'/cases/{urgent.id}"') < listing.index(f'/cases/{later.id}"')
    assert "in 0 d 7 h" in listing  # due at the end of 18 November in Shanghai: 15:59:59 UTC
    only_amazon = user.client.get("/cases?platform=amazon").text
    assert f'/cases/{later.id}"' in only_amazon and f'/cases/{urgent.id}"' not in only_amazon
    newest_first = user.client.get("/cases?sort=opened").text
    assert newest_first.index(f'/cases/{later.id}"') < newest_first.index(f'/cases/{urgent.id}"')


def test_it_explains_a_refusal_and_records_it_only_when_confirmed(
    as_persona: Any, world: World, wb: Workbench, clock: FrozenClock
) -> None:
    agent_actor = world.actor(wb, "teammate")
    case = service.open_case(wb, agent_actor, world.account_a, ["counterfeit"])
    page = f"/cases/{case.id}"
    agent = as_persona("teammate")
    for step in ("submitted", "rejected", "submitted", "rejected"):
        clock.set(clock.now() + timedelta(days=3))
        form = {"event": step, "confirm_missing": "1"}  # no materials: confirmed
        assert _post(agent, f"{page}/event", form, page).status_code == 303
    early = _post(agent, f"{page}/event", {"event": "submitted"}, page)
    assert early.status_code == 409 and "48 h after the rejection" in early.text
    # the moment in the page's way of writing times, not the API's ISO form with seconds
    wait_until = service.get_case(wb, agent_actor, case.id).resubmit_not_before
    assert wait_until is not None
    assert f"only from {wait_until:%Y-%m-%d %H:%M} UTC (48 h" in early.text
    assert wait_until.isoformat() not in early.text
    assert "--force" not in early.text  # the command line's flag; here the box below
    assert "Record it anyway" in early.text
    unconfirmed = _post(agent, f"{page}/event", {"event": "submitted", "force": "1"}, page)
    assert unconfirmed.status_code == 409 and "uses the last attempt" in unconfirmed.text
    forced = {"event": "submitted", "force": "1", "confirm_last": "1"}
    # recording it anyway overrides the platform's wait, not the missing materials' question
    missing = _post(agent, f"{page}/event", forced, page)
    assert missing.status_code == 409 and 'id="confirm-missing"' in missing.text
    assert '<input type="hidden" name="force" value="1">' in missing.text
    done = _post(agent, f"{page}/event", {**forced, "confirm_missing": "1"}, page)
    assert done.status_code == 303
    assert "submitted" in agent.client.get(page).text
    assert service.get_case(wb, agent_actor, case.id).attempts_used == 3


def test_it_keeps_case_pages_to_the_organisation_and_roles(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    owner = world.actor(wb, "owner")
    mine = service.open_case(wb, owner, world.account_a, ["counterfeit"])
    other = service.open_case(wb, owner, world.account_a2, ["late_shipment"])
    outsider = as_persona("outsider")
    for path in (f"/cases/{mine.id}",):
        assert outsider.client.get(path).status_code == 404
    assert (
        _post(outsider, f"/cases/{mine.id}/event", {"event": "submitted"}, "/cases").status_code
        == 404
    )
    assert (
        _post(outsider, f"/cases/{mine.id}/comment", {"comment": "hi"}, "/cases").status_code == 404
    )
    viewer = as_persona("viewer")
    assert viewer.client.get(f"/cases/{mine.id}").status_code == 200
    assert (
        _post(viewer, f"/cases/{mine.id}/event", {"event": "submitted"}, "/cases").status_code
        == 403
    )
    client = as_persona("client")
    assert client.client.get(f"/cases/{other.id}").status_code == 404
    assert f'/cases/{mine.id}"' in client.client.get("/cases").text


def test_it_publishes_deadlines_as_a_private_calendar(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    service.open_case(
        wb, world.actor(wb, "owner"), world.account_a, ["counterfeit"], deadline=date(2026, 11, 24)
    )
    user = as_persona("teammate")
    page = _post(user, "/settings/calendar", {}, "/settings").text
    url = re.search(r'<code id="calendar-url">http://testserver(/calendar/[^<]+)</code>', page)
    assert url
    feed = user.client.get(url.group(1))
    assert feed.headers["content-type"].startswith("text/calendar")
    events = list(Calendar.from_ical(feed.content).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["Appeal due: Blue Ocean Home (case #1)"]
    assert events[0].decoded("dtstart").isoformat() == "2026-11-24T15:59:59+00:00"
    _post(user, "/settings/calendar", {}, "/settings")
    assert user.client.get(url.group(1)).status_code == 404  # the old address stopped working
    assert user.client.get("/calendar/guess.ics").status_code == 404


def test_it_keeps_reminder_settings_valid_and_owned(as_persona: Any, world: World) -> None:
    agent = as_persona("teammate")
    bad = _post(agent, "/settings/notify", {"urls": "not a url"}, "/settings")
    assert bad.status_code == 422 and "is not a notification address" in bad.text
    assert (
        _post(agent, "/settings/reminders", {"hours": "24", "urls": ""}, "/settings").status_code
        == 403
    )
    owner = as_persona("owner")
    saved = _post(
        owner,
        "/settings/reminders",
        {"hours": "48 12", "urls": "json://93.184.215.14:9/hook"},
        "/settings",
    )
    assert saved.status_code == 303
    page = owner.client.get("/settings").text
    assert "48, 12" in page and "json://…" in page and "93.184.215.14:9" not in page
    assert NOW


def test_it_still_shows_a_case_after_its_store_was_deleted(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    from reinstate.accounts.service import delete_account

    owner = world.actor(wb, "owner")
    case = service.open_case(wb, owner, world.account_a2, ["late_shipment"])
    delete_account(wb, owner, world.account_a2)
    page = as_persona("owner").client.get(f"/cases/{case.id}")
    assert page.status_code == 200 and f"#{case.id}" in page.text


def test_a_violation_the_platform_does_not_list_is_named_not_shown_as_its_code(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    # a notice that named no known violation opens a case for "other": the page says Other
    # (其他), never the bare code
    owner = world.actor(wb, "owner")
    case = service.open_case(wb, owner, world.account_a2, ["other"])
    user = as_persona("owner")
    page = user.client.get(f"/cases/{case.id}").text
    assert "<dt>Violations</dt><dd>Other</dd>" in page
    user.post("/language", {"language": "zh_CN", "next": "/"}, page="/accounts")
    assert "<dd>其他</dd>" in user.client.get(f"/cases/{case.id}").text


def test_an_event_is_recorded_at_the_time_it_happened_and_the_timeline_keeps_both(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    # the agent submitted on Seller Central yesterday and records it today: the clocks (review,
    # the 48 h wait) run from then, and the timeline says when it happened
    agent_actor = world.actor(wb, "teammate")
    case = service.open_case(wb, agent_actor, world.account_a, ["counterfeit"])
    page = f"/cases/{case.id}"
    agent = as_persona("teammate")
    form = {"event": "submitted", "confirm_missing": "1", "at": "2026-11-17 09:00"}
    assert _post(agent, f"{page}/event", form, page).status_code == 303
    form = {"event": "rejected", "at": "2026-11-17T18:00:00+08:00"}  # an offset is kept
    assert _post(agent, f"{page}/event", form, page).status_code == 303
    stored = service.get_case(wb, agent_actor, case.id)
    assert stored.resubmit_not_before is not None
    assert stored.resubmit_not_before.isoformat() == "2026-11-19T10:00:00+00:00"
    shown = agent.client.get(page).text
    assert "When it happened" in shown and "2026-11-17 09:00 UTC" in shown
    # a time it cannot read, or one to come: one sentence, and what was typed stays
    for event, typed, says in (
        ("submitted", "yesterday", "is not a time"),
        ("submitted", "2030-01-01 00:00", "in the future"),
        (
            "withdrawn",
            "2026-11-16 09:00",
            "before the case&#39;s previous event (2026-11-17 10:00 UTC)",
        ),
    ):
        form = {"event": event, "at": typed}
        refused = _post(agent, f"{page}/event", form, page)
        assert refused.status_code == 422 and says in refused.text
        assert f'name="at" placeholder="now" value="{typed}"' in refused.text
    assert service.get_case(wb, agent_actor, case.id).state == "rejected"
