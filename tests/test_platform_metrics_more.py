"""The metrics each platform's pack declares beyond Amazon's (issue 16): Joom's orders not
delivered 30 days after shipment, Shopee's non-fulfilment, return/refund and chat response
rates, TikTok Shop's late dispatch, seller-fault cancellation and valid tracking rates with its
own targets, AliExpress's dispute rate. Each is tested with a real file at its target, just
above and just below; a metric whose inputs the file lacks says so in words, never 0; and the
one-pass Parquet scan, the CSV path and Spark count the same."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reinstate.metrics import service
from reinstate.metrics.compute import Judged, compute_source, windows
from reinstate.metrics.engine import DuckDB, window_values
from reinstate.metrics.normalise import normalise
from reinstate.metrics.profiles import open_source
from reinstate.metrics.spark import Spark
from reinstate.policies.loader import PLATFORMS_DIR, load_policies
from reinstate.workbench import Workbench

from .conftest import World
from .test_metrics import spark  # noqa: F401 - the session's Spark, a fixture
from .test_metrics_scan import report, write_csv, write_parquet

PACKS = load_policies(PLATFORMS_DIR)
AS_OF = date(2026, 11, 18)
BOUGHT = datetime(2026, 11, 15, 8, tzinfo=UTC)
EMPTY: dict[str, Any] = {
    "order_id": None, "account_id": None, "platform": None, "purchase_ts": BOUGHT,
    "ship_by_ts": BOUGHT + timedelta(days=2), "shipped_ts": BOUGHT + timedelta(days=1),
    "delivered_ts": None, "status": "shipped", "cancelled_by": None, "tracking_valid": True,
    "first_response_minutes": None, "buyer_message_ts": None, "return_ts": None,
    "return_fault": None, "dispute": None,
}  # fmt: skip


def _rows(account: str, platform: str, good: int, bad: dict[str, Any], count: int,
          ok: dict[str, Any] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """``count`` orders of one account: the first ``count - good`` with ``bad``, the rest
    with ``ok``."""
    return [
        EMPTY
        | {"order_id": f"{account}-{n}", "account_id": account, "platform": platform}
        | (bad if n < count - good else ok or {})
        for n in range(count)
    ]


SHIPPED = datetime(2026, 10, 10, 8, tzinfo=UTC)  # its 30 days run out on 2026-11-09
DELIVERED = {"shipped_ts": SHIPPED, "delivered_ts": SHIPPED + timedelta(days=30)}  # in time
UNDELIVERED = {"shipped_ts": SHIPPED, "delivered_ts": None}
LATE_DELIVERY = {"shipped_ts": SHIPPED, "delivered_ts": SHIPPED + timedelta(days=30, minutes=1)}
SELLER_CANCEL = {"status": "cancelled", "shipped_ts": None, "cancelled_by": "seller"}
SELLER_RETURN = {"return_ts": BOUGHT + timedelta(days=2), "return_fault": "seller"}
BUYER_RETURN = {"return_ts": BOUGHT + timedelta(days=2), "return_fault": "buyer"}
MESSAGE = {"buyer_message_ts": BOUGHT + timedelta(hours=1)}
ANSWERED = MESSAGE | {"first_response_minutes": 720}  # 12 hours: in time
SLOW = MESSAGE | {"first_response_minutes": 721}

# (platform, metric, window, late-or-bad orders, good orders, bad row, good row, breached?)
CASES = [
    # Joom: more than 5% not delivered 30 days after shipment is the anomaly
    ("joom", "undelivered_30d_rate", 30, 1, 19, UNDELIVERED, DELIVERED, False),  # 5%: at it
    ("joom", "undelivered_30d_rate", 30, 2, 37, LATE_DELIVERY, DELIVERED, True),  # 5.1%
    ("joom", "undelivered_30d_rate", 30, 1, 20, UNDELIVERED, DELIVERED, False),  # 4.8%
    # Shopee: non-fulfilment below 10% over 7 days (a seller's cancellation or return)
    ("shopee", "non_fulfilment_rate", 7, 1, 9, SELLER_CANCEL, BUYER_RETURN, True),  # 10%
    ("shopee", "non_fulfilment_rate", 7, 2, 17, SELLER_RETURN, {}, True),  # 10.5%
    ("shopee", "non_fulfilment_rate", 7, 1, 10, SELLER_RETURN, BUYER_RETURN, False),  # 9.1%
    ("shopee", "return_refund_rate", 7, 1, 9, SELLER_RETURN, BUYER_RETURN, True),
    ("shopee", "return_refund_rate", 7, 1, 10, SELLER_RETURN, SELLER_CANCEL, False),
    # Shopee: at least 70% of buyers' messages answered within 12 hours
    ("shopee", "chat_response_rate", 30, 3, 7, MESSAGE, ANSWERED, False),  # 70%: at it
    ("shopee", "chat_response_rate", 30, 4, 7, SLOW, ANSWERED, True),  # 63.6%
    ("shopee", "chat_response_rate", 30, 3, 8, MESSAGE, ANSWERED, False),  # 72.7%
    # TikTok Shop: its own limits, never Amazon's
    ("tiktok_shop", "late_shipment_rate", 30, 1, 24, {"shipped_ts": None}, {}, False),  # 4%
    (
        "tiktok_shop",
        "late_shipment_rate",
        30,
        2,
        47,
        {"shipped_ts": BOUGHT + timedelta(days=3)},
        {},
        True,
    ),  # 4.1%  # fmt: skip
    ("tiktok_shop", "pre_fulfilment_cancel_rate", 30, 1, 39, SELLER_CANCEL, {}, False),  # 2.5%
    ("tiktok_shop", "pre_fulfilment_cancel_rate", 30, 1, 38, SELLER_CANCEL, {}, True),  # 2.56%
    ("tiktok_shop", "valid_tracking_rate", 30, 1, 19, {"tracking_valid": False}, {}, False),
    ("tiktok_shop", "valid_tracking_rate", 30, 1, 18, {"tracking_valid": False}, {}, True),
    ("tiktok_shop", "return_refund_rate", 30, 1, 99, SELLER_RETURN, {}, True),  # 1%
    ("tiktok_shop", "return_refund_rate", 30, 1, 100, SELLER_RETURN, {}, False),  # 0.99%
    # AliExpress: disputes of shipped orders below 1%
    ("aliexpress", "dispute_rate", 30, 1, 99, {"dispute": True}, {"dispute": False}, True),
    ("aliexpress", "dispute_rate", 30, 1, 100, {"dispute": True}, {"dispute": False}, False),
    (
        "aliexpress",
        "late_shipment_rate",
        7,
        1,
        19,
        {"shipped_ts": BOUGHT + timedelta(days=3)},
        {},
        True,
    ),  # 5%  # fmt: skip
]


def _judged(path: Path) -> dict[tuple[str, str, int], Judged]:
    _, rows = compute_source(PACKS, "canonical", path, AS_OF, engine=DuckDB())
    return {(r.account_id, r.metric, r.window_days): r for r in rows}


@pytest.mark.parametrize(
    ("platform", "metric", "window", "bad", "good", "bad_row", "good_row", "breached"), CASES
)
def test_each_metric_at_its_target_just_above_and_just_below(
    tmp_path: Path,
    platform: str,
    metric: str,
    window: int,
    bad: int,
    good: int,
    bad_row: dict[str, Any],
    good_row: dict[str, Any],
    breached: bool,
) -> None:
    rows = _rows("shop", platform, good, bad_row, bad + good, good_row)
    found = _judged(write_csv(tmp_path / "orders.csv", rows))
    judged = found[("shop", metric, window)]
    assert judged.target and judged.target.platform == platform
    counted = bad if judged.target.upper else good  # a share of bad orders, or of good ones
    assert (judged.numerator, judged.denominator) == (counted, bad + good)
    assert (judged.status == "breach") is breached, judged
    assert "odr" not in {m for _, m, _ in found}  # never Amazon's


def test_an_order_counts_only_once_its_30_days_have_run_out(tmp_path: Path) -> None:
    recent = {"shipped_ts": datetime(2026, 11, 1, tzinfo=UTC), "delivered_ts": None}
    rows = _rows("joom-1", "joom", 1, UNDELIVERED, 2, DELIVERED)
    rows += [rows[0] | recent | {"order_id": "joom-1-recent"}]  # shipped 17 days ago
    found = _judged(write_csv(tmp_path / "orders.csv", rows))
    judged = found[("joom-1", "undelivered_30d_rate", 30)]
    assert (judged.numerator, judged.denominator, judged.status) == (1, 2, "breach")


def test_a_metric_without_its_inputs_is_not_computable_in_words(tmp_path: Path) -> None:
    """A file without returns: Shopee's non-fulfilment would count cancellations only, so it
    is not computed and says which column it needs; one without delivery times, Joom's share."""
    rows = [
        {k: v for k, v in row.items() if k not in ("return_ts", "return_fault", "delivered_ts")}
        for row in _rows("shopee-1", "shopee", 9, SELLER_CANCEL, 10)
        + _rows("joom-1", "joom", 5, {}, 5)
    ]
    found = _judged(write_csv(tmp_path / "orders.csv", rows))
    nfr = found[("shopee-1", "non_fulfilment_rate", 7)]
    assert (nfr.status, nfr.rate, nfr.absent) == ("no_data", None, ("return_ts",))
    assert nfr.row()["note"] == (
        "Not computable: the source has no column return_ts, which this metric needs."
    )
    assert nfr.row()["not_computable"] is True
    assert found[("shopee-1", "return_refund_rate", 7)].missing == ("return_ts",)
    joom = found[("joom-1", "undelivered_30d_rate", 30)]
    assert joom.status == "no_data" and "delivered_ts" in (joom.row()["note"] or "")
    # the late shipment rate needs none of them: still computed from the same file
    assert found[("shopee-1", "late_shipment_rate", 7)].denominator == 9


def _every_case() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for number, (platform, _, _, bad, good, bad_row, good_row, _) in enumerate(CASES):
        rows += _rows(f"{platform}-{number}", platform, good, bad_row, bad + good, good_row)
    return rows


def test_the_parquet_scan_counts_what_the_csv_path_counts(tmp_path: Path) -> None:
    rows = _every_case()
    expected = report(write_csv(tmp_path / "orders.csv", rows))
    assert any(r["metric"] == "undelivered_30d_rate" and r["numerator"] for r in expected[1])
    for typed in (True, False):
        parquet = write_parquet(tmp_path / f"{typed}.parquet", rows, typed=typed, zone=True)
        assert report(parquet) == expected, typed


def test_spark_counts_what_duckdb_counts(tmp_path: Path, spark: Spark) -> None:  # noqa: F811
    orders = tmp_path / "orders.parquet"
    normalise(open_source("canonical", write_csv(tmp_path / "orders.csv", _every_case())), orders)
    spans = windows(PACKS)
    assert {"undelivered_30d_rate", "non_fulfilment_rate", "dispute_rate"} <= set(spans)
    ours = window_values(DuckDB(), [orders], AS_OF, days=40, windows=spans)
    theirs = window_values(spark, [orders], AS_OF, days=40, windows=spans)
    assert ours.num_rows == theirs.num_rows > 1000
    assert ours.equals(theirs)


@pytest.mark.parametrize(
    ("lang", "name"),
    [
        ("en", "Logistics: orders not delivered 30 days after shipment"),
        ("zh_CN", "物流：超30天未妥投订单占比"),
    ],
)
def test_the_account_page_shows_the_packs_metrics_by_their_names(
    wb: Workbench, world: World, as_persona: Any, tmp_path: Path, lang: str, name: str
) -> None:
    """A Joom store (world.account_a) imported with orders shipped 40 days ago, two of twenty
    never delivered: its card has Joom's name and target, and no Amazon metric."""
    rows = _rows(f"store-{world.account_a}", "joom", 18, UNDELIVERED, 20, DELIVERED)
    service.import_orders(
        wb, world.actor(wb, "owner"), profile="canonical",
        path=write_csv(tmp_path / "o.csv", rows), days=30,
    )  # fmt: skip
    cards = service.account_metrics(wb, world.actor(wb, "owner"), world.account_a)["cards"]
    late = next(c for c in cards if c["metric"] == "undelivered_30d_rate")
    assert (late["numerator"], late["denominator"], late["status"]) == (2, 20, "breach")
    assert {c["metric"] for c in cards} <= set(PACKS["joom"].metrics)
    owner = as_persona("owner")
    owner.client.cookies.set("reinstate_lang", lang)
    page = owner.client.get(f"/accounts/{world.account_a}/metrics")
    assert page.status_code == 200 and name in page.text
    assert "Order defect rate" not in page.text and "订单缺陷率" not in page.text
    weeks = owner.client.get(
        f"/accounts/{world.account_a}/metrics?metric=undelivered_30d_rate&by=week"
    )
    assert weeks.status_code == 200 and "2 / 20" in weeks.text
    hub = owner.client.get(f"/accounts/{world.account_a}")  # the account's one page
    assert hub.status_code == 200 and name in hub.text


def test_the_cli_says_shopee_non_fulfilment_is_not_computable_without_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reinstate.cli import main

    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    rows = [
        {k: v for k, v in row.items() if k not in ("return_ts", "return_fault")}
        for row in _rows("shopee-1", "shopee", 9, SELLER_CANCEL, 10)
    ]
    path = write_csv(tmp_path / "orders.csv", rows)
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", AS_OF.isoformat(), "--format", "json"]) == 0
    found = {r["metric"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert set(found) == set(PACKS["shopee"].metrics)
    nfr = found["non_fulfilment_rate"]
    assert (nfr["status"], nfr["rate"], nfr["missing_columns"]) == ("no_data", None, ["return_ts"])
    assert (
        nfr["note"]
        == "Not computable: the source has no column return_ts, which this metric needs."
    )
    assert nfr["name"] == {"en": "Non-fulfilment rate", "zh": "订单未完成率"}
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    assert main([*args, "--as-of", AS_OF.isoformat(), "--format", "json"]) == 0
    found = {r["metric"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert found["non_fulfilment_rate"]["note"] == "无法计算：数据源缺少该指标所需的列 return_ts。"


def test_an_orders_file_kept_before_the_new_columns_still_counts(
    tmp_path: Path,
    spark: Spark,  # noqa: F811
) -> None:
    """A kept orders file written before buyer_message_ts, return_ts, return_fault and dispute
    (and first_response_minutes) existed: they read as empty, on DuckDB and Spark alike."""
    import pyarrow.parquet as pq

    from reinstate.metrics.sources import LATER_COLUMNS

    orders = tmp_path / "orders.parquet"
    normalise(open_source("canonical", write_csv(tmp_path / "orders.csv", _every_case())), orders)
    old = tmp_path / "old.parquet"
    pq.write_table(pq.read_table(orders).drop_columns(list(LATER_COLUMNS)), old)
    spans = windows(PACKS)
    ours = window_values(DuckDB(), [old], AS_OF, days=3, windows=spans)
    theirs = window_values(spark, [old], AS_OF, days=3, windows=spans)
    assert ours.num_rows > 100 and ours.equals(theirs)
    disputes = [r for r in ours.to_pylist() if r["metric"] == "dispute_rate"]
    assert disputes and not any(r["numerator"] for r in disputes)
    assert any(r["numerator"] for r in ours.to_pylist() if r["metric"] == "late_shipment_rate")
