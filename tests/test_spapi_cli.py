"""``metrics import --profile sp-api``: the command says what it kept of Amazon's account
health report, each metric with its value, counts, window, target and status, and refuses a
report that is not one in one sentence, in English and Chinese."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from reinstate.metrics import service
from reinstate.metrics.spapi import read_report
from reinstate.settings import Settings
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_cli import Cli, _one_sentence, cli, cli_env
from .test_metrics_account import _org_and_account
from .test_spapi_report import _range, _report

__all__ = ["cli", "cli_env"]  # the fixtures, used by name


def test_the_import_says_each_metric_it_kept(cli: Cli, cli_env: Settings, tmp_path: Path) -> None:
    org, account = _org_and_account(cli)
    cancel = {
        "reportingDateRange": _range("2026-10-25T00:00Z", "2026-10-31T23:59Z"),
        "orderCount": 200,
        "cancellationCount": 6,
        "status": "BAD",
        "rate": 0.03,
        "targetValue": 0.025,
        "targetCondition": "LESS_THAN",
    }
    source = tmp_path / "report.json.gz"
    document = _report(prefulfillmentCancelRate=cancel)
    source.write_bytes(gzip.compress(json.dumps(document).encode("utf-8")))
    args = ("metrics", "import", "--org", org, "--profile", "sp-api")
    code, out, err = cli(*args, "--source", str(source), "--account", account)
    assert code == 0, err
    assert "Kept the report of 2026-10-31: 7 metrics, account status normal." in out
    assert (  # Amazon's BAD in words
        "Late shipment rate: 5.00% (20/400), 30 days, target < 4.00%, Target missed, "
        "Amazon: Target missed"
    ) in out
    assert (
        "Pre-fulfilment cancel rate: 3.00% (6/200), 7 days, target < 2.50%, Target missed"
    ) in out
    assert "Order defect rate (AFN): — (0/0), 60 days, target < 1.00%, No data" in out
    found = cli.json(*args, "--source", str(source), "--account", account)
    kept = {(m["metric"], m["fulfilment"]): m for m in found["reported"]}
    odr = kept[("odr", "mfn")]
    assert (odr["rate"], odr["window_days"], odr["target"], odr["status"]) == (
        0.006,
        60,
        0.01,
        "good",
    )


@pytest.mark.parametrize(
    ("content", "english", "chinese"),
    [
        (b"", "The report is empty.", "报告是空的。"),
        (b"\x1f\x8b\x08\x00broken", "cannot be decompressed", "无法解压"),
        (b'{"performanceMetrics": []}', "no performanceMetrics", "没有 performanceMetrics"),
        (b'[{"performanceMetrics": []}]', "not a JSON object", "不是 JSON 对象"),
    ],
)
def test_a_report_that_is_not_one_is_refused_in_one_sentence(
    cli: Cli,
    cli_env: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
    english: str,
    chinese: str,
) -> None:
    org, account = _org_and_account(cli)
    source = tmp_path / "report.json"
    source.write_bytes(content)
    args = ("metrics", "import", "--org", org, "--profile", "sp-api", "--source", str(source))
    code, out, err = cli(*args, "--account", account)
    assert code == 1 and out == "" and english in _one_sentence(err)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    code, out, err = cli(*args, "--account", account)
    assert code == 1 and out == "" and chinese in _one_sentence(err)


def test_the_api_takes_a_report_as_amazon_delivers_it_compressed(
    client: Any, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "report.json.gz"
    path.write_bytes(gzip.compress(json.dumps(_report()).encode("utf-8")))
    created = client.post(
        "/api/v1/metrics/imports",
        headers=bearer(world, "teammate"),
        data={"profile": "sp-api", "account": str(world.account_a2)},
        files={"file": (path.name, path.read_bytes(), "application/gzip")},
    )
    assert created.status_code == 201, created.text
    assert created.json()["day"] == "2026-10-31" and created.json()["metrics"] == 6
    refused = client.post(
        "/api/v1/metrics/imports",
        headers=bearer(world, "teammate"),
        data={"profile": "sp-api", "account": str(world.account_a2)},
        files={"file": ("report.pdf", b"%PDF-1.4", "application/pdf")},
    )
    assert refused.status_code == 422 and "as a .json or .json.gz" in refused.text


def test_the_history_shows_what_the_reports_gave_for_the_window_asked(
    cli: Cli, cli_env: Settings, tmp_path: Path
) -> None:
    org, account = _org_and_account(cli)
    source = tmp_path / "report.json"
    source.write_text(json.dumps(_report()), encoding="utf-8")
    cli.json("metrics", "import", "--org", org, "--profile", "sp-api", "--source", str(source),
             "--account", account)  # fmt: skip
    args = ("metrics", "history", account, "--org", org, "--metric", "late_shipment_rate")
    code, out, err = cli(*args)
    assert code == 0, err
    assert "As Amazon's account health report gave it:" in out
    assert "2026-10-31    5.0000%  30 days  Amazon: Target missed" in out
    assert "No history" not in out
    assert cli.json(*args, "--window", "10")["reported"] == []
    assert [r["rate"] for r in cli.json(*args, "--window", "30")["reported"]] == [0.05]


def test_the_accounts_page_shows_each_reported_metrics_window_and_target(
    wb: Workbench, as_persona: Any, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(_report()), encoding="utf-8")
    service.import_health_report(wb, world.actor(wb, "owner"), world.account_a2, read_report(path))
    page = as_persona("owner").client.get(f"/accounts/{world.account_a2}/metrics")
    assert page.status_code == 200
    row = page.text.split("Late shipment rate</td>", 1)[1].split("</tr>", 1)[0]
    assert "30 days" in row and "5.00%" in row and "&lt; 4.00%" in row


def test_the_accounts_page_says_amazons_words_in_the_readers_language(
    wb: Workbench, as_persona: Any, world: World, tmp_path: Path
) -> None:
    document = _report()
    document["accountStatuses"] = [{"marketplaceId": "ATVPDKIKX0DER", "status": "DEACTIVATED"}]
    path = tmp_path / "report.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    service.import_health_report(wb, world.actor(wb, "owner"), world.account_a2, read_report(path))
    for language, status, said, words in (
        ("en", "deactivated", "Target missed", ("Order defect rate</td><td>the seller (MFN)",)),
        ("zh_CN", "已停用", "未达标", ("卖家自配送（MFN）",)),
    ):
        owner = as_persona("owner")
        owner.client.cookies.set("reinstate_lang", language)
        page = owner.client.get(f"/accounts/{world.account_a2}/metrics").text
        reported = page.split('id="reported"', 1)[1].split("</section>", 1)[0]
        assert status in reported and said in reported
        assert all(word in reported for word in words)
        # Amazon's codes are not shown as they are
        codes = ("BAD", "GOOD", "WARNED", "mfn", "afn")
        assert not [c for c in codes if f"<td>{c}</td>" in reported]


def test_the_api_imports_the_marketplace_asked_of_a_report_of_several(
    client: Any, world: World, tmp_path: Path
) -> None:
    document = _report()
    us = document["performanceMetrics"][0]
    document["performanceMetrics"] = [us, {**us, "marketplaceId": "A1PA6795UKMFR9"}]
    body = json.dumps(document).encode("utf-8")

    def imported(**form: str) -> Any:
        return client.post(
            "/api/v1/metrics/imports",
            headers=bearer(world, "teammate"),
            data={"profile": "sp-api", "account": str(world.account_a2), **form},
            files={"file": ("report.json", body, "application/json")},
        )

    assert imported().json()["marketplace_id"] == "ATVPDKIKX0DER"  # the account's own
    assert imported(marketplace="DE").json()["marketplace_id"] == "A1PA6795UKMFR9"
    refused = imported(marketplace="FR")
    assert refused.status_code == 422 and "has no marketplace FR" in refused.text


def test_the_import_says_amazons_words_in_the_readers_language(
    cli: Cli, cli_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An account Amazon reports AT_RISK in a Chinese terminal: the status in Chinese words, not
    Amazon's code."""
    org, account = _org_and_account(cli)
    document = _report()
    for status in document["accountStatuses"]:
        status["status"] = "AT_RISK"
    source = tmp_path / "report.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    args = ("metrics", "import", "--org", org, "--profile", "sp-api")
    code, out, err = cli(*args, "--source", str(source), "--account", account)
    assert code == 0, err
    assert "账户状态 有风险。" in out
    assert "Amazon: 未达标" in out
    assert "AT_RISK" not in out and "BAD" not in out
