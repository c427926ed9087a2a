"""A slot typed on the verification page without an offset is read on the reader's clock. Where
that clock goes forward (Europe/London, 29 March 2026, 01:00 → 02:00) a time of the skipped hour
was silently moved by an hour, and where it goes back (25 October 2026) an hour that happens
twice was taken as the first: the seller would come an hour early or late to a call that
cannot be moved. Both are refused with the reason; with its offset the time is taken."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest

from reinstate.auth.service import user_by_email
from reinstate.auth.zones import set_my_zone
from reinstate.clock import FrozenClock
from reinstate.verification import service
from reinstate.workbench import Workbench

from .conftest import World


def _slot_form(client: Any, page: str, slot: str) -> Any:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).text)
    assert token
    return client.post(
        f"{page}/event",
        data={"csrf_token": token.group(1), "event": "booked", "slot": slot},
        headers={"Accept-Language": "en"},
    )


@pytest.mark.parametrize(
    ("invited", "typed", "reason", "meant"),
    [
        ("2026-03-27T01:00:00+00:00", "2026-03-29 01:30", "does not exist in Europe/London", None),
        (
            "2026-10-23T01:00:00+00:00",
            "2026-10-25 01:30",
            "happens twice in Europe/London",
            "2026-10-25 01:30+00:00",  # the second 01:30, on GMT
        ),
    ],
)
def test_a_slot_in_an_hour_the_clocks_skip_or_repeat_is_refused(
    wb: Workbench,
    world: World,
    clock: FrozenClock,
    as_persona: Any,
    invited: str,
    typed: str,
    reason: str,
    meant: str | None,
) -> None:
    set_my_zone(wb, user_by_email(wb, world.emails["owner"]).id, "Europe/London")
    clock.set(datetime.fromisoformat(invited))
    mei = world.actor(wb, "owner")
    row = service.open_verification(wb, mei, world.account_a2, invited_at=clock.now())
    owner = as_persona("owner")
    page = f"/verifications/{row.id}"
    refused = _slot_form(owner.client, page, typed)
    assert refused.status_code == 422 and reason in refused.text
    assert service.get_verification(wb, mei, row.id).state == "invited"
    if meant is not None:
        assert _slot_form(owner.client, page, meant).status_code == 303
        booked = service.get_verification(wb, mei, row.id)
        assert booked.slot_at == datetime.fromisoformat(meant.replace(" ", "T"))
