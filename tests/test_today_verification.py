"""Today keeps a video verification that still needs a slot: slots are chosen 48–72 hours ahead
of whenever the seller clicks the invitation (seed 004), so an invitation whose first window
has passed still asks for a booking, as does a failure once its new entrance is near; an
entrance the no-shows closed asks for nothing."""

from __future__ import annotations

from datetime import timedelta

from reinstate.accounts.service import create_account
from reinstate.auth.actor import Actor
from reinstate.i18n import gettext_for
from reinstate.today.service import today
from reinstate.today.views import Today
from reinstate.verification.service import apply_event, open_verification
from reinstate.workbench import Workbench

from .conftest import NOW, World


def _video(shown: Today, language: str = "en") -> list[tuple[str, str]]:
    words = gettext_for(language)
    return [
        (i.kind, i.text(words, language))
        for s in shown.sections
        for i in s.items
        if i.kind.startswith("verification_") and i.kind != "verification_risk"
    ]


def test_an_invitation_whose_first_window_has_passed_still_asks_for_a_booking(
    wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    open_verification(wb, owner, world.account_a2, invited_at=NOW - timedelta(days=4))
    assert _video(today(wb, owner)) == [
        ("verification_unbooked", "Video verification of Blue Ocean US: no slot is booked yet; "
         "book one now"),
    ]  # fmt: skip
    assert _video(today(wb, owner), "zh_CN")[0][1].startswith("Blue Ocean US 的视频验证")
    assert _video(today(wb, world.actor(wb, "client"))) == []  # not the client's store


def test_a_failure_asks_for_a_new_booking_once_its_entrance_is_near_and_no_shows_close_it(
    wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    invited = NOW - timedelta(days=10)
    row = open_verification(wb, owner, world.account_a2, invited_at=invited)
    slot = invited + timedelta(hours=50)
    apply_event(wb, owner, row.id, "booked", slot=slot, at=invited + timedelta(hours=1))
    apply_event(wb, owner, row.id, "failed", at=NOW - timedelta(hours=1))
    # the new entrance opens 72 h after the failure: within Today's 72 hours, so it is there
    assert _video(today(wb, owner)) == [
        ("verification_unbooked", "Video verification of Blue Ocean US: booking opens again; "
         "no slot is booked yet"),
    ]  # fmt: skip
    other = create_account(
        wb, Actor.command_line(world.org_a), {"platform": "amazon", "store_name": "Blue Ocean UK"}
    )
    booked_at = NOW - timedelta(days=5)
    second = open_verification(wb, owner, other.id, invited_at=booked_at)
    for hours in (60, 50):  # two no-shows, the second a few hours ago, close the entrance
        slot = booked_at + timedelta(hours=hours)
        apply_event(wb, owner, second.id, "booked", slot=slot, at=booked_at)
        apply_event(wb, owner, second.id, "no_show", at=slot + timedelta(hours=1))
        booked_at = slot + timedelta(hours=2)
    kinds = [kind for kind, _ in _video(today(wb, owner))]
    assert kinds == ["verification_unbooked"]  # the failed one only: nothing left to book
