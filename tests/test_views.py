"""Typed read models: every API answer is documented, the case page is read at one moment in one
session, identity numbers leave masked, and the API and the CLI print the same model."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy.orm import Session

from reinstate.accounts.service import get_account
from reinstate.accounts.views import AccountSummary
from reinstate.cases import service
from reinstate.cases.page import case_page
from reinstate.cli import main
from reinstate.settings import Settings
from reinstate.workbench import Workbench

from .conftest import VALID_ID, World, bearer


class TickingClock:
    """A clock that moves on by ``step`` every time it is read, and counts the reads."""

    def __init__(self, start: datetime, step: timedelta) -> None:
        self.at, self.step, self.reads = start, step, 0

    def now(self) -> datetime:
        moment = self.at
        self.at += self.step
        self.reads += 1
        return moment


def _routes(routes: Iterable[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)  # FastAPI's included routers
        if included is not None:
            yield from _routes(included.routes)


def _api_routes(app: Any) -> list[APIRoute]:
    return [r for r in _routes(app.routes) if r.path.startswith("/api/v1")]


def test_it_declares_a_response_model_on_every_api_route(app: Any) -> None:
    routes = _api_routes(app)
    assert len(routes) >= 34
    # A model, not ``dict[str, Any]`` read from the handler's return annotation, which FastAPI
    # would take as the response model and document as "any object". 204 has no body.
    bare = [
        f"{sorted(r.methods)} {r.path}"
        for r in routes
        if r.status_code != 204
        and not (isinstance(r.response_model, type) and issubclass(r.response_model, BaseModel))
    ]
    assert bare == []


def test_it_documents_a_2xx_schema_for_every_api_operation(client: TestClient, app: Any) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    undocumented = []
    for route in _api_routes(app):
        for method in route.methods:
            responses = paths[route.path][method.lower()]["responses"]
            success = {code: r for code, r in responses.items() if code.startswith("2")}
            if route.status_code == 204:
                assert list(success) == ["204"]
                continue
            schemas = [r.get("content", {}).get("application/json", {}) for r in success.values()]
            named = [s["schema"]["$ref"] for s in schemas if "$ref" in s.get("schema", {})]
            if not named:  # no schema, or one that says only "an object"
                undocumented.append(f"{method} {route.path}")
                continue
            component = spec["components"]["schemas"][named[0].rsplit("/", 1)[-1]]
            assert component["properties"], named[0]
    assert undocumented == []


def test_it_reads_the_case_page_at_one_moment_in_one_session(
    wb: Workbench, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = world.actor(wb, "owner")
    case = service.open_case(
        wb, owner, world.account_a, ["counterfeit"], deadline=date(2026, 12, 1)
    )
    assert case.due_at is not None
    # Half an hour before the deadline; a second reading of this clock would be after it.
    clock = TickingClock(case.due_at - timedelta(minutes=30), timedelta(hours=1))
    ticking = Workbench(settings=wb.settings, db=wb.db, clock=clock)
    sessions: list[str] = []
    reading = wb.db.reading

    def counted() -> AbstractContextManager[Session]:
        sessions.append("reading")
        return reading()

    monkeypatch.setattr(wb.db, "reading", counted)
    page = case_page(ticking, owner, case.id)
    assert clock.reads == 1 and len(sessions) == 1
    assert page.now == case.due_at - timedelta(minutes=30)
    assert page.case.overdue is False and page.urgency == "urgent"
    assert page.account is not None and page.account.store_name == "Blue Ocean Home"
    assert [i.material for i in page.checklist]  # the platform's materials for counterfeit
    assert page.timeline[0].name == "case.opened"
    assert page.allowed and "submitted" in page.allowed


def test_it_masks_the_id_number_in_every_model_and_answer(
    client: TestClient, wb: Workbench, world: World
) -> None:
    stored = get_account(wb, world.actor(wb, "owner"), world.account_a)
    assert stored.legal_rep_id_number == VALID_ID  # kept in full for the evidence checks
    shown = AccountSummary.model_validate(stored)  # even built straight from the row
    assert shown.legal_rep_id_number == "110***********002X"
    # validated again (as FastAPI does with a returned model) it stays as it was
    assert AccountSummary.model_validate(shown.document()) == shown
    headers = bearer(world, "owner")
    for path in ("/api/v1/accounts", f"/api/v1/accounts/{world.account_a}"):
        answer = client.get(path, headers=headers)
        assert answer.status_code == 200 and VALID_ID not in answer.text
        assert "110***********002X" in answer.text


@pytest.fixture
def cli_on_world(database_url: str, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")


def _cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code = main([*args, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_it_prints_the_same_case_on_the_api_and_the_command_line(
    client: TestClient,
    world: World,
    cli_on_world: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    headers = bearer(world, "owner")
    body = {"account_id": world.account_a, "violations": ["counterfeit"], "deadline": "2027-03-01"}
    opened = client.post("/api/v1/cases", json=body, headers=headers)
    assert opened.status_code == 201, opened.text
    from_api = client.get(f"/api/v1/cases/{opened.json()['id']}", headers=headers).json()
    listed = _cli_json(capsys, "case", "list", "--org", str(world.org_a))
    assert listed == [from_api]
    assert from_api["due_at"] == "2027-03-01T15:59:59+00:00"  # ISO with an offset, to the second
    assert main(["case", "list", "--org", str(world.org_a)]) == 0  # and words for a reader
    line = f"#{from_api['id']:<5} 2027-03-01 15:59 UTC  Joom · open"
    assert line in capsys.readouterr().out.splitlines()
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    assert main(["case", "list", "--org", str(world.org_a)]) == 0
    assert line.replace("open", "新建") in capsys.readouterr().out.splitlines()
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    accounts = _cli_json(capsys, "account", "list", "--org", str(world.org_a))
    from_api_accounts = client.get("/api/v1/accounts", headers=headers).json()["items"]
    assert accounts == from_api_accounts
    assert all(VALID_ID not in json.dumps(a) for a in accounts)


def test_it_drops_nothing_of_the_metrics_answers_it_describes(
    client: TestClient, wb: Workbench, world: World, tmp_path: Path
) -> None:
    from reinstate.metrics import service as metrics

    from .test_metrics import demo_orders

    orders = demo_orders(tmp_path / "orders.csv", f"store-{world.account_a2}")
    headers = bearer(world, "owner")
    created = client.post(
        "/api/v1/metrics/imports",
        headers=headers,
        data={"profile": "canonical"},
        files={"file": ("orders.csv", orders.read_bytes(), "text/csv")},
    )
    assert created.status_code == 201, created.text
    assert {"import_id", "as_of", "rows", "orders", "reasons", "columns"} <= set(created.json())
    owner, account = world.actor(wb, "owner"), world.account_a2
    base = f"/api/v1/metrics/accounts/{account}"
    for path, found in (
        ("/api/v1/metrics", metrics.overview(wb, owner)),
        (base, metrics.account_metrics(wb, owner, account)),
        (f"{base}/history?metric=odr", metrics.history(wb, owner, account, "odr")),
        (
            f"{base}/breakdown?metric=odr&by=week",
            metrics.breakdown(wb, owner, account, "odr", "week"),
        ),
    ):
        answer = client.get(path, headers=headers)
        assert answer.status_code == 200, answer.text
        assert answer.json() == json.loads(json.dumps(found)), path
