"""The verification page's clock and its form (found by an exploratory tester): times are shown
in the zone the member chose under Settings, named as on every other page (UTC+8, not CST); a
refused event keeps what was typed; a time typed on a ``?tz=`` page is read in that zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from reinstate.clock import FrozenClock
from reinstate.verification import service, views
from reinstate.workbench import Workbench

from .conftest import NOW, World
from .test_verification import amazon_store

INVITED = NOW - timedelta(hours=1)  # 2026-11-18 07:00 UTC: slots from 11-20 07:00 to 11-21 07:00


def _opened(wb: Workbench, world: World) -> int:
    mei = world.actor(wb, "owner")
    return service.open_verification(wb, mei, world.account_a2, invited_at=INVITED).id


def test_the_page_shows_times_in_the_members_own_zone_named_like_every_page(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    vid = _opened(wb, world)
    agent = as_persona("owner")  # reads English; chooses Beijing time under Settings
    saved = agent.post("/settings/time-zone", {"time_zone": "Asia/Shanghai"}, page="/settings")
    assert saved.status_code == 303
    page = agent.client.get(f"/verifications/{vid}").text
    assert "2026-11-18 15:00 UTC+8" in page  # the invitation, in the member's zone
    assert "CST" not in page
    assert "in Asia/Shanghai unless you add an offset" in page
    assert "2026-11-18 07:00 UTC" in agent.client.get(f"/verifications/{vid}?tz=UTC").text


def test_a_refused_event_keeps_what_was_typed_and_a_tz_page_reads_its_own_zone(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    vid = _opened(wb, world)
    mei = as_persona("owner")
    url = f"/verifications/{vid}?tz=Europe/Berlin"
    page = mei.client.get(url).text
    assert f'action="/verifications/{vid}/event?tz=Europe/Berlin"' in page
    refused = mei.post(
        f"/verifications/{vid}/event?tz=Europe/Berlin",
        {"event": "no_show", "slot": "2026-11-19 09:00", "at": "2026-11-18 08:30"},
        page=url,
    )
    assert refused.status_code == 409
    assert 'value="2026-11-19 09:00"' in refused.text and 'value="2026-11-18 08:30"' in refused.text
    assert '<option value="no_show" selected>' in refused.text
    booked = mei.post(
        f"/verifications/{vid}/event?tz=Europe/Berlin",
        {"event": "booked", "slot": "2026-11-20 09:00"},
        page=url,
    )
    assert booked.status_code == 303 and booked.headers["location"].endswith("?tz=Europe/Berlin")
    shown = views.verification_view(wb, world.actor(wb, "owner"), vid)
    assert shown.slot_at == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)  # 09:00 in Berlin


def test_a_change_typed_without_an_offset_is_read_in_the_readers_zone(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    mei = as_persona("owner")
    mei.post("/language", {"language": "zh_CN", "next": "/"}, page="/accounts")
    page = f"/accounts/{world.account_a2}/verifications"
    assert mei.client.get(page).text.count("按 Asia/Shanghai 时间") == 2  # both forms say so
    typed = {"kind": "password_reset", "occurred_at": "2026-11-18 09:30", "detail": ""}
    assert mei.post(f"/accounts/{world.account_a2}/changes", typed, page=page).status_code == 303
    shown = mei.client.get(page).text
    assert "2026-11-18 01:30 UTC" in shown  # 09:30 in Beijing, listed in the member's zone


def test_after_a_no_show_the_missed_slot_is_not_shown_as_the_call_to_come(
    wb: Workbench, world: World, as_persona: Any, clock: FrozenClock
) -> None:
    vid = _opened(wb, world)
    owner = world.actor(wb, "owner")
    slot = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    service.apply_event(wb, owner, vid, "booked", slot=slot, at=NOW)
    mei = as_persona("owner")
    booked = mei.client.get(f"/verifications/{vid}?tz=UTC").text
    assert "time zones</h2>" in booked  # the call to come in UTC+0…UTC+8
    clock.set(slot + timedelta(hours=1))
    service.apply_event(wb, owner, vid, "no_show")
    missed = mei.client.get(f"/verifications/{vid}?tz=UTC").text
    assert "Previous slot" in missed and "2026-11-20 08:00 UTC" in missed
    assert "time zones</h2>" not in missed  # no table of the missed call in UTC+0…UTC+8


def test_a_slot_outside_the_window_is_refused_in_the_pages_zone(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    vid = _opened(wb, world)
    mei = as_persona("owner")
    mei.post("/language", {"language": "zh_CN", "next": "/"}, page="/accounts")
    url = f"/verifications/{vid}?tz=Asia/Shanghai"
    refused = mei.post(
        f"/verifications/{vid}/event?tz=Asia/Shanghai",
        {"event": "booked", "slot": "2026-11-19 20:00"},
        page=url,
    )
    assert refused.status_code == 409
    # typed in Beijing time, answered in Beijing time: not 2026-11-19T12:00+00:00
    assert (
        "时段 2026-11-19 20:00 UTC+8 早于平台提供的时段：最早的时段为 2026-11-20 15:00 UTC+8"
        in refused.text
    )


def test_a_time_that_is_not_one_is_refused_with_the_pages_own_example(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    vid = _opened(wb, world)
    mei = as_persona("owner")
    url = f"/verifications/{vid}"
    refused = mei.post(f"{url}/event", {"event": "booked", "slot": "tomorrow 4pm"}, page=url)
    assert refused.status_code == 422
    assert "“tomorrow 4pm” is not a time: write it as 2026-11-18 08:00." in refused.text


def test_the_account_pages_forms_read_times_in_the_zone_the_page_names(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    """On a ``?tz=`` account page both forms say "in Europe/Berlin": they post to that zone, as
    the verification page's event form does, instead of reading the time in another."""
    mei = as_persona("owner")
    account = world.account_a2
    page = f"/accounts/{account}/verifications?tz=Europe/Berlin"
    text = mei.client.get(page).text
    assert text.count("in Europe/Berlin unless you add an offset") == 2
    for path in ("changes", "verifications"):
        assert f'action="/accounts/{account}/{path}?tz=Europe/Berlin"' in text
    typed = {"kind": "password_reset", "occurred_at": "2026-11-18 08:30", "detail": ""}
    logged = mei.post(f"/accounts/{account}/changes?tz=Europe/Berlin", typed, page=page)
    assert logged.status_code == 303
    opened = mei.post(
        f"/accounts/{account}/verifications?tz=Europe/Berlin",
        {"invited_at": "2026-11-18 07:30"},
        page=page,
    )
    assert opened.status_code == 303
    owner = world.actor(wb, "owner")
    changes = views.change_log_view(wb, owner, account, "en").items
    assert [c.occurred_at for c in changes] == [datetime(2026, 11, 18, 7, 30, tzinfo=UTC)]
    vid = int(opened.headers["location"].rsplit("/", 1)[1])
    invited = views.verification_view(wb, owner, vid).invited_at
    assert invited == datetime(2026, 11, 18, 6, 30, tzinfo=UTC)  # 07:30 in Berlin


def test_a_first_window_that_has_passed_is_shown_as_a_booking_still_to_make(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    """Slots are offered 48–72 hours ahead of whenever the seller books (seed 004 sets no day
    to click by): once the invitation's own window has passed, the page says to book now, not
    a window that is over."""
    mei = world.actor(wb, "owner")
    invited = NOW - timedelta(days=4)
    vid = service.open_verification(wb, mei, world.account_a2, invited_at=invited).id
    page = as_persona("owner").client.get(f"/verifications/{vid}").text
    said = "Book now: the platform offers a slot 48 to 72 hours after you book."
    assert said in page
    assert (invited + timedelta(hours=72)).strftime("%Y-%m-%d %H:%M") not in page
    other = amazon_store(wb, world, "Blue Ocean DE")
    fresh = service.open_verification(wb, mei, other, invited_at=INVITED).id  # an hour old
    assert said not in as_persona("owner").client.get(f"/verifications/{fresh}").text
