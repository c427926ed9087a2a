"""The prevention checklist after a reinstatement says the seed's warning with its date: the
same problem coming back within the platform's days (30 on Amazon) limits further appeals, so
the checks matter most until then; a platform with no such rule (Joom) says nothing of it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pypdf import PdfReader

from reinstate.cases.service import apply_event, open_case
from reinstate.clock import FrozenClock
from reinstate.provider.prevention import prevention_content, prevention_pdf
from reinstate.workbench import Workbench

from .conftest import World


def _reinstated(wb: Workbench, world: World, clock: FrozenClock, account: int, code: str) -> int:
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, account, [code]).id
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))  # recorded a week on
    apply_event(wb, owner, case, "submitted", at=datetime(2026, 11, 19, 2, 0, tzinfo=UTC))
    apply_event(wb, owner, case, "reinstated", at=datetime(2026, 11, 23, 6, 30, tzinfo=UTC))
    return case


def _text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_checklist_gives_the_day_a_recurrence_stops_limiting_appeals(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    case = _reinstated(wb, world, clock, world.account_a2, "related_accounts")
    content = prevention_content(wb, world.actor(wb, "owner"), case)
    assert content.recurrence_days == 30
    assert content.watch_until == datetime(2026, 12, 23, 6, 30, tzinfo=UTC)
    text = _text(prevention_pdf(content))
    assert "同类问题在恢复后 30 天内（2026-12-23 06:30 UTC 前）复发，将限制再次申诉" in text
    assert "within 30 days of the reinstatement (before 2026-12-23 06:30 UTC)" in text


def test_a_platform_without_the_rule_says_nothing_of_it(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    case = _reinstated(wb, world, clock, world.account_a, "counterfeit")
    content = prevention_content(wb, world.actor(wb, "owner"), case)
    assert (content.recurrence_days, content.watch_until) == (None, None)
    assert "30 天内" not in _text(prevention_pdf(content))


def test_a_reinstatement_recorded_late_counts_from_when_the_platform_reinstated(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    """Reinstated on 23 November (typed in on the 25th): a case of the same problem opened on
    23 December at 06:30 is still within the 30 days, one opened a second later is not; the
    days run from the platform's moment, not the typing."""
    from datetime import timedelta

    from reinstate.cases.page import case_page

    owner = world.actor(wb, "owner")
    first = _reinstated(wb, world, clock, world.account_a2, "related_accounts")
    clock.set(datetime(2026, 12, 23, 6, 30, tzinfo=UTC))
    within = open_case(wb, owner, world.account_a2, ["related_accounts"]).id
    found = case_page(wb, owner, within).recurrence
    assert found is not None and found.case_id == first
    assert found.reinstated_at == datetime(2026, 11, 23, 6, 30, tzinfo=UTC)
    clock.set(datetime(2026, 12, 23, 6, 30, tzinfo=UTC) + timedelta(seconds=1))
    later = open_case(wb, owner, world.account_a2, ["related_accounts"]).id
    assert case_page(wb, owner, later).recurrence is None
