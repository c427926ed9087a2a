"""A deadline typed with a wrong year (9999-12-31, 2062 for 2026, 1900-01-01) is refused in one
sentence on the command line, the API and the page, and nothing is stored: an Amazon deadline
in year 9999 overflowed the calendar (a traceback), another year was taken as it was. A case
opened with its deadline already passed says so on the command line."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.cases.service import list_cases, open_case
from reinstate.cli import main
from reinstate.workbench import Workbench

from .conftest import World, bearer


def _cli(monkeypatch: pytest.MonkeyPatch, database_url: str, language: str = "en") -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.mark.parametrize(
    ("language", "day", "words"),
    [
        ("en", "9999-12-31", "The deadline 9999-12-31 is more than a year from today ("),
        ("zh_CN", "2062-11-24", "截止日期 2062-11-24 距今天（"),
        ("en", "1900-01-01", "The deadline 1900-01-01 is more than a year from today"),
    ],
)
def test_the_cli_refuses_a_deadline_with_a_mistyped_year(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    wb: Workbench,
    world: World,
    language: str,
    day: str,
    words: str,
) -> None:
    _cli(monkeypatch, database_url, language)
    opened = ["case", "open", "--account", str(world.account_a2), "--platform", "amazon"]
    assert main([*opened, "--violation", "counterfeit", "--deadline", day]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(words) and len(err.strip().splitlines()) == 1
    assert list_cases(wb, world.actor(wb, "owner")) == []
    case = open_case(wb, world.actor(wb, "owner"), world.account_a2, ["counterfeit"]).id
    assert main(["case", "update", str(case), "--deadline", day]) == 1
    out, err = capsys.readouterr()
    assert err.startswith(words) and "Traceback" not in err


def test_the_api_and_the_page_refuse_it_too(
    client: TestClient, as_persona: Any, wb: Workbench, world: World
) -> None:
    body = {"account_id": world.account_a2, "violations": ["counterfeit"], "deadline": "9999-12-31"}
    answer = client.post("/api/v1/cases", json=body, headers=bearer(world, "teammate"))
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "deadline"
    case = open_case(wb, world.actor(wb, "owner"), world.account_a2, ["counterfeit"]).id
    patch = client.patch(
        f"/api/v1/cases/{case}", json={"deadline": "0001-01-01"}, headers=bearer(world, "owner")
    )
    assert patch.status_code == 422 and "check its year" in patch.json()["error"]["message"]
    agent = as_persona("teammate")
    form = {
        "account_id": str(world.account_a2),
        "violations": "counterfeit",
        "deadline": "9999-12-31",
        "csrf_token": agent.csrf("/cases/new"),
    }
    page = agent.client.post("/cases/new", data=form)
    assert page.status_code == 422 and "check its year" in page.text
    assert [c.id for c in list_cases(wb, world.actor(wb, "owner"))] == [case]


def test_a_case_opened_after_its_deadline_says_it_is_overdue(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    world: World,
) -> None:
    _cli(monkeypatch, database_url, "zh_CN")
    opened = ["case", "open", "--account", str(world.account_a), "--platform", "joom"]
    today = datetime.now(UTC).date()  # the command line runs on the real clock
    for days, overdue in ((-2, True), (2, False)):
        day = (today + timedelta(days=days)).isoformat()
        assert main([*opened, "--violation", "counterfeit", "--deadline", day]) == 0
        assert ("(已逾期)" in capsys.readouterr().out) is overdue


def test_the_api_refuses_a_time_without_its_zone_or_a_notice_date_out_of_reach(
    client: TestClient, wb: Workbench, world: World
) -> None:
    """A time with no offset named no moment: comparing it with the case's clocks was a 500."""
    headers = bearer(world, "teammate")
    case = open_case(wb, world.actor(wb, "owner"), world.account_a2, ["counterfeit"]).id
    for at in ("2026-11-17T10:00:00", "2026-11-17"):
        event = {"event": "submitted", "at": at, "confirm": True}
        answer = client.post(f"/api/v1/cases/{case}/events", json=event, headers=headers)
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["message"].endswith("has no time zone: add one, e.g. +08:00.")
    body: dict[str, Any] = {"account_id": world.account_a2, "violations": ["counterfeit"]}
    for when, words in (
        ("2026-11-10T09:30:00", "has no time zone"),
        ("0001-01-01T00:00:00+00:00", "is too long ago: check its year."),
        ("1999-12-31T23:00:00+00:00", "is too long ago: check its year."),
        ("2026-11-19T08:00:00+00:00", "Notice date cannot be in the future."),
    ):
        answer = client.post("/api/v1/cases", json={**body, "notice_date": when}, headers=headers)
        assert answer.status_code == 422 and words in answer.json()["error"]["message"]
    assert [c.id for c in list_cases(wb, world.actor(wb, "owner"))] == [case]
    fine = client.post(
        "/api/v1/cases", json={**body, "notice_date": "2026-11-10T09:30:00+08:00"}, headers=headers
    )
    due = datetime.fromisoformat(fine.json()["due_at"])  # the notice's date + Amazon's 17 days
    assert fine.status_code == 201 and due == datetime(2026, 11, 27, 1, 30, tzinfo=UTC)
