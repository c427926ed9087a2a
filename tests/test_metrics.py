"""Performance metrics: SPEC §5 definitions on real and made-up order files, both engines,
imports into an organisation, the SP-API report, history and breakdowns."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient
from filelock import FileLock

from reinstate.cases.service import open_case
from reinstate.errors import Conflict, InvalidInput, NotFound
from reinstate.metrics import service
from reinstate.metrics.breakdowns import breakdown_sql
from reinstate.metrics.compute import Judged, compute_source, windows
from reinstate.metrics.engine import DuckDB, window_values
from reinstate.metrics.normalise import normalise
from reinstate.metrics.profiles import open_source, read_mapping
from reinstate.metrics.rootcause import root_cause_facts
from reinstate.metrics.spark import Spark
from reinstate.policies.loader import PLATFORMS_DIR, load_policies
from reinstate.workbench import Workbench

from .conftest import World, bearer

# shared/data beside the checkout (or beside the folder of worktrees the checkout is in)
DATA = next(
    (
        up / "shared" / "data"
        for up in Path(__file__).resolve().parents[2:4]
        if (up / "shared").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared" / "data",
)
OLIST = DATA / "olist" / "sample_bravida_8k_orders"
SPAPI = DATA / "sp-api" / "accountHealthReport-2020-11-18.example-from-schema.json"
PACKS = load_policies(PLATFORMS_DIR)
HEADER = [
    "order_id",
    "account_id",
    "platform",
    "purchase_ts",
    "ship_by_ts",
    "shipped_ts",
    "promised_delivery_ts",
    "delivered_ts",
    "status",
    "cancelled_by",
    "tracking_id",
    "tracking_valid",
    "carrier",
    "sku",
    "destination_country",
    "feedback_rating",
    "a_to_z_claim",
    "chargeback",
]


def write_orders(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({"account_id": "shop-1", "platform": "amazon", **row})
    return path


def computed(path: Path, as_of: date, **options: Any) -> dict[tuple[str, str, int], Judged]:
    _, rows = compute_source(PACKS, "canonical", path, as_of, engine=DuckDB(), **options)
    return {(r.account_id, r.metric, r.window_days): r for r in rows}


# -- definitions on made-up files -----------------------------------------------------------


def test_it_counts_a_window_as_the_n_whole_utc_days_ending_with_the_as_of_day(
    tmp_path: Path,
) -> None:
    # D = 2026-11-18; the 7-day cancel window holds 2026-11-12 00:00 … 2026-11-18 23:59:59
    rows = [
        {"order_id": "out-early", "purchase_ts": "2026-11-11T23:59:59Z", "status": "cancelled"},
        {"order_id": "in-first", "purchase_ts": "2026-11-12T00:00:00Z", "status": "cancelled"},
        {"order_id": "in-last", "purchase_ts": "2026-11-18T23:59:59Z"},
        {"order_id": "out-late", "purchase_ts": "2026-11-19T00:00:00Z", "status": "cancelled"},
    ]
    found = computed(write_orders(tmp_path / "o.csv", rows), date(2026, 11, 18))
    cancel = found[("shop-1", "pre_fulfilment_cancel_rate", 7)]
    assert (cancel.numerator, cancel.denominator, cancel.rate) == (1, 2, 0.5)
    assert cancel.status == "breach"


def test_it_says_no_data_for_an_empty_denominator_never_zero(tmp_path: Path) -> None:
    rows = [{"order_id": "1", "purchase_ts": "2026-11-18T10:00:00Z", "feedback_rating": "5"}]
    found = computed(write_orders(tmp_path / "o.csv", rows), date(2026, 11, 18))
    late = found[("shop-1", "late_shipment_rate", 10)]  # no ship-by time in the window
    assert (late.denominator, late.rate, late.status) == (0, None, "no_data")
    odr = found[("shop-1", "odr", 60)]
    assert (odr.numerator, odr.denominator, odr.rate, odr.status) == (0, 1, 0.0, "good")


def test_it_places_orders_by_their_utc_day_whatever_zone_they_were_written_in(
    tmp_path: Path,
) -> None:
    rows = [
        # 23:30 in New York on the 18th is 04:30 UTC on the 19th: after D
        {"order_id": "ny", "purchase_ts": "2026-11-18T23:30:00-05:00", "feedback_rating": "1"},
        # 07:30 in Shanghai on the 19th is 23:30 UTC on the 18th: inside D
        {"order_id": "sh", "purchase_ts": "2026-11-19T07:30:00+08:00", "feedback_rating": "5"},
    ]
    found = computed(write_orders(tmp_path / "o.csv", rows), date(2026, 11, 18))
    assert (found[("shop-1", "odr", 60)].numerator, found[("shop-1", "odr", 60)].denominator) == (
        0,
        1,
    )
    naive = [{"order_id": "n", "purchase_ts": "2026-11-19 07:30:00", "feedback_rating": "2"}]
    path = write_orders(tmp_path / "n.csv", naive)
    assert found_rate(computed(path, date(2026, 11, 18))) is None  # read as UTC: the 19th
    assert found_rate(computed(path, date(2026, 11, 18), timezone="Asia/Shanghai")) == 1.0


def found_rate(found: dict[tuple[str, str, int], Judged]) -> float | None:
    return found[("shop-1", "odr", 60)].rate


def test_it_counts_an_order_once_however_many_rows_repeat_it(tmp_path: Path) -> None:
    rows = [
        {"order_id": "A", "purchase_ts": "2026-11-10T10:00:00Z", "feedback_rating": "5"},
        {"order_id": "A", "purchase_ts": "2026-11-10T10:00:00Z", "feedback_rating": "1"},
        {"order_id": "A", "purchase_ts": "2026-11-10T10:00:00Z", "chargeback": "yes"},
        {"order_id": "B", "purchase_ts": "2026-11-10T11:00:00Z"},
    ]
    normalised, judged = compute_source(
        PACKS,
        "canonical",
        write_orders(tmp_path / "o.csv", rows),
        date(2026, 11, 18),
        engine=DuckDB(),
    )
    assert (normalised.rows, normalised.orders, normalised.merged_rows) == (4, 2, 2)
    odr = next(j for j in judged if j.metric == "odr")
    assert (odr.numerator, odr.denominator) == (1, 2)


def test_it_leaves_an_order_cancelled_after_it_shipped_out_of_the_late_shipment_rate(
    tmp_path: Path,
) -> None:
    rows = [
        {  # shipped late, then cancelled: not a pre-fulfilment cancel, and SPEC §5 counts late
            # shipments "among orders not cancelled", so not a late shipment either
            "order_id": "C",
            "purchase_ts": "2026-11-14T08:00:00Z",
            "ship_by_ts": "2026-11-15T08:00:00Z",
            "shipped_ts": "2026-11-16T08:00:00Z",
            "status": "cancelled",
            "cancelled_by": "seller",
        },
        {  # cancelled by the buyer before shipment: neither
            "order_id": "D",
            "purchase_ts": "2026-11-14T09:00:00Z",
            "ship_by_ts": "2026-11-15T09:00:00Z",
            "status": "cancelled",
            "cancelled_by": "buyer",
        },
        {  # never shipped and not cancelled: late
            "order_id": "E",
            "purchase_ts": "2026-11-14T10:00:00Z",
            "ship_by_ts": "2026-11-15T10:00:00Z",
        },
        {  # shipped on time
            "order_id": "F",
            "purchase_ts": "2026-11-14T11:00:00Z",
            "ship_by_ts": "2026-11-15T11:00:00Z",
            "shipped_ts": "2026-11-15T10:59:59Z",
            "tracking_id": "YT123",
            "tracking_valid": "true",
        },
    ]
    found = computed(write_orders(tmp_path / "o.csv", rows), date(2026, 11, 18))
    cancel = found[("shop-1", "pre_fulfilment_cancel_rate", 7)]
    assert (cancel.numerator, cancel.denominator) == (0, 4)
    late = found[("shop-1", "late_shipment_rate", 10)]
    assert (late.numerator, late.denominator) == (1, 2)  # E of E and F
    tracking = found[("shop-1", "valid_tracking_rate", 30)]
    assert (tracking.numerator, tracking.denominator) == (1, 2)  # C shipped without tracking


def test_it_reports_bad_rows_with_their_number_and_reason_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    rows = [{"order_id": str(i), "purchase_ts": "2026-11-10T10:00:00Z"} for i in range(30)]
    rows += [{"order_id": f"x{i}", "purchase_ts": "13/45/2026"} for i in range(25)]
    rows += [{"order_id": "r", "purchase_ts": "2026-11-10", "feedback_rating": "6"}]
    rows += [{"order_id": "", "purchase_ts": "2026-11-10"}]
    source = open_source("canonical", write_orders(tmp_path / "o.csv", rows))
    normalised = normalise(source, tmp_path / "out.parquet")
    report = normalised.report()
    # a rating of 6 is a cell not read (its order kept), not a row refused
    assert (report["rows"], report["orders"], report["bad_rows"]) == (57, 31, 26)
    assert report["unread_cells"] == 1
    assert report["cells"][0]["row"] == 57
    assert len(report["problems"]) == 20
    assert report["problems"][0] == {
        "row": 32,
        "column": "purchase_ts",
        "reason": "timestamp",
        "value": "13/45/2026",
        "message": "purchase_ts: “13/45/2026” is not a date and time.",
    }
    assert {(r["column"], r["reason"], r["rows"]) for r in report["reasons"]} == {
        ("purchase_ts", "timestamp", 25),
        ("order_id", "missing", 1),
    }
    assert report["cell_reasons"] == [{"column": "feedback_rating", "reason": "rating", "cells": 1}]


def test_it_refuses_a_file_that_does_not_match_its_profile(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("name,price\nmug,3\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="does not match the canonical profile: it has no"):
        open_source("canonical", other)
    with pytest.raises(InvalidInput, match="amazon-all-orders profile: it has no column amazon"):
        open_source("amazon-all-orders", other, account_id="x")
    with pytest.raises(InvalidInput, match="olist profile: it has no file"):
        open_source("olist", tmp_path)
    binary = tmp_path / "o.parquet"
    binary.write_bytes(b"not parquet at all")
    with pytest.raises(InvalidInput, match="not a Parquet file"):
        open_source("canonical", binary)
    with pytest.raises(InvalidInput, match="“ebay” is not known: choose one of canonical"):
        open_source("ebay", other)


def test_it_reads_amazons_all_orders_report_by_header_one_order_from_its_item_rows(
    tmp_path: Path,
) -> None:
    # a UK file: its columns are in another order and it has columns the US file lacks
    header = (
        "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\t"
        "fulfillment-channel\tsales-channel\tsku\tasin\titem-status\tquantity\tcurrency\t"
        "item-price\tship-country\tis-business-order\tprice-designation"
    )
    lines = [
        header,
        "026-1\t\t2026-11-17T10:00:00+00:00\t2026-11-17T12:00:00+00:00\tShipped\tMerchant\t"
        "Amazon.co.uk\tMUG-1\tB0MUG\tShipped\t1\tGBP\t9.99\tGB\tfalse\t",
        "026-1\t\t2026-11-17T10:00:00+00:00\t2026-11-17T12:00:00+00:00\tShipped\tMerchant\t"
        "Amazon.co.uk\tLID-2\tB0LID\tShipped\t2\tGBP\t4.99\tGB\tfalse\t",
        "026-2\t\t2026-11-18T09:00:00+00:00\t2026-11-18T09:30:00+00:00\tCancelled\tMerchant\t"
        "Amazon.co.uk\tMUG-1\tB0MUG\tCancelled\t1\tGBP\t9.99\tGB\tfalse\t",
    ]
    path = tmp_path / "all-orders.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    normalised, judged = compute_source(
        PACKS, "amazon-all-orders", path, date(2026, 11, 18), engine=DuckDB(), account_id="uk-1"
    )
    assert (normalised.rows, normalised.orders, normalised.merged_rows) == (3, 2, 1)
    found = {(j.metric, j.window_days): j for j in judged}
    cancel = found[("pre_fulfilment_cancel_rate", 7)]
    assert (cancel.numerator, cancel.denominator, cancel.status) == (1, 2, "breach")
    # the report has no feedback, claims or chargebacks: ODR is no_data, not 0%
    assert found[("odr", 60)].status == "no_data"
    assert "feedback_rating" in found[("odr", 60)].row()["note"]
    skus = duckdb.sql(
        f"SELECT skus FROM read_parquet('{tmp_path}/*.parquet')"
        if list(tmp_path.glob("*.parquet"))
        else "SELECT NULL"
    )
    assert skus is not None


def temu_export(tmp_path: Path) -> tuple[Path, Path]:
    """A Temu store's own export (GB18030, Chinese headers, local times; one bad row) and the
    mapping file that reads it."""
    export = tmp_path / "店铺订单.csv"
    export.write_text(
        "订单号,店铺,下单时间,发货时间,最晚发货,订单状态,买家评分,首次回复分钟\n"
        "T1,temu-9,2026/11/17 09:00,2026/11/17 20:00,2026/11/18 09:00,已发货,1,35\n"
        "T2,temu-9,2026/11/18 09:00,,2026/11/18 12:00,已取消,,1500\n"
        "T3,temu-9,昨天,,,已发货,,\n",
        encoding="gb18030",
    )
    mapping_file = tmp_path / "temu.toml"
    mapping_file.write_text(
        'encoding = "gb18030"\ntimezone = "Asia/Shanghai"\ntimestamp_format = "%Y/%m/%d %H:%M"\n'
        '[columns]\n"订单号" = "order_id"\n"店铺" = "account_id"\n"下单时间" = "purchase_ts"\n'
        '"发货时间" = "shipped_ts"\n"最晚发货" = "ship_by_ts"\n"订单状态" = "status"\n'
        '"买家评分" = "feedback_rating"\n"首次回复分钟" = "first_response_minutes"\n'
        '[values.status]\n"已取消" = "cancelled"\n'
        '[constants]\nplatform = "temu"\n',
        encoding="utf-8",
    )
    return export, mapping_file


def test_it_reads_any_export_through_a_mapping_file(tmp_path: Path) -> None:
    export, mapping_file = temu_export(tmp_path)
    mapping = read_mapping(mapping_file)
    normalised, judged = compute_source(
        PACKS, "mapping", export, date(2026, 11, 18), engine=DuckDB(), mapping=mapping
    )
    assert (normalised.orders, normalised.bad_rows) == (2, 1)
    assert normalised.problems[0]["row"] == 4 and normalised.problems[0]["value"] == "昨天"
    found = {(j.metric, j.window_days): j for j in judged}
    # a Temu shop is judged on Temu's metrics, never on Amazon's (issue 16): no ODR row
    assert set(found) == {("first_response_rate", 30)}
    first = found[("first_response_rate", 30)]
    assert (first.numerator, first.denominator, first.status) == (1, 2, "breach")
    assert first.target and first.target.platform == "temu"


def test_it_imports_an_export_with_its_mapping_through_the_page_and_the_api(
    as_persona: Any, client: TestClient, wb: Workbench, world: World, tmp_path: Path
) -> None:
    export, mapping_file = temu_export(tmp_path)
    owner = as_persona("owner")
    token = owner.csrf("/metrics")
    orders = ("订单.csv", export.read_bytes(), "text/csv")

    def posted(**files: tuple[str, bytes, str]) -> Any:
        return owner.client.post(
            "/metrics/import",
            data={"csrf_token": token, "profile": "mapping"},
            files={"file": orders, **files},
        )

    for files, sentence in (
        ({}, "Choose the mapping file (.toml) of this export."),
        ({"mapping": ("temu.txt", b"", "text/plain")}, "Upload the mapping as a .toml file."),
        ({"mapping": ("temu.toml", b"[columns\n", "application/toml")}, "temu.toml is not valid"),
        ({"mapping": ("temu.toml", b"x" * (2 << 20), "application/toml")}, "larger than 1 MB"),
    ):
        refused = posted(**files)
        assert refused.status_code == 422 and sentence in refused.text, sentence
    assert service.latest_import(wb, world.actor(wb, "owner")) is None

    mapping = ("temu.toml", mapping_file.read_bytes(), "application/toml")
    assert posted(mapping=mapping).status_code == 303
    assert "2 orders from 3 rows; 1 rows not read." in owner.client.get("/metrics").text
    api = client.post(
        "/api/v1/metrics/imports",
        headers=bearer(world, "teammate"),
        data={"profile": "mapping"},
        files={"file": orders, "mapping": mapping},
    )
    assert api.status_code == 201, api.text
    assert (api.json()["orders"], api.json()["bad_rows"]) == (2, 1)


def test_it_refuses_a_broken_mapping_file_with_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text('[columns]\n"a" = "order_number"\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="order_number is not a canonical column"):
        read_mapping(path)
    path.write_text("[columns\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not valid TOML"):
        read_mapping(path)
    path.write_text('timezone = "Mars/Olympus"\n[columns]\n"a" = "order_id"\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="Mars/Olympus is not a time zone"):
        read_mapping(path)


# -- Olist, against an independent computation ----------------------------------------------

INDEPENDENT = """
-- written apart from reinstate's SQL: per as-of day and window directly from the raw CSVs
SET TimeZone = 'America/Sao_Paulo';
CREATE TEMP TABLE pairs AS
SELECT o.order_id, i.seller_id,
       timezone('UTC', CAST(o.order_purchase_timestamp AS TIMESTAMPTZ)) AS bought,
       timezone('UTC', CAST(min(i.shipping_limit_date) AS TIMESTAMPTZ)) AS ship_by,
       timezone('UTC', CAST(o.order_delivered_carrier_date AS TIMESTAMPTZ)) AS shipped,
       o.order_status IN ('canceled', 'unavailable') AS cancelled,
       (SELECT min(CAST(r.review_score AS INTEGER)) FROM read_csv('{reviews}') r
         WHERE r.order_id = o.order_id) AS stars
FROM read_csv('{orders}', all_varchar = true) o
JOIN read_csv('{items}', all_varchar = true) i ON i.order_id = o.order_id
GROUP BY ALL;
"""


# SPEC §5: "among orders not cancelled, those with shipped_ts null or later than ship_by_ts"
LATE = "count_if(NOT cancelled AND (shipped IS NULL OR shipped > ship_by))"


def independent(as_of: date) -> dict[tuple[str, str, int], tuple[int, int]]:
    connection = duckdb.connect()
    connection.execute(
        INDEPENDENT.format(
            orders=OLIST / "olist_orders_dataset.csv",
            items=OLIST / "olist_order_items_dataset.csv",
            reviews=OLIST / "olist_order_reviews_dataset.csv",
        )
    )
    end = f"TIMESTAMP '{as_of.isoformat()} 00:00:00' + INTERVAL 1 DAY"
    queries = {
        ("odr", 60): ("bought", "count_if(stars <= 2)", "count(*)"),
        ("negative_feedback_rate", 60): ("bought", "count_if(stars <= 2)", "count(*)"),
        ("pre_fulfilment_cancel_rate", 7): (
            "bought",
            "count_if(cancelled AND shipped IS NULL)",
            "count(*)",
        ),
        ("late_shipment_rate", 10): (
            "ship_by",
            LATE,
            "count_if(NOT cancelled)",
        ),
        ("late_shipment_rate", 30): (
            "ship_by",
            LATE,
            "count_if(NOT cancelled)",
        ),
    }
    found: dict[tuple[str, str, int], tuple[int, int]] = {}
    for (metric, days), (column, numerator, denominator) in queries.items():
        sql = (
            f"SELECT seller_id, {numerator}, {denominator} FROM pairs "
            f"WHERE {column} >= {end} - INTERVAL {days} DAY AND {column} < {end} GROUP BY 1"
        )
        for seller, n, d in connection.execute(sql).fetchall():
            found[(seller, metric, days)] = (n, d)
    return found


@pytest.mark.parametrize("as_of", [date(2018, 3, 31), date(2018, 8, 15)])
def test_it_gives_olists_numbers_as_an_independent_computation_does(as_of: date) -> None:
    normalised, judged = compute_source(PACKS, "olist", OLIST, as_of, engine=DuckDB())
    assert normalised.reasons == {"account_id:no_items": 775}  # orders with no seller
    ours = {
        (j.account_id, j.metric, j.window_days): (j.numerator, j.denominator)
        for j in judged
        if j.denominator
    }
    theirs = {key: value for key, value in independent(as_of).items() if value[1]}
    compared = {key: ours.get(key) for key in theirs}
    assert compared == theirs
    assert {k for k in ours if k[1] in {m for _, m, _ in theirs}} == set(theirs)
    assert len(theirs) > 300
    # Olist has no tracking: tracking metrics are no_data, never 0%
    assert all(j.status == "no_data" for j in judged if j.metric in ("valid_tracking_rate",))


# -- engines ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spark() -> Iterator[Spark]:
    """One Spark for the whole run: its first query starts a JVM (a minute on a busy machine);
    later ones reuse its session."""
    yield Spark()
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()


def test_it_gets_identical_numbers_from_duckdb_and_spark(tmp_path: Path, spark: Spark) -> None:
    source = open_source("olist", OLIST)
    orders = tmp_path / "orders.parquet"
    normalise(source, orders)
    spans = windows(PACKS)
    ours = window_values(DuckDB(), [orders], date(2018, 8, 15), days=30, windows=spans)
    theirs = window_values(spark, [orders], date(2018, 8, 15), days=30, windows=spans)
    assert ours.num_rows == theirs.num_rows > 100_000
    assert ours.equals(theirs)


def test_it_breaks_metrics_down_alike_on_duckdb_and_spark(tmp_path: Path, spark: Spark) -> None:
    # a store whose name needs quoting, with the values engines tend to order differently
    store = "o'shop"
    files = [demo_orders(tmp_path / "demo.csv", store, days=70)]
    odd = [
        # one order of two SKUs: filed under each
        {"order_id": "multi", "sku": "LID-2", "carrier": "顺丰", "feedback_rating": "1"},
        {"order_id": "multi", "sku": "MUG-1", "carrier": "顺丰", "feedback_rating": "1"},
        # no SKU, no destination, a carrier with a quote
        {"order_id": "bare", "carrier": "O'Brien Post", "feedback_rating": "2"},
        # tied counts: shown by value, byte by byte
        {"order_id": "tie-1", "carrier": "Ünited", "sku": "Z", "feedback_rating": "1"},
        {"order_id": "tie-2", "carrier": "Zeta", "sku": "z", "feedback_rating": "1"},
    ]
    late = {"ship_by_ts": "2026-11-10T08:00:00Z", "destination_country": "DE"}
    files.append(
        write_orders(
            tmp_path / "odd.csv",
            [
                {**late, **r, "account_id": store, "purchase_ts": "2026-11-09T08:00:00Z"}
                for r in odd
            ],
        )
    )
    orders = [tmp_path / f"{path.stem}.parquet" for path in files]
    for path, parquet in zip(files, orders, strict=True):
        normalise(open_source("canonical", path), parquet)
    every = ("carrier", "sku", "destination", "week")
    found = {}
    for metric, size, bys, missed in (
        ("odr", 60, (*every, "component"), False),
        ("late_shipment_rate", 30, every, False),
        ("valid_tracking_rate", 30, every, True),  # a rate that should be high: the misses
    ):
        sql = breakdown_sql(date(2026, 11, 18), store, metric, size, bys, missed=missed)
        ours, theirs = (sorted_rows(engine.query(orders, sql)) for engine in (DuckDB(), spark))
        assert ours == theirs, metric
        assert {row["breakdown"] for row in ours} == {"total", *bys}
        found[metric] = ours
    by_carrier = [(r["value"], r["numerator"]) for r in found["odr"] if r["breakdown"] == "carrier"]
    assert by_carrier == [
        ("YunExpress", 19),
        ("O'Brien Post", 1),
        ("Zeta", 1),
        ("Ünited", 1),
        ("顺丰", 1),
        ("4PX", 0),
    ]
    by_sku = [(r["value"], r["numerator"]) for r in found["odr"] if r["breakdown"] == "sku"]
    assert by_sku[:6] == [("MUG-1", 20), ("LID-2", 1), ("Z", 1), ("z", 1), (None, 1), ("SKU-1", 0)]


def sorted_rows(table: Any) -> list[dict[str, Any]]:
    """A breakdown's rows, each part's in the order shown."""
    return sorted(table.to_pylist(), key=lambda row: (row["breakdown"], row["position"]))


# -- the workbench ----------------------------------------------------------------------------


def demo_orders(path: Path, account: str, days: int = 120) -> Path:
    """Orders for a store whose ODR climbs over the last weeks; YunExpress ships the bad ones."""
    rows = []
    for day in range(days):
        stamp = date.fromordinal(date(2026, 11, 18).toordinal() - days + 1 + day)
        for n in range(10):
            bad = day > days - 40 and n == 0 and day % 2 == 0
            rows.append(
                {
                    "order_id": f"{stamp}-{n}",
                    "account_id": account,
                    "purchase_ts": f"{stamp}T{8 + n:02d}:00:00Z",
                    "ship_by_ts": f"{stamp}T{20 + n % 3:02d}:00:00Z",
                    "shipped_ts": f"{stamp}T{19:02d}:00:00Z",
                    "carrier": "YunExpress" if bad or n == 5 else "4PX",
                    "sku": "MUG-1" if bad else f"SKU-{n}",
                    "destination_country": "DE" if n % 2 else "FR",
                    "tracking_id": f"T{day}{n}",
                    "tracking_valid": "true",
                    "feedback_rating": "1" if bad else "5",
                    "a_to_z_claim": "yes" if bad and day % 4 == 0 else "",
                }
            )
    return write_orders(path, rows)


def test_it_imports_orders_keeps_their_history_and_shows_each_account_its_own(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    demo_orders(tmp_path / "o.csv", f"store-{world.account_a2}")
    row, normalised = service.import_orders(
        wb, owner, profile="canonical", path=tmp_path / "o.csv", days=90
    )
    assert (row.orders, row.as_of, normalised.bad_rows) == (1200, date(2026, 11, 18), 0)
    view = service.account_metrics(wb, owner, world.account_a2)
    odr = next(c for c in view["cards"] if c["metric"] == "odr")
    assert len(odr["series"]) == 90
    assert odr["status"] == "breach" and odr["target"] == 0.01
    assert odr["trend"]["direction"] == "worsening"
    # three days shown: the trend is still fitted to the last 30
    short = service.history(wb, owner, world.account_a2, "odr", days=3)["windows"][0]
    assert len(short["values"]) == 3 and short["trend"]["direction"] == "worsening"
    lsr = next(c for c in view["cards"] if c["metric"] == "late_shipment_rate")
    assert lsr["status"] == "good"

    by_carrier = service.breakdown(wb, owner, world.account_a2, "odr", "carrier")
    assert by_carrier["rows"][0]["value"] == "YunExpress"
    assert by_carrier["rows"][0]["share"] == 1.0
    by_sku = service.breakdown(wb, owner, world.account_a2, "odr", "sku")
    assert by_sku["rows"][0]["value"] == "MUG-1"
    parts = service.breakdown(wb, owner, world.account_a2, "odr", "component")
    assert [r["value"] for r in parts["rows"]] == [
        "negative_feedback",
        "a_to_z_claim",
        "chargeback",
    ]
    assert parts["rows"][0]["numerator"] == by_carrier["numerator"]

    risk = service.overview(wb, owner)
    assert risk["accounts"][0]["account_id"] == world.account_a2

    # the client sees only the account given to them; an outsider sees nothing
    client = world.actor(wb, "client")
    assert service.overview(wb, client)["accounts"] == []
    with pytest.raises(NotFound):
        service.account_metrics(wb, client, world.account_a2)
    with pytest.raises(NotFound):
        service.breakdown(wb, world.actor(wb, "outsider"), world.account_a2, "odr", "sku")
    assert service.latest_import(wb, world.actor(wb, "outsider")) is None


def test_it_offers_the_letter_composer_what_the_orders_show(
    as_persona: Any, client: TestClient, wb: Workbench, world: World, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    demo_orders(tmp_path / "o.csv", f"store-{world.account_a2}")
    service.import_orders(wb, owner, profile="canonical", path=tmp_path / "o.csv", days=90)
    # 19 bad orders in the last 40 days, all on YunExpress, SKU MUG-1, to France; 9 claims
    odr = root_cause_facts(wb, owner, world.account_a2, "order_defect_rate", "en")
    assert odr == [
        "Order defect rate 3.17%: 19 of 600 orders in the 60 days to 2026-11-18 had negative "
        "feedback, an A-to-z claim or a chargeback.",
        "100% of the 19 orders with a defect (19) were shipped with YunExpress.",
        "100% of the 19 orders with a defect (19) were orders of SKU MUG-1.",
        "100% of the 19 orders with a defect (19) went to FR.",
        "Of the defective orders, 19 had negative feedback, 9 an A-to-z claim and 0 a chargeback.",
    ]
    # a Chinese letter (Taobao's) gets them in Chinese
    chinese = root_cause_facts(wb, owner, world.account_a2, "order_defect_rate", "zh")
    assert chinese[0].startswith("订单缺陷率 3.17%")
    assert chinese[1] == "有缺陷的 19 个订单中，100%（19 个）由 YunExpress 承运。"
    # a rate that should be high counts the orders that missed: every parcel here is tracked
    assert root_cause_facts(wb, owner, world.account_a2, "valid_tracking", "en") == [
        "Valid tracking rate 100.00%: 0 of 300 shipments in the 30 days to 2026-11-18 had no "
        "valid tracking."
    ]
    assert root_cause_facts(wb, owner, world.account_a2, "intellectual_property", "en") == []
    with pytest.raises(NotFound):  # the client was not given this account
        root_cause_facts(wb, world.actor(wb, "client"), world.account_a2, "order_defect_rate", "en")

    # the letter page offers them beside the platform's common causes
    case = open_case(wb, world.actor(wb, "teammate"), world.account_a2, ["order_defect_rate"])
    page = as_persona("teammate").client.get(f"/cases/{case.id}/letter").text
    assert (
        'data-text="100% of the 19 orders with a defect (19) were shipped with YunExpress."' in page
    )
    assert "Carrier delays and losses led to claims" in page
    drafted = client.get(f"/api/v1/cases/{case.id}/letter/draft", headers=bearer(world, "owner"))
    offered = drafted.json()["suggestions"]["order_defect_rate"]
    assert offered["facts"] == odr and offered["root_causes"]
    # of late shipment's two windows, the one past its target: 20 late in the 30 days, none in 10
    late = [
        {
            "order_id": f"late-{n}",
            "account_id": f"store-{world.account_a2}",
            "purchase_ts": "2026-10-25T08:00:00Z",
            "ship_by_ts": "2026-10-26T08:00:00Z",
            "shipped_ts": "2026-10-28T08:00:00Z",
            "sku": "LAMP-2",
        }
        for n in range(20)
    ]
    write_orders(tmp_path / "late.csv", late)
    service.import_orders(wb, owner, profile="canonical", path=tmp_path / "late.csv", days=90)
    assert root_cause_facts(wb, owner, world.account_a2, "late_shipment", "en") == [
        "Late shipment rate 6.25%: 20 of 320 orders due to ship in the 30 days to 2026-11-18 "
        "shipped after their ship-by date or not at all.",
        "100% of the 20 orders shipped late or not at all (20) were orders of SKU LAMP-2.",
    ]


def test_it_keeps_earlier_orders_when_a_later_import_adds_and_corrects_some(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    key = f"store-{world.account_a2}"
    first = [
        {
            "order_id": "1",
            "account_id": key,
            "purchase_ts": "2026-11-10T10:00:00Z",
            "feedback_rating": "1",
        },
        {"order_id": "2", "account_id": key, "purchase_ts": "2026-11-11T10:00:00Z"},
    ]
    service.import_orders(
        wb, owner, profile="canonical", path=write_orders(tmp_path / "a.csv", first)
    )
    second = [  # order 1's feedback was removed; order 3 is new
        {
            "order_id": "1",
            "account_id": key,
            "purchase_ts": "2026-11-10T10:00:00Z",
            "feedback_rating": "4",
        },
        {"order_id": "3", "account_id": key, "purchase_ts": "2026-11-12T10:00:00Z"},
    ]
    service.import_orders(
        wb, owner, profile="canonical", path=write_orders(tmp_path / "b.csv", second)
    )
    odr = next(
        c
        for c in service.account_metrics(wb, owner, world.account_a2)["cards"]
        if c["metric"] == "odr"
    )
    assert (odr["numerator"], odr["denominator"]) == (0, 3)
    folder = service.metrics_dir(wb, world.org_a)
    files = sorted(p.name.split("-")[0] for p in folder.glob("*.parquet"))
    assert files == ["history", "orders"]  # superseded files are gone


def test_it_refuses_an_import_while_another_of_the_organisation_runs(
    as_persona: Any, wb: Workbench, world: World, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    path = demo_orders(tmp_path / "o.csv", f"store-{world.account_a2}")
    folder = service.metrics_dir(wb, owner.org_id)
    folder.mkdir(parents=True)
    # another process (the command line, another web worker) is importing for this organisation
    with FileLock(folder / ".import.lock"):
        with pytest.raises(Conflict, match="Another import"):
            service.import_orders(wb, owner, profile="canonical", path=path)
        page = as_persona("owner")
        refused = page.client.post(
            "/metrics/import",
            data={"csrf_token": page.csrf("/metrics"), "profile": "canonical"},
            files={"file": ("o.csv", path.read_bytes(), "text/csv")},
        )
        assert refused.status_code == 409 and "try again when it ends" in refused.text
        # another organisation's import is not held up
        outsider = world.actor(wb, "outsider")
        service.import_orders(wb, outsider, profile="canonical", path=path)
    assert service.latest_import(wb, owner) is None
    assert sorted(p.name for p in folder.iterdir()) == [".import.lock"]
    row, _ = service.import_orders(wb, owner, profile="canonical", path=path)
    assert row.orders == 1200


def test_it_refuses_an_import_by_a_viewer_and_keeps_nothing(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    from reinstate.errors import PermissionDenied

    path = demo_orders(tmp_path / "o.csv", "x", days=3)
    with pytest.raises(PermissionDenied):
        service.import_orders(wb, world.actor(wb, "viewer"), profile="canonical", path=path)
    assert service.latest_import(wb, world.actor(wb, "owner")) is None


def test_it_keeps_amazons_own_report_once_per_day_with_its_quirks(
    wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    data = SPAPI.read_bytes()
    result = service.import_health_report(wb, owner, world.account_a2, data)
    # the account's marketplace (US) picks the US entry among three
    assert result["marketplace_id"] == "ATVPDKIKX0DER"
    assert result["account_status"] == "AT_RISK"
    assert result["warnings"] == ["spammingSellerMessaging"]
    assert result["day"] == "2020-11-19"
    service.import_health_report(wb, owner, world.account_a2, data)  # the same day again
    reported = service.account_metrics(wb, owner, world.account_a2)["reported"]
    by_metric = {(m["metric"], m["fulfilment"]): m for m in reported["metrics"]}
    assert len(reported["metrics"]) == len(by_metric) == 10
    cancel = by_metric[("pre_fulfilment_cancel_rate", "")]  # spelled prefulfillmentCancelRate
    assert (cancel["numerator"], cancel["denominator"], cancel["rate"]) == (551, 17197, 0.005)
    assert cancel["window_days"] == 7 and cancel["status"] == "good"
    assert by_metric[("odr", "afn")]["rate"] == 0.009  # the afn part says "mfn" inside
    assert by_metric[("account_health_rating", "")]["platform_status"] == "WARNED"
    history = service.history(wb, owner, world.account_a2, "odr")
    assert [r["day"] for r in history["reported"]] == ["2020-11-19", "2020-11-19"]
    with pytest.raises(InvalidInput, match="belongs to an Amazon account"):
        service.import_health_report(wb, owner, world.account_a, data)
    with pytest.raises(InvalidInput, match="not JSON"):
        service.import_health_report(wb, owner, world.account_a2, b"<html>")


# -- the command line -------------------------------------------------------------------------


def test_it_prints_spec_rows_as_csv_and_json_from_files_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reinstate.cli import main

    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    path = demo_orders(tmp_path / "o.csv", "shop-1", days=70)
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-18"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "account_id,metric,window_days,numerator,denominator,rate,target,status"
    # bad orders: every other day among the last 39 of 70, one a day: 19 of 600
    assert "shop-1,odr,60,19,600,0.03166666666666667,0.01,breach" in out
    assert main([*args, "--as-of", "2026-11-18", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert {r["metric"] for r in document["rows"]} == {
        "odr",
        "negative_feedback_rate",
        "late_shipment_rate",
        "pre_fulfilment_cancel_rate",
        "valid_tracking_rate",
        "on_time_delivery_rate",
    }
    assert main([*args, "--as-of", "18/11/2026"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert main([*args, "--as-of", "2026-11-18", "--engine", "hadoop"]) == 1
    assert "“hadoop” is not known: choose one of duckdb, spark" in capsys.readouterr().err


def test_it_prints_the_same_breakdown_from_spark_as_from_duckdb(
    wb: Workbench,
    world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    spark: Spark,
) -> None:
    from reinstate.cli import main

    path = demo_orders(tmp_path / "o.csv", f"store-{world.account_a2}")
    service.import_orders(wb, world.actor(wb, "owner"), profile="canonical", path=path)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", wb.settings.database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    args = ["metrics", "breakdown", str(world.account_a2), "--org", str(world.org_a)]
    args += ["--metric", "odr", "--by", "sku"]
    printed = {}
    for engine in ("duckdb", "spark"):
        assert main([*args, "--engine", engine, "--json"]) == 0
        printed[engine] = json.loads(capsys.readouterr().out)
    assert printed["spark"] == printed["duckdb"]
    assert [r["value"] for r in printed["duckdb"]["rows"]][:2] == ["MUG-1", "SKU-1"]
    assert main([*args, "--engine", "hadoop"]) == 1
    err = capsys.readouterr().err.strip()
    assert "“hadoop” is not known: choose one of duckdb, spark" in err
    assert len(err.splitlines()) == 1


# -- web and API ------------------------------------------------------------------------------


def test_it_imports_through_the_page_and_shows_cards_charts_and_breakdowns(
    as_persona: Any, world: World, tmp_path: Path
) -> None:
    owner = as_persona("owner")
    path = demo_orders(tmp_path / "orders.csv", f"store-{world.account_a2}")
    token = owner.csrf("/metrics")
    response = owner.client.post(
        "/metrics/import",
        data={"csrf_token": token, "profile": "canonical"},
        files={"file": ("orders.csv", path.read_bytes(), "text/csv")},
    )
    assert response.status_code == 303, response.text
    risk = owner.client.get("/metrics").text
    assert "Blue Ocean US" in risk and "1200 orders from 1200 rows" in risk
    page = owner.client.get(f"/accounts/{world.account_a2}/metrics?metric=odr&by=sku").text
    assert 'class="metric-card breach" id="card-odr-60"' in page
    assert "MUG-1" in page and 'id="metric-charts"' in page
    data = json.loads(page.split('id="metric-charts">')[1].split("</script>")[0])
    charts = data["charts"]
    assert len(charts[0]["points"]) == 90 and charts[0]["target"] == 0.01
    assert data["labels"] == {"rate": "Rate", "target": "Target line", "axis": "Rate (%)"}

    # a file that is not orders: one sentence on the page, nothing replaced
    bad = owner.client.post(
        "/metrics/import",
        data={"csrf_token": token, "profile": "canonical"},
        files={"file": ("notes.csv", b"name,price\nmug,3\n", "text/csv")},
    )
    assert bad.status_code == 422
    assert "does not match the canonical profile: it has no column order_id" in bad.text
    assert "1200 orders" in owner.client.get("/metrics").text
    # nor a file of another kind
    exe = owner.client.post(
        "/metrics/import",
        data={"csrf_token": token, "profile": "canonical"},
        files={"file": ("run.exe", b"MZ", "application/octet-stream")},
    )
    assert exe.status_code == 422
    assert "Upload a .csv (or .csv.gz), .tsv, .txt, .parquet or .json file." in exe.text

    client = as_persona("client")
    assert client.client.get(f"/accounts/{world.account_a2}/metrics").status_code == 404
    assert "Blue Ocean US" not in client.client.get("/metrics").text
    outsider = as_persona("outsider")
    assert outsider.client.get(f"/accounts/{world.account_a2}/metrics").status_code == 404
    viewer = as_persona("viewer")
    refused = viewer.client.post(
        "/metrics/import",
        data={"csrf_token": viewer.csrf("/metrics"), "profile": "canonical"},
        files={"file": ("orders.csv", path.read_bytes(), "text/csv")},
    )
    assert refused.status_code == 403


def test_it_answers_the_metrics_api_for_the_tokens_organisation_only(
    client: Any, world: World, tmp_path: Path
) -> None:
    from .conftest import bearer

    path = demo_orders(tmp_path / "orders.csv", f"store-{world.account_a2}")
    created = client.post(
        "/api/v1/metrics/imports",
        headers=bearer(world, "teammate"),
        data={"profile": "canonical"},
        files={"file": ("orders.csv", path.read_bytes(), "text/csv")},
    )
    assert created.status_code == 201, created.text
    assert created.json()["orders"] == 1200
    report = client.post(
        "/api/v1/metrics/imports",
        headers=bearer(world, "teammate"),
        data={"profile": "sp-api", "account": str(world.account_a2)},
        files={"file": ("report.json", SPAPI.read_bytes(), "application/json")},
    )
    assert report.status_code == 201 and report.json()["account_status"] == "AT_RISK"
    risk = client.get("/api/v1/metrics", headers=bearer(world, "owner")).json()
    assert risk["accounts"][0]["account_id"] == world.account_a2
    history = client.get(
        f"/api/v1/metrics/accounts/{world.account_a2}/history?metric=late_shipment_rate&days=30",
        headers=bearer(world, "owner"),
    ).json()
    assert [w["window_days"] for w in history["windows"]] == [10, 30]
    assert len(history["windows"][0]["values"]) == 30
    weeks = client.get(
        f"/api/v1/metrics/accounts/{world.account_a2}/breakdown?metric=odr&by=week",
        headers=bearer(world, "owner"),
    ).json()
    assert sum(r["numerator"] for r in weeks["rows"]) == weeks["numerator"]
    wrong = client.get(
        f"/api/v1/metrics/accounts/{world.account_a2}/breakdown?metric=odr&by=colour",
        headers=bearer(world, "owner"),
    )
    assert wrong.status_code == 422 and wrong.json()["ok"] is False
    assert client.get("/api/v1/metrics", headers=bearer(world, "outsider")).json()["accounts"] == []
    hidden = client.get(
        f"/api/v1/metrics/accounts/{world.account_a2}", headers=bearer(world, "outsider")
    )
    assert hidden.status_code == 404
    assert client.get("/api/v1/metrics").status_code == 401
