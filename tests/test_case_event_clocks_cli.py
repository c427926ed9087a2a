"""``reinstate case event`` says the clocks the event started: after a submission, by when the
platform said it would answer (Joom: 10 working days, seed 000); after a rejection, from when it
takes the next submission (48 h) — in English and in Chinese."""

from __future__ import annotations

import io
import sys

import pytest

from reinstate.cases.service import get_case, open_case
from reinstate.cli import main
from reinstate.timezones import shown
from reinstate.workbench import Workbench

from .conftest import World


@pytest.mark.parametrize(
    ("language", "review", "next_from"),
    [
        ("en", "Review due by {}", "Next submission from {}"),
        ("zh_CN", "审核应在 {} 前完成", "下次可提交时间：{}"),
    ],
)
def test_submitted_and_rejected_say_the_platform_s_clocks(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    wb: Workbench,
    world: World,
    language: str,
    review: str,
    next_from: str,
) -> None:
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["case", "event", str(case), "submitted", "--confirm"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    due = get_case(wb, owner, case).review_due
    assert due is not None and lines[1] == review.format(shown(due, "UTC"))
    assert main(["case", "event", str(case), "rejected"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    wait = get_case(wb, owner, case).resubmit_not_before
    assert wait is not None and lines[1:] == [next_from.format(shown(wait, "UTC"))]
