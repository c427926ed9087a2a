"""Case rules on a frozen clock: boundaries, attempts, working days across holidays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reinstate.cases.rules import (
    EVENTS,
    TERMINAL,
    CaseState,
    apply,
    is_last_attempt,
    working_days_after,
)
from reinstate.errors import Conflict
from reinstate.policies.loader import load_policies
from reinstate.policies.schema import Pack

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def pack(code: str) -> Pack:
    return load_policies()[code]


def test_it_refuses_a_resubmission_before_48_hours_and_accepts_it_at_exactly_48() -> None:
    joom = pack("joom")
    rejected = apply(
        apply(CaseState(), "submitted", T0, joom), "rejected", T0 + timedelta(days=1), joom
    )
    boundary = T0 + timedelta(days=1, hours=48)
    with pytest.raises(Conflict, match=r"only from 2026-11-05T08:00\+00:00"):
        apply(rejected, "submitted", boundary - timedelta(seconds=1), joom)
    forced = apply(rejected, "submitted", boundary - timedelta(seconds=1), joom, force=True)
    assert forced.attempts_used == 2
    assert apply(rejected, "submitted", boundary, joom).state == "submitted"


def test_it_closes_joom_after_the_third_rejection_and_announces_the_last_attempt() -> None:
    joom = pack("joom")
    case, at = CaseState(), T0
    for attempt in range(1, 4):
        assert is_last_attempt(case, joom) == (attempt == 3)
        case = apply(case, "submitted", at, joom)
        at += timedelta(days=3)
        case = apply(case, "rejected", at, joom)
        at += timedelta(days=3)
    assert (case.state, case.attempts_used) == ("closed_lost", 3)
    with pytest.raises(Conflict, match="only the platform reinstating the account"):
        apply(case, "submitted", at, joom, force=True)


def test_it_closes_amazon_after_two_unsuccessful_appeals() -> None:
    amazon = pack("amazon")
    case = apply(CaseState(), "submitted", T0, amazon)
    case = apply(case, "rejected", T0 + timedelta(days=1), amazon)
    case = apply(case, "submitted", T0 + timedelta(days=2), amazon)
    assert apply(case, "rejected", T0 + timedelta(days=3), amazon).state == "closed_lost"


def test_it_uses_no_attempt_to_answer_a_request_for_information() -> None:
    joom = pack("joom")
    case = apply(CaseState(), "submitted", T0, joom)
    case = apply(case, "info_requested", T0 + timedelta(days=2), joom)
    case = apply(case, "preparing", T0 + timedelta(days=2), joom)
    case = apply(case, "submitted", T0 + timedelta(days=3), joom)
    assert case.attempts_used == 1


def test_it_counts_review_days_on_the_chinese_calendar_across_national_day() -> None:
    # Submitted Wednesday 30 September 2026, 10:00 in Beijing. 1-7 October are holidays and
    # Saturday 10 October is a make-up working day, so the working days are 8, 9, 10, 12, 13,
    # 14, 15, 16, 19 and 20 October: the review is due on 20 October.
    submitted = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)
    case = apply(CaseState(), "submitted", submitted, pack("joom"))
    assert case.review_due == datetime(2026, 10, 20, 2, 0, tzinfo=UTC)


def test_it_counts_amazon_working_days_in_its_own_time_zone_across_thanksgiving() -> None:
    amazon = pack("amazon")
    # 25 November 2026, 23:30 in Seattle is already 26 November in UTC.
    start = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
    assert working_days_after(start, 2, amazon) == datetime(2026, 12, 1, 7, 30, tzinfo=UTC)


def test_it_refuses_moves_the_table_does_not_allow() -> None:
    joom = pack("joom")
    with pytest.raises(Conflict, match="This case is open: “Reinstated” cannot be recorded now"):
        apply(CaseState(), "reinstated", T0, joom)
    withdrawn = apply(CaseState(state="preparing"), "withdrawn", T0, joom)
    with pytest.raises(Conflict, match="accepts no more events"):
        apply(withdrawn, "preparing", T0, joom)


@given(
    st.sampled_from(["joom", "amazon", "shopee"]),
    st.lists(st.tuples(st.sampled_from(EVENTS), st.booleans()), max_size=40),
)
def test_no_sequence_exceeds_the_attempts_or_leaves_a_terminal_state(
    code: str, events: list[tuple[str, bool]]
) -> None:
    rules = pack(code)
    case, at = CaseState(), T0
    for event, force in events:
        at += timedelta(hours=13)
        before = case
        try:
            case = apply(case, event, at, rules, force=force)
        except Conflict:
            assert case == before
            continue
        # a closed case takes only the platform's own reinstatement, with no attempt back
        assert before.state not in TERMINAL or (before.state, event) == (
            "closed_lost",
            "reinstated",
        )
        assert case.attempts_used >= before.attempts_used
        limit = rules.appeal.max_attempts
        assert limit is None or case.attempts_used <= limit
