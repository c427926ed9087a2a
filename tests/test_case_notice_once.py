"""One notice, one open case: the command line and the API refuse a second case from a notice
whose case is still open, naming that case (the page's button takes the open case), and open a
new one once that case is over. Four people opening from one notice at once open one."""

from __future__ import annotations

import io
import sys

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from reinstate.cases.service import apply_event, open_case
from reinstate.cli import main
from reinstate.clock import FrozenClock
from reinstate.errors import Conflict
from reinstate.notices.service import store_notice
from reinstate.settings import Settings
from reinstate.storage.tables import Case
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_races import race

# Joom, in words of its own: a restricted store, counterfeit complaint, 10 days to answer.
NOTICE = b"""From: Joom Seller Support <support@joom.com>
To: owner@lantern-goods.example.com
Subject: Restricted Account - counterfeit complaint
Date: Mon, 09 Nov 2026 02:15:00 +0000
Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=joom.com;
 dkim=pass header.d=joom.com; dmarc=pass header.from=joom.com
Content-Type: text/plain; charset="utf-8"
MIME-Version: 1.0

Hello,

Your store Lantern Goods has been restricted after buyers reported product JOOM-77120 as
counterfeit. Send your documents through Seller Center within 10 days.

Joom Seller Support
"""


def _cases_of(wb: Workbench, notice_id: int) -> int:
    with wb.db.reading() as session:
        return int(session.scalar(select(func.count()).where(Case.notice_id == notice_id)) or 0)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            "Notice {n} already has an open case, #{c}: record what happens next on that case.",
        ),
        ("zh_CN", "通知 {n} 已有未结案件 #{c}：请在该案件上记录后续进展。"),
    ],
)
def test_the_cli_refuses_a_second_case_from_one_notice_naming_the_open_one(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    wb: Workbench,
    world: World,
    language: str,
    words: str,
) -> None:
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a, NOTICE, "joom-restricted.eml")
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    command = ["case", "open", "--account", str(world.account_a), "--platform", "joom"]
    command += ["--violation", "counterfeit", "--notice", str(notice.id), "--json"]
    assert main(command) == 0
    first = capsys.readouterr().out
    assert main(command) == 1
    out, err = capsys.readouterr()
    case_id = int(first.split('"id": ')[1].split(",")[0])
    assert out == "" and err.strip() == words.format(n=notice.id, c=case_id)
    assert _cases_of(wb, notice.id) == 1


def test_the_api_answers_409_and_opens_anew_once_the_case_is_over(
    client: TestClient, wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a, NOTICE, "joom-restricted.eml")
    body = {"account_id": world.account_a, "violations": ["counterfeit"], "notice_id": notice.id}
    first = client.post("/api/v1/cases", json=body, headers=bearer(world, "teammate"))
    assert first.status_code == 201
    again = client.post("/api/v1/cases", json=body, headers=bearer(world, "owner"))
    assert again.status_code == 409
    assert again.json()["error"]["message"] == (
        f"Notice {notice.id} already has an open case, #{first.json()['id']}: record what "
        "happens next on that case."
    )
    assert _cases_of(wb, notice.id) == 1
    apply_event(wb, owner, first.json()["id"], "withdrawn")
    anew = client.post("/api/v1/cases", json=body, headers=bearer(world, "owner"))
    assert anew.status_code == 201 and anew.json()["id"] != first.json()["id"]


def test_four_people_opening_from_one_notice_at_once_open_one_case(
    wb: Workbench, world: World, settings: Settings, clock: FrozenClock
) -> None:
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a, NOTICE, "joom-restricted.eml")
    results = race(
        settings,
        clock,
        4,
        lambda bench: open_case(
            bench,
            world.actor(bench, "teammate"),
            world.account_a,
            ["counterfeit"],
            notice_id=notice.id,
        ),
    )
    opened = [r for r in results if isinstance(r, Case)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert (len(opened), len(refused)) == (1, 3), results
    assert all(f"#{opened[0].id}" in str(r) for r in refused)
    assert _cases_of(wb, notice.id) == 1
