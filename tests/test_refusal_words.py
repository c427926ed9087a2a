"""A refused move names the state and the event in the reader's words, never their codes: a
Chinese seller was told 状态为booked的视频验证不能记为passed (found by an exploratory tester)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reinstate.cases.rules import CaseState
from reinstate.cases.rules import apply as apply_case
from reinstate.errors import Conflict
from reinstate.i18n import gettext_for
from reinstate.policies.loader import load_policies
from reinstate.verification.rules import apply as apply_verification
from reinstate.verification.rules import opened

AT = datetime(2026, 11, 18, 8, tzinfo=UTC)
PACKS = load_policies()


def _refusal(move: object) -> Conflict:
    assert callable(move)
    with pytest.raises(Conflict) as refused:
        move()
    return refused.value


def test_a_refused_verification_event_says_state_and_event_in_chinese_and_english() -> None:
    video = PACKS["amazon"].verification.video
    assert video is not None
    booked = apply_verification(
        opened(AT, video), "booked", AT, video, slot=AT + timedelta(hours=50)
    )
    refusal = _refusal(lambda: apply_verification(booked, "passed", AT, video))
    chinese = refusal.render(gettext_for("zh_CN"))
    assert chinese == "该视频验证当前为“已预约”，现在不能记录“已通过”。"
    assert "booked" not in chinese and "passed" not in chinese
    english = refusal.render(gettext_for("en"))
    assert english == "This verification is booked: “Passed” cannot be recorded now."


def test_a_refused_case_event_says_state_and_event_in_chinese() -> None:
    joom = PACKS["joom"]
    refusal = _refusal(lambda: apply_case(CaseState(), "reinstated", AT, joom))
    chinese = refusal.render(gettext_for("zh_CN"))
    assert chinese == "该案件当前为“新建”，现在不能记录“已恢复”。"
    withdrawn = apply_case(CaseState(state="preparing"), "withdrawn", AT, joom)
    closed = _refusal(lambda: apply_case(withdrawn, "preparing", AT, joom))
    assert "withdrawn" not in closed.render(gettext_for("zh_CN"))
    assert str(closed) == "This case is withdrawn: it accepts no more events."
