"""Amazon's words the workbench has no label for, in an account health report written as real
ones are (a marketplace's status outside the schema's enum, a metric whose status is the
schema's NONE, a word of Seller Central's own): the account's page and the CLI say them as
words, in English and zh-CN, never as Amazon's codes, and say nothing for NONE."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from reinstate.errors import InvalidInput
from reinstate.metrics import service
from reinstate.settings import Settings
from reinstate.workbench import Workbench

from .conftest import World
from .test_cli import Cli, cli, cli_env
from .test_metrics import SPAPI
from .test_metrics_account import _org_and_account

__all__ = ["cli", "cli_env"]  # the fixtures, used by name

RANGE = {"reportingDateFrom": "2026-10-01T00:00Z", "reportingDateTo": "2026-10-30T23:59Z"}
REPORT = {
    "accountStatuses": [{"marketplaceId": "ATVPDKIKX0DER", "status": "PENDING_REVIEW"}],
    "performanceMetrics": [
        {
            "marketplaceId": "ATVPDKIKX0DER",
            "validTrackingRate": {
                "reportingDateRange": RANGE,
                "shipmentCount": 0,
                "validTrackingCount": 0,
                "status": "NONE",
                "targetValue": 0.95,
                "targetCondition": "GREATER_THAN",
            },
            "lateShipmentRate": {
                "reportingDateRange": RANGE,
                "orderCount": "80",
                "lateShipmentCount": "1",
                "rate": "0.0125",
                "status": "EXCELLENT",
                "targetValue": "0.04",
                "targetCondition": "LESS_THAN",
            },
        }
    ],
}


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_the_page_says_amazons_unlabelled_words_as_words(
    wb: Workbench, world: World, as_persona: Any, language: str
) -> None:
    owner = world.actor(wb, "owner")
    service.import_health_report(wb, owner, world.account_a2, json.dumps(REPORT).encode())
    user = as_persona("owner")
    user.client.headers["Accept-Language"] = language
    page = user.client.get(f"/accounts/{world.account_a2}/metrics")
    assert page.status_code == 200
    assert "Pending review" in page.text and "Excellent" in page.text
    for code in ("PENDING_REVIEW", "NONE", "EXCELLENT"):
        assert code not in page.text


def test_the_cli_says_amazons_word_and_nothing_for_none(
    cli: Cli, cli_env: Settings, tmp_path: Path
) -> None:
    org, account = _org_and_account(cli)
    report = tmp_path / "health.json"
    report.write_text(json.dumps(REPORT), encoding="utf-8")
    args = ["--org", str(org), "--profile", "sp-api", "--source", str(report)]
    code, out, err = cli("metrics", "import", *args, "--account", str(account))
    assert code == 0, err
    assert "account status Pending review." in out
    lines = out.splitlines()
    late = next(line for line in lines if line.strip().startswith("Late shipment rate"))
    assert late.endswith("Amazon: Excellent")  # Amazon's word, not "no data"
    tracking = next(line for line in lines if line.strip().startswith("Valid tracking rate"))
    assert tracking.endswith("No data") and "Amazon" not in tracking  # NONE: nothing said
    code, out, err = cli("--lang", "zh-CN", "metrics", "import", *args, "--account", str(account))
    assert code == 0, err
    assert "Amazon: Excellent" in out and "PENDING_REVIEW" not in out and "NONE" not in out


@pytest.mark.parametrize("score", [5000, -5])
def test_a_rating_off_amazons_scale_is_shown_as_no_score(
    wb: Workbench, world: World, as_persona: Any, score: int
) -> None:
    rating = {"ahrScore": score, "ahrStatus": "GREAT", "reportingDateRange": RANGE}
    entry = {**REPORT["performanceMetrics"][0], "accountHealthRating": rating}  # type: ignore[index]
    report = {**REPORT, "performanceMetrics": [entry]}
    owner = world.actor(wb, "owner")
    service.import_health_report(wb, owner, world.account_a2, json.dumps(report).encode())
    shown = service.account_metrics(wb, owner, world.account_a2)["reported"]["metrics"]
    kept = next(m for m in shown if m["metric"] == "account_health_rating")
    assert kept["rate"] is None and kept["status"] == "good"  # Amazon's GREAT still counts
    page = as_persona("owner").client.get(f"/accounts/{world.account_a2}/metrics")
    assert page.status_code == 200 and f"{score} / 1000" not in page.text


@pytest.mark.parametrize(
    ("language", "authenticity", "warning"),
    [("en", "Product authenticity customer complaints: 212", "Spamming seller messaging"),
     ("zh-CN", "商品真实性买家投诉: 212", "亚马逊的警告")],
)  # fmt: skip
def test_the_page_lists_the_reports_policy_defects_and_warnings_in_words(
    wb: Workbench, world: World, as_persona: Any, language: str, authenticity: str, warning: str
) -> None:
    """Amazon's example: 212 authenticity complaints, 75 IP complaints, a warning for
    messaging; none of it was shown anywhere but in the import's JSON."""
    owner = world.actor(wb, "owner")
    service.import_health_report(wb, owner, world.account_a2, SPAPI.read_bytes())
    user = as_persona("teammate")
    user.client.headers["Accept-Language"] = language
    page = user.client.get(f"/accounts/{world.account_a2}/metrics")
    assert page.status_code == 200
    assert authenticity in page.text and warning in page.text
    for code in ("productAuthenticityCustomerComplaints", "spammingSellerMessaging"):
        assert code not in page.text


def test_the_cli_says_the_reports_policy_defects(
    cli: Cli, cli_env: Settings, tmp_path: Path
) -> None:
    org, account = _org_and_account(cli)
    args = ["--org", org, "--profile", "sp-api", "--source", str(SPAPI), "--account", account]
    code, out, err = cli("metrics", "import", *args, "--marketplace", "US")
    assert code == 0, err
    assert "Received intellectual property complaints: 75" in out
    assert "Amazon's warnings: Spamming seller messaging" in out
    assert "receivedIntellectualPropertyComplaints" not in out


def _dated(last: date) -> bytes:
    """REPORT with its ranges ending on ``last`` (30 days of them)."""
    document = json.loads(json.dumps(REPORT))
    entry = document["performanceMetrics"][0]
    span = {
        "reportingDateFrom": f"{last - timedelta(days=29)}T00:00Z",
        "reportingDateTo": f"{last}T23:59Z",
    }
    for section in ("validTrackingRate", "lateShipmentRate"):
        entry[section]["reportingDateRange"] = span
    return json.dumps(document).encode()


def test_a_report_dated_years_ahead_is_refused_and_keeps_nothing(
    wb: Workbench, world: World
) -> None:
    """A mistyped year (2062 for 2026) would have made it the account's latest report for
    decades: every real report after it 'older', never shown nor alerted."""
    owner = world.actor(wb, "owner")
    today = wb.clock.now().date()
    with pytest.raises(InvalidInput) as refused:
        service.import_health_report(wb, owner, world.account_a2, _dated(today.replace(year=2062)))
    assert "a day still to come" in str(refused.value)
    assert service.account_metrics(wb, owner, world.account_a2)["reported"] is None
    # Amazon's UTC day may be a day ahead of ours; and a real report is then kept as the latest
    service.import_health_report(wb, owner, world.account_a2, _dated(today + timedelta(days=1)))
    kept = service.account_metrics(wb, owner, world.account_a2)["reported"]
    assert kept is not None and kept["day"] == (today + timedelta(days=1)).isoformat()


def _one_marketplace(market: str) -> bytes:
    document = json.loads(json.dumps(REPORT))
    document["accountStatuses"][0]["marketplaceId"] = market
    document["performanceMetrics"][0]["marketplaceId"] = market
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("written", "report", "kept"),
    [("英国站", "A1F83G8C2ARO7P", True), ("德国", "A1PA6795UKMFR9", True),
     ("EU", "A1PA6795UKMFR9", True), ("英国站", "ATVPDKIKX0DER", False)],
)  # fmt: skip
def test_a_stores_marketplace_as_sellers_write_it_chooses_in_the_report(
    cli: Cli, cli_env: Settings, tmp_path: Path, written: str, report: str, kept: bool
) -> None:
    """A store marked 英国站 (or the Pan-European 'EU') was refused its own one-marketplace
    report: 'The report has no marketplace 英国站'. A store named after one of Amazon's sites
    still refuses another site's report."""
    org = str(cli.json("org", "create", "Blue Ocean")["id"])
    account = cli.json(
        "account", "create", "--org", org, "--platform", "amazon", "--store-name", "Blue",
        "--marketplace", written,
    )  # fmt: skip
    path = tmp_path / "health.json"
    path.write_bytes(_one_marketplace(report))
    args = ["--org", org, "--profile", "sp-api", "--source", str(path)]
    code, out, err = cli("metrics", "import", *args, "--account", str(account["id"]))
    if kept:
        assert code == 0 and out.startswith("Kept the report"), err
    else:
        assert code == 1 and "has no marketplace 英国站" in err and "(US)" in err
