"""Bad input gets a 4xx and one sentence, never a 500 or a traceback: ids past the database's
range, durations past the calendar, broken characters, bad mappings, damaged Parquet, and a
database that is gone or not migrated (503)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from reinstate.cli import main
from reinstate.errors import InvalidInput
from reinstate.metrics.normalise import normalise
from reinstate.metrics.profiles import open_source, read_mapping
from reinstate.settings import Settings
from reinstate.web import create_app
from reinstate.workbench import Workbench

from .conftest import World, bearer

HUGE = ("2147483648", "9223372036854775808", "99999999999999999999999")


def _sentence(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status
    message: str = body["error"]["message"]
    assert message.endswith(".") and "Traceback" not in message
    return message


def test_it_answers_ids_past_the_database_range_with_404(
    client: TestClient, world: World, as_persona: Any
) -> None:
    token = bearer(world, "owner")
    for number in HUGE:
        for path in (
            f"/api/v1/accounts/{number}",
            f"/api/v1/cases/{number}",
            f"/api/v1/notices/{number}",
            f"/api/v1/cases/{number}/checklist",
            f"/api/v1/metrics/accounts/{number}",
        ):
            assert "nothing numbered" in _sentence(client.get(path, headers=token), 404)
        response = client.patch(f"/api/v1/accounts/{number}", json={}, headers=token)
        assert response.status_code == 404
    page = as_persona("owner").client.get(f"/cases/{HUGE[0]}")
    assert page.status_code == 404 and "nothing numbered" in page.text
    assert client.get("/api/v1/accounts/-5", headers=token).status_code == 404


def test_it_refuses_query_numbers_and_durations_past_the_calendar(
    client: TestClient, world: World
) -> None:
    token = bearer(world, "owner")
    for query in ("account_id=2147483648", "due_within_hours=99999999999"):
        assert "out of range" in _sentence(client.get(f"/api/v1/cases?{query}", headers=token), 422)
    message = _sentence(client.get("/api/v1/cases?due_within_hours=2000000", headers=token), 422)
    assert "due_within_hours" in message
    assert client.get("/api/v1/cases?due_within_hours=876600", headers=token).status_code == 200
    for notice in (2**40, 2**70):  # in a JSON body: no such notice, or too large a number
        body = {"account_id": world.account_a, "violations": ["counterfeit"], "notice_id": notice}
        response = client.post("/api/v1/cases", json=body, headers=token)
        assert _sentence(response, response.status_code) and response.status_code in (404, 422)


def test_it_refuses_lone_surrogates_in_account_fields(client: TestClient, world: World) -> None:
    token = {**bearer(world, "owner"), "Content-Type": "application/json"}
    for field in ("store_name", "company_name", "registered_address"):
        raw = '{"' + field + '": "Blue \\ud800 Ocean"}'
        response = client.patch(f"/api/v1/accounts/{world.account_a}", content=raw, headers=token)
        assert "lone surrogate" in _sentence(response, 422)
    raw = '{"platform": "joom", "store_name": "\\udfff"}'
    assert "lone surrogate" in _sentence(
        client.post("/api/v1/accounts", content=raw, headers=token), 422
    )


def test_it_refuses_a_mapping_with_an_unknown_time_format_or_zone(tmp_path: Path) -> None:
    for line, expected in (
        ('timestamp_format = "%Q%"', "%Q% is not a time format"),
        ('timezone = "localtime"', "localtime is not a time zone"),
        ('timezone = "Mars/Olympus"', "Mars/Olympus is not a time zone"),
    ):
        mapping = tmp_path / "m.toml"
        mapping.write_text(f'{line}\n[columns]\nid = "order_id"\n', encoding="utf-8")
        with pytest.raises(InvalidInput, match=expected.replace("%", "%")):
            read_mapping(mapping)
    good = tmp_path / "good.toml"
    good.write_text(
        'timestamp_format = "%Y/%m/%d %H:%M"\ntimezone = "Asia/Shanghai"\n'
        '[columns]\nid = "order_id"\n'
    )
    assert read_mapping(good).timezone == "Asia/Shanghai"


def _orders_parquet(path: Path, groups: int = 6) -> Path:
    rows = 4000
    table = pa.table(
        {
            "order_id": [f"o{i}" for i in range(rows * groups)],
            "account_id": ["shop-1"] * (rows * groups),
            "purchase_ts": ["2026-11-10T10:00:00Z"] * (rows * groups),
        }
    )
    pq.write_table(table, path, row_group_size=rows, compression="snappy")
    return path


def test_it_reports_a_damaged_parquet_file_as_a_bad_file(tmp_path: Path) -> None:
    whole = _orders_parquet(tmp_path / "orders.parquet")
    assert normalise(open_source("canonical", whole), tmp_path / "ok.parquet").orders == 24_000
    data = bytearray(whole.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4000] = b"\xff" * 4000  # pages ruined, footer intact
    damaged = tmp_path / "damaged.parquet"
    damaged.write_bytes(bytes(data))
    with pytest.raises(InvalidInput, match="damaged.parquet is a damaged Parquet file"):
        normalise(open_source("canonical", damaged), tmp_path / "out.parquet")
    assert not (tmp_path / "out.parquet").exists()


def test_the_cli_refuses_a_duration_past_the_calendar(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(tmp_path))
    assert main(["case", "list", "--due-within", "99999999999h"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "“99999999999h” is too long a duration: at most 36600 days."
    assert main(["case", "list", "--due-within", "72h", "--json"]) == 0


def _app_on(url: str, tmp_path: Path) -> TestClient:
    settings = Settings(
        env="test",
        data_dir=tmp_path / "data",
        database_url=url,
        secret_key="test-secret-" + "k" * 40,
        language="en",
    )
    return TestClient(create_app(settings), follow_redirects=False)


def test_a_database_that_is_gone_answers_503_with_one_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    for url in (
        f"sqlite:///{folder}/reinstate.db",
        "postgresql+psycopg://postgres@127.0.0.1:9/reinstate?connect_timeout=2",
    ):
        with _app_on(url, tmp_path) as client:
            shutil.rmtree(folder, ignore_errors=True)  # the folder the SQLite file was in
            health = client.get("/api/v1/health")
            assert health.status_code == 503 and health.json()["database"] == "unreachable"
            headers = {"Authorization": "Bearer rst_anything"}
            message = _sentence(client.get("/api/v1/accounts", headers=headers), 503)
            assert message == "The database cannot be reached right now; try again in a moment."
            page = client.get("/signin")
            assert page.status_code in (200, 503)
            page = client.post("/signin", data={"email": "a@b.c", "password": "x"})
            assert page.status_code in (403, 503) and "Traceback" not in page.text


def test_health_reports_a_database_that_is_not_migrated(tmp_path: Path) -> None:
    with _app_on(f"sqlite:///{tmp_path}/new.db", tmp_path) as client:
        health = client.get("/api/v1/health")
        assert health.status_code == 503
        assert health.json()["database"] == "not_migrated" and health.json()["ok"] is False
        assert "reinstate db upgrade" in health.json()["message"]
        headers = {"Authorization": "Bearer rst_anything"}
        message = _sentence(client.get("/api/v1/accounts", headers=headers), 503)
        assert "not set up yet" in message


def test_health_is_ok_on_a_migrated_database(client: TestClient) -> None:
    health = client.get("/api/v1/health")
    assert health.status_code == 200 and json.loads(health.text)["database"] == "ok"


def test_health_reports_an_older_or_unmarked_database_on_either_backend(
    client: TestClient, wb: Workbench
) -> None:
    for change in (
        "UPDATE alembic_version SET version_num = 'an_older_revision'",
        "DROP TABLE alembic_version",
    ):
        with wb.db.engine.begin() as connection:
            connection.execute(text(change))
        health = client.get("/api/v1/health")
        assert health.status_code == 503 and health.json()["database"] == "not_migrated", change


@pytest.mark.parametrize("number", ["²", "٣", "9" * 30, "9" * 5000])
def test_a_page_given_a_number_it_cannot_use_answers_without_a_500(
    as_persona: Any, world: World, number: str
) -> None:
    """``str.isdigit`` takes "²" and thousands of digits, which ``int`` refuses: every page
    reading a number from a form or an address treats such a value as none given."""
    owner = as_persona("owner")
    for path in (
        f"/cases?account={number}",
        f"/cases?page={number}",
        f"/search?q=%23{number}",
        f"/notices?page={number}",
    ):
        response = owner.client.get(path)
        assert response.status_code in (200, 422), path  # a query too long: refused
    case = {"account_id": number, "violations": "counterfeit"}
    refused = owner.post("/cases/new", case, "/cases/new")
    assert refused.status_code == 422 and "Choose a seller account." in refused.text
    notice = owner.post("/notices/new", {"account_id": number, "text": "hello"}, "/notices/new")
    assert notice.status_code == 422


def test_a_json_body_nested_past_reading_is_refused_with_a_sentence(
    client: TestClient, world: World
) -> None:
    """JSON nested 100,000 deep (a generator gone wrong, or on purpose) cannot be parsed: one
    sentence that says the body was not read, in the caller's language, not 'Request refused.'"""
    body = "[" * 100_000 + "]" * 100_000
    for language, words in (("en", "The request body could not be read"), ("zh-CN", "无法读取")):
        headers = {
            **bearer(world, "owner"),
            "Content-Type": "application/json",
            "Accept-Language": language,
        }
        answer = client.post("/api/v1/cases", content=body, headers=headers)
        assert answer.status_code == 400
        error = answer.json()["error"]
        assert error["code"] == "bad_request" and error["message"].startswith(words)
