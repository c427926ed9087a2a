"""The change log as sellers export it: a spreadsheet's own header spellings (``Occurred At``,
``Kind``), semicolons or tabs, kinds written ``Bank Change``; a bad kind named as a kind of
change (not an "organisation type") in both languages; a time whose UTC falls before year 1
refused in one sentence, not a server error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reinstate.errors import InvalidInput
from reinstate.i18n import gettext_for
from reinstate.verification import monitor
from reinstate.workbench import Workbench

from .conftest import World, bearer


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_a_spreadsheets_change_log_is_read(
    wb: Workbench, world: World, tmp_path: Path, separator: str
) -> None:
    path = tmp_path / "changes.csv"
    rows = [
        ["Occurred At", "Kind", "Detail"],
        ["2026-11-01T10:00:00+08:00", "Bank Change", "招商银行 → 工商银行"],
        ["2026-11-10T10:00:00+08:00", "payment-change", "Payoneer"],
    ]
    path.write_text(
        "\ufeff" + "\r\n".join(separator.join(r) for r in rows) + "\r\n", encoding="utf-8"
    )
    mei = world.actor(wb, "owner")
    assert monitor.import_changes(wb, mei, world.account_a2, path.read_text("utf-8")) == 2
    _, changes, found = monitor.change_log(wb, mei, world.account_a2)
    assert sorted(c.kind for c in changes) == ["bank_change", "payment_change"]
    assert [t.code for t in found] == ["bank_changes"]


def test_an_unknown_kind_is_named_a_kind_of_change(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "changes.csv"
    path.write_text("occurred_at,kind\n2026-11-01T10:00:00+08:00,haircut\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        monitor.import_changes(wb, world.actor(wb, "owner"), world.account_a2, path.read_text())
    assert refused.value.render(gettext_for("en")).startswith(
        "Line 2: the kind of change “haircut” is not known"
    )
    shown = refused.value.render(gettext_for("zh_CN"))
    assert shown.startswith("第 2 行：变更类型“haircut”无法识别") and "组织" not in shown


def test_a_time_before_the_first_day_is_refused_in_one_sentence(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    headers = {**bearer(world, "owner"), "Accept-Language": "en"}
    url = f"/api/v1/accounts/{world.account_a2}/changes"
    early = "0001-01-01T00:00:00+05:00"
    answer = client.post(url, headers=headers, json={"kind": "bank_change", "occurred_at": early})
    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == f"“{early}” is too far in the past or the future."
    path = tmp_path / "early.csv"
    path.write_text(f"occurred_at,kind\n{early},bank_change\n", encoding="utf-8")
    imported = client.post(
        f"{url}/import", headers=headers, json={"content": path.read_text(encoding="utf-8")}
    )
    assert imported.status_code == 422 and imported.json()["error"]["message"].startswith("Line 2")
    assert client.get(url, headers=headers).json()["items"] == []


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-16", "\t"), ("gb18030", ","), ("utf-8-sig", ",")],  # Excel's Unicode text, GBK CSV
)
def test_the_command_reads_a_change_log_as_excel_saves_it(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    world: World,
    tmp_path: Path,
    encoding: str,
    separator: str,
) -> None:
    from datetime import UTC, datetime, timedelta

    from reinstate.cli import main

    now = datetime.now(UTC)  # the command runs on the real clock
    rows = [["occurred_at", "kind", "detail"]]
    rows += [
        [(now - timedelta(days=d)).isoformat(), "bank_change", "招商银行 → 工商银行"]
        for d in (9, 2)
    ]
    path = tmp_path / "changes.csv"
    path.write_bytes("\r\n".join(separator.join(r) for r in rows).encode(encoding))
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    args = ["verify", "changes", str(world.account_a2), "--import", str(path), "--json"]
    assert main(args) == 0, capsys.readouterr().err
    shown = json.loads(capsys.readouterr().out)
    assert [i["detail"] for i in shown["items"]] == ["招商银行 → 工商银行"] * 2
    assert [t["code"] for t in shown["triggers"]] == ["bank_changes"]


def test_a_verification_time_before_the_first_day_is_refused_in_one_sentence(
    client: TestClient, world: World
) -> None:
    headers = {**bearer(world, "owner"), "Accept-Language": "en"}
    early = "0001-01-01T00:00:00+14:00"
    opened = client.post(
        "/api/v1/verifications",
        headers=headers,
        json={"account_id": world.account_a2, "invited_at": early},
    )
    assert opened.status_code == 422
    assert opened.json()["error"]["message"] == f"“{early}” is too far in the past or the future."
    row = client.post(
        "/api/v1/verifications",
        headers=headers,
        json={"account_id": world.account_a2, "invited_at": "2026-11-18T07:00:00+00:00"},
    ).json()
    for body in ({"event": "booked", "slot": early}, {"event": "no_show", "at": early}):
        refused = client.post(
            f"/api/v1/verifications/{row['id']}/events", headers=headers, json=body
        )
        assert refused.status_code == 422
        assert "too far in the past or the future" in refused.json()["error"]["message"]
