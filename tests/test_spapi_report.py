"""Amazon's account health report (GET_V2_SELLER_PERFORMANCE_REPORT) as the schema allows it
and as Amazon delivers it: numbers as strings, rates over no orders, the rating's status under
either key, ranges of Pacific days written in UTC, gzip-compressed and empty documents."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from reinstate.errors import InvalidInput
from reinstate.metrics import service
from reinstate.metrics.spapi import parse_report, read_report
from reinstate.workbench import Workbench

from .conftest import World


def _range(start: str, end: str) -> dict[str, str]:
    return {"reportingDateFrom": start, "reportingDateTo": end}


def _odr(orders: Any, defects: Any, rate: Any, channel: str) -> dict[str, Any]:
    return {
        "reportingDateRange": _range("2026-09-02T00:00Z", "2026-10-31T23:59Z"),
        "orderCount": orders,
        "orderWithDefects": {"count": defects, "status": "NONE"},
        "claims": {"count": 0, "status": "NONE"},
        "chargebacks": {"count": 0, "status": "NONE"},
        "negativeFeedback": {"count": 0, "status": "NONE"},
        "fulfillmentType": channel,
        "status": "NONE",
        "rate": rate,
        "targetValue": 0.01,
        "targetCondition": "LESS_THAN",
    }


def _report(**section: Any) -> dict[str, Any]:
    metrics = {
        "marketplaceId": "ATVPDKIKX0DER",
        "orderDefectRate": {"mfn": _odr(500, 3, 0.006, "mfn"), "afn": _odr(0, 0, 0, "afn")},
        "lateShipmentRate": {
            "reportingDateRange": _range("2026-10-02T00:00Z", "2026-10-31T23:59Z"),
            "orderCount": 400,
            "lateShipmentCount": 20,
            "status": "BAD",
            "rate": 0.05,
            "targetValue": 0.04,
            "targetCondition": "LESS_THAN",
        },
        "accountHealthRating": {
            "ahrStatus": "GREAT",
            "reportingDateRange": _range("2026-05-04T00:00Z", "2026-10-31T23:59Z"),
        },
    }
    metrics.update(section)
    return {
        "accountStatuses": [{"marketplaceId": "ATVPDKIKX0DER", "status": "NORMAL"}],
        "performanceMetrics": [metrics],
    }


def _written(tmp_path: Path, document: dict[str, Any], name: str = "report.json") -> bytes:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return read_report(path)


def _by_metric(data: bytes) -> dict[tuple[str, str], Any]:
    return {(s.metric, s.fulfilment): s for s in parse_report(data).snapshots}


def test_a_rate_over_no_orders_is_no_rate_not_zero(tmp_path: Path) -> None:
    # a seller without FBA orders: Amazon writes orderCount 0 and rate 0
    afn = _by_metric(_written(tmp_path, _report()))[("odr", "afn")]
    assert (afn.numerator, afn.denominator, afn.rate) == (0, 0, None)


def test_numbers_written_as_strings_are_read(tmp_path: Path) -> None:
    late = {
        "reportingDateRange": _range("2026-10-02T00:00Z", "2026-10-31T23:59Z"),
        "orderCount": "400",
        "lateShipmentCount": "20",
        "status": "BAD",
        "rate": "0.05",
        "targetValue": "0.04",
        "targetCondition": "LESS_THAN",
    }
    rating = {
        "ahrStatus": "GREAT",
        "ahrScore": "230",
        "reportingDateRange": _range("2026-05-04T00:00Z", "2026-10-31T23:59Z"),
    }
    found = _by_metric(
        _written(tmp_path, _report(lateShipmentRate=late, accountHealthRating=rating))
    )
    shipped = found[("late_shipment_rate", "")]
    assert (shipped.numerator, shipped.denominator, shipped.rate) == (20, 400, 0.05)
    assert shipped.platform_target == 0.04
    assert found[("account_health_rating", "")].rate == 230.0


def test_a_rate_left_out_is_taken_from_its_counts(tmp_path: Path) -> None:
    tracking = {
        "reportingDateRange": _range("2026-10-02T00:00Z", "2026-10-31T23:59Z"),
        "shipmentCount": 300,
        "validTrackingCount": 285,
        "status": "GOOD",
    }
    found = _by_metric(_written(tmp_path, _report(validTrackingRate=tracking)))
    assert found[("valid_tracking_rate", "")].rate == 0.95


def test_the_ratings_status_is_read_under_the_schemas_other_key(tmp_path: Path) -> None:
    rating = {
        "accountHealthRatingStatus": "WARNED",
        "reportingDateRange": _range("2026-05-04T00:00Z", "2026-10-31T23:59Z"),
    }
    found = _by_metric(_written(tmp_path, _report(accountHealthRating=rating)))
    assert found[("account_health_rating", "")].platform_status == "WARNED"


def test_a_window_is_its_span_in_days_whatever_hour_the_days_start(tmp_path: Path) -> None:
    cancel = {
        # seven Pacific days written in UTC
        "reportingDateRange": _range("2026-10-25T07:00Z", "2026-11-01T06:59Z"),
        "orderCount": 100,
        "cancellationCount": 2,
        "status": "GOOD",
        "rate": 0.02,
        "targetValue": 0.025,
        "targetCondition": "LESS_THAN",
    }
    late = {**_report()["performanceMetrics"][0]["lateShipmentRate"]}
    late["reportingDateRange"] = _range("2026-10-22", "2026-10-31")  # days alone: ten of them
    found = _by_metric(
        _written(tmp_path, _report(preFulfillmentCancellationRate=cancel, lateShipmentRate=late))
    )
    assert found[("pre_fulfilment_cancel_rate", "")].window_days == 7
    assert found[("late_shipment_rate", "")].window_days == 10
    assert found[("late_shipment_rate", "")].reported_to.isoformat() == "2026-10-31"
    assert found[("odr", "mfn")].window_days == 60


def test_a_gzip_compressed_report_is_read_and_a_broken_one_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.json.gz"
    path.write_bytes(gzip.compress(json.dumps(_report()).encode("utf-8")))
    report = parse_report(read_report(path))
    assert report.marketplace_id == "ATVPDKIKX0DER" and len(report.snapshots) == 6
    path.write_bytes(gzip.compress(b"{}")[:12])
    with pytest.raises(InvalidInput, match="gzip-compressed but cannot be decompressed"):
        parse_report(read_report(path))


def test_an_empty_report_is_refused_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_bytes(b"\xef\xbb\xbf\n")
    with pytest.raises(InvalidInput, match="The report is empty"):
        parse_report(read_report(path))


def test_a_metric_over_no_orders_is_shown_as_no_data(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    service.import_health_report(wb, owner, world.account_a2, _written(tmp_path, _report()))
    reported = service.account_metrics(wb, owner, world.account_a2)["reported"]
    by_metric = {(m["metric"], m["fulfilment"]): m for m in reported["metrics"]}
    assert by_metric[("odr", "afn")]["rate"] is None
    assert by_metric[("odr", "afn")]["status"] == "no_data"
    assert by_metric[("odr", "mfn")]["status"] == "good"


@pytest.mark.parametrize(
    ("said", "alerts"), [("POOR", 1), ("At risk", 1), ("Fair", 1), ("NONE", 0)]
)
def test_amazons_word_on_a_metric_without_a_rate_is_heard(
    wb: Workbench, world: World, tmp_path: Path, said: str, alerts: int
) -> None:
    # the report leaves the counts and rate of the late shipment rate out, and says how it is
    late = {
        "reportingDateRange": _range("2026-10-02T00:00Z", "2026-10-31T23:59Z"),
        "status": said,
        "targetValue": 0.04,
        "targetCondition": "LESS_THAN",
    }
    owner = world.actor(wb, "owner")
    data = _written(tmp_path, _report(lateShipmentRate=late))
    assert service.import_health_report(wb, owner, world.account_a2, data)["alerts"] == alerts


def test_a_rate_written_in_percent_is_read_as_a_fraction(tmp_path: Path) -> None:
    late = {
        "reportingDateRange": _range("2026-10-02T00:00Z", "2026-10-31T23:59Z"),
        "orderCount": 400,
        "lateShipmentCount": 20,
        "status": "BAD",
        "rate": 5.0,
        "targetValue": 4,
        "targetCondition": "LESS_THAN",
    }
    tracking = {
        "reportingDateRange": _range("2026-10-02T00:00Z", "2026-10-31T23:59Z"),
        "shipmentCount": 300,
        "validTrackingCount": 300,
        "status": "GOOD",
        "rate": 1.0,  # 100%, already a fraction
        "targetValue": 0.95,
        "targetCondition": "GREATER_THAN",
    }
    found = _by_metric(
        _written(tmp_path, _report(lateShipmentRate=late, validTrackingRate=tracking))
    )
    shipped = found[("late_shipment_rate", "")]
    assert (shipped.rate, shipped.platform_target) == (0.05, 0.04)
    assert found[("valid_tracking_rate", "")].rate == 1.0


def test_the_united_kingdom_is_found_by_either_of_its_codes(tmp_path: Path) -> None:
    document = _report()
    us = document["performanceMetrics"][0]
    document["performanceMetrics"] = [us, {**us, "marketplaceId": "A1F83G8C2ARO7P"}]
    data = _written(tmp_path, document)
    assert parse_report(data, "GB").marketplace_id == "A1F83G8C2ARO7P"
    assert parse_report(data, "uk").marketplace_id == "A1F83G8C2ARO7P"
    with pytest.raises(InvalidInput, match="Choose the marketplace"):
        parse_report(data)


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        ("[" * 100_000 + "]" * 100_000, "The report is not JSON"),
        ('{"performanceMetrics": [1, "two", null]}', "it has no performanceMetrics"),
        (
            '{"performanceMetrics": [{"marketplaceId": "ATVPDKIKX0DER", "x": 1}]}',
            "no metrics for the marketplace ATVPDKIKX0DER",
        ),
    ],
)
def test_a_report_that_is_not_one_is_refused_in_one_sentence(
    tmp_path: Path, content: str, sentence: str
) -> None:
    path = tmp_path / "report.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput, match=sentence):
        parse_report(read_report(path))


def test_numbers_past_what_a_count_or_rate_can_be_are_no_numbers(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    late = {**_report()["performanceMetrics"][0]["lateShipmentRate"]}
    late.update(orderCount=10**400, lateShipmentCount=2**40, rate=-0.5, status="S" * 200)
    path = tmp_path / "report.json"
    path.write_text(json.dumps(_report(lateShipmentRate=late)), encoding="utf-8")
    shipped = _by_metric(read_report(path))[("late_shipment_rate", "")]
    assert (shipped.numerator, shipped.denominator, shipped.rate) == (None, None, None)
    owner = world.actor(wb, "owner")  # and the database takes what is kept
    service.import_health_report(wb, owner, world.account_a2, read_report(path))
    reported = service.account_metrics(wb, owner, world.account_a2)["reported"]
    kept = {m["metric"]: m for m in reported["metrics"]}["late_shipment_rate"]
    assert kept["status"] == "no_data" and kept["platform_status"] == "S" * 30


def test_only_a_warning_state_amazon_holds_against_the_account_is_a_warning(
    tmp_path: Path,
) -> None:
    states = [
        {"warningType": "spammingSellerMessaging", "status": "BAD"},
        {"warningType": "policyViolationWarning", "status": "GOOD"},
        {"warningType": "listingWarning", "status": "NONE"},
    ]
    report = parse_report(_written(tmp_path, _report(warningStates=states)))
    assert report.warnings == ["spammingSellerMessaging"]


def test_a_marketplace_the_report_lacks_is_named(tmp_path: Path) -> None:
    data = _written(tmp_path, _report())
    with pytest.raises(InvalidInput, match=r"has no marketplace DE: it has ATVPDKIKX0DER \(US\)"):
        parse_report(data, "DE")


def test_the_order_defect_rate_is_read_whatever_the_case_of_its_channels_or_written_flat(
    tmp_path: Path,
) -> None:
    upper = {"MFN": _odr(500, 3, 0.006, "mfn"), "AFN": _odr(200, 1, 0.005, "afn")}
    found = _by_metric(_written(tmp_path, _report(orderDefectRate=upper)))
    assert (found[("odr", "mfn")].rate, found[("odr", "afn")].rate) == (0.006, 0.005)
    flat = _by_metric(_written(tmp_path, _report(orderDefectRate=_odr(200, 1, 0.005, "AFN"))))
    assert [key for key in flat if key[0] == "odr"] == [("odr", "afn")]
    assert flat[("odr", "afn")].numerator == 1 and flat[("odr", "afn")].window_days == 60


def test_a_rating_without_a_score_takes_amazons_word_for_its_status(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    rating = {
        "ahrStatus": "WARNED",
        "reportingDateRange": _range("2026-05-04T00:00Z", "2026-10-31T23:59Z"),
    }
    owner = world.actor(wb, "owner")
    data = _written(tmp_path, _report(accountHealthRating=rating))
    service.import_health_report(wb, owner, world.account_a2, data)
    reported = service.account_metrics(wb, owner, world.account_a2)["reported"]
    kept = {m["metric"]: m for m in reported["metrics"]}["account_health_rating"]
    assert (kept["rate"], kept["band"], kept["status"]) == (None, None, "at_risk")


def test_a_comma_is_read_only_as_a_thousands_separator(tmp_path: Path) -> None:
    late = {**_report()["performanceMetrics"][0]["lateShipmentRate"]}
    late.update(orderCount="1,200", lateShipmentCount="30", rate="0,025")
    found = _by_metric(_written(tmp_path, _report(lateShipmentRate=late)))
    shipped = found[("late_shipment_rate", "")]
    # the rate is not guessed from "0,025" (it is not 25%): the counts give it
    assert (shipped.numerator, shipped.denominator, shipped.rate) == (30, 1200, 0.025)


def test_a_range_written_partly_as_days_and_partly_as_times_has_its_window(
    tmp_path: Path,
) -> None:
    late = {**_report()["performanceMetrics"][0]["lateShipmentRate"]}
    late["reportingDateRange"] = _range("2026-10-02", "2026-10-31T23:59Z")
    found = _by_metric(_written(tmp_path, _report(lateShipmentRate=late)))
    assert found[("late_shipment_rate", "")].window_days == 30


def test_a_count_written_straight_under_its_name_is_read(tmp_path: Path) -> None:
    mfn = _odr(500, 3, 0.006, "mfn")
    mfn.update(orderWithDefects=3, negativeFeedback="2")
    found = _by_metric(_written(tmp_path, _report(orderDefectRate={"mfn": mfn})))
    assert found[("odr", "mfn")].numerator == 3
    negative = found[("negative_feedback_rate", "mfn")]
    assert (negative.numerator, negative.denominator, negative.rate) == (2, 500, 0.004)


def test_a_rate_below_one_percent_written_in_percent_is_read_by_its_target(
    tmp_path: Path,
) -> None:
    # 0.5 beside a target of 1 is 0.5% against 1% (a target of 100% is no target), not 50%
    odr = {
        "reportingDateRange": _range("2026-09-02T00:00Z", "2026-10-31T23:59Z"),
        "orderCount": 1000,
        "lateShipmentCount": 5,
        "status": "GOOD",
        "rate": 0.5,
        "targetValue": 1,
        "targetCondition": "LESS_THAN",
    }
    found = _by_metric(_written(tmp_path, _report(lateShipmentRate=odr)))
    shipped = found[("late_shipment_rate", "")]
    assert (shipped.rate, shipped.platform_target) == (0.005, 0.01)
