"""Order files as a seller's own spreadsheet or tool writes them, each made in the test and
counted by hand from SPEC §5's definitions: headers in another case with another separator, a
template's tracking column left blank, and what the numbers then say."""

from __future__ import annotations

import csv
import gzip
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from reinstate.cli import main
from reinstate.metrics import service
from reinstate.metrics.columns import template_csv
from reinstate.metrics.views import MetricBreakdown
from reinstate.workbench import Workbench

from .conftest import World


@pytest.fixture(autouse=True)
def _files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")


def computed(
    path: Path, capsys: pytest.CaptureFixture[str], as_of: str = "2026-12-01"
) -> dict[tuple[str, int], tuple[int, int, str]]:
    """(metric, window) -> (numerator, denominator, status) of ``metrics compute``'s CSV."""
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", as_of]) == 0, capsys.readouterr().err
    lines = capsys.readouterr().out.splitlines()[1:]
    found = {}
    for line in lines:
        _, metric, days, numerator, denominator, _, _, status = line.split(",")
        found[(metric, int(days))] = (int(numerator), int(denominator), status)
    return found


@pytest.mark.parametrize(
    ("separator", "names"),
    [
        (";", "Order_ID;Account_ID;Platform;Purchase_TS;Feedback_Rating"),
        ("\t", "ORDER_ID\tACCOUNT_ID\tPLATFORM\tPURCHASE_TS\tFEEDBACK_RATING"),
    ],
)
def test_a_header_in_another_case_is_found_with_a_semicolon_or_a_tab(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], separator: str, names: str
) -> None:
    # a spreadsheet set to German saves ';' and a seller may capitalise the template's names:
    # the columns are matched whatever their case, so the separator must be too
    rows = [
        names,
        separator.join(["111-1", "shop-1", "amazon", "2026-11-20T10:00:00Z", "1"]),
        separator.join(["111-2", "shop-1", "amazon", "2026-11-21T10:00:00Z", "5"]),
    ]
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    found = computed(path, capsys)
    assert found[("odr", 60)] == (1, 2, "breach")


def test_a_tracking_valid_cell_left_blank_is_judged_by_the_tracking_id_in_csv_and_parquet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the template's header, every column; the seller fills in the tracking ids and leaves
    # "tracking_valid" blank: the same orders without that column count two of three shipped
    # orders as tracked, and so must these (a blank is not a "no")
    header = template_csv().splitlines()[0].split(",")
    orders = [
        {"order_id": "A", "tracking_id": "YT1", "delivered_ts": "2026-11-24T10:00:00Z"},
        {"order_id": "B", "tracking_id": "YT2", "delivered_ts": "2026-11-29T10:00:00Z"},
        {"order_id": "C", "tracking_id": ""},  # shipped without tracking: not valid
    ]
    rows = []
    for order in orders:
        row = dict.fromkeys(header, "")
        row.update(
            account_id="shop-1",
            platform="amazon",
            purchase_ts="2026-11-20T10:00:00Z",
            ship_by_ts="2026-11-21T10:00:00Z",
            shipped_ts="2026-11-21T09:00:00Z",
            promised_delivery_ts="2026-11-25T10:00:00Z",
            **order,
        )
        rows.append(row)
    path = tmp_path / "orders.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    found = computed(path, capsys)
    assert found[("valid_tracking_rate", 30)] == (2, 3, "breach")
    # on time: A of the two with valid tracking (B came four days late)
    assert found[("on_time_delivery_rate", 14)] == (1, 2, "breach")

    table = pa.table(
        {
            "order_id": ["A", "B", "C"],
            "account_id": ["shop-1"] * 3,
            "purchase_ts": pa.array([datetime(2026, 11, 20, 10, tzinfo=UTC)] * 3),
            "shipped_ts": pa.array([datetime(2026, 11, 21, 9, tzinfo=UTC)] * 3),
            "tracking_id": ["YT1", "YT2", None],
            "tracking_valid": pa.array([None, True, None], pa.bool_()),
        }
    )
    pq.write_table(table, tmp_path / "orders.parquet")
    found = computed(tmp_path / "orders.parquet", capsys)
    assert found[("valid_tracking_rate", 30)] == (2, 3, "breach")


def test_a_tracking_rate_sliding_towards_its_target_is_worsening_with_days_to_breach(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    # 20 shipments a day for 60 days, all tracked for the first 30; then one in 20 without
    # valid tracking every other day: the 30-day rate slides from 100% to 97.5%, about 0.08
    # points a day, and at that pace reaches the 95% target in about 30 days. Against the
    # 5 points it may lose that is no steady rate (against 95 points it would look flat).
    path = tmp_path / "orders.csv"
    end = date(2026, 11, 18)  # the tests' clock: the history ends there
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["order_id", "account_id", "purchase_ts", "shipped_ts", "tracking_id"])
        for back in range(60):
            day = end - timedelta(days=back)
            for n in range(20):
                tracked = not (back < 30 and back % 2 == 0 and n == 0)
                writer.writerow(
                    [
                        f"{day}-{n}",
                        f"store-{world.account_a2}",
                        f"{day}T08:00:00Z",
                        f"{day}T18:00:00Z",
                        f"YT{day:%m%d}{n:02d}" if tracked else "",
                    ]
                )
    owner = world.actor(wb, "owner")
    service.import_orders(wb, owner, profile="canonical", path=path, days=30)
    found = service.history(wb, owner, world.account_a2, "valid_tracking_rate")
    window = found["windows"][0]
    assert window["values"][-1]["rate"] == pytest.approx(585 / 600)
    assert window["status"] == "good"
    assert window["trend"]["direction"] == "worsening"
    assert 20 <= window["trend"]["days_to_breach"] <= 40


def test_a_response_time_or_quantity_below_zero_is_a_cell_not_read_in_csv_and_parquet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Temu's first response within 24 hours: -30 minutes is a broken export, not an answer in
    # time; the cell is said not read, in the reader's language, and left unknown: its order
    # is not among those answered (nor is an answer recorded), the others are counted
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,platform,purchase_ts,first_response_minutes,quantity\n"
        "A,shop-9,temu,2026-11-20T10:00:00Z,-30,1\n"
        "B,shop-9,temu,2026-11-20T11:00:00Z,2000,1\n"
        "C,shop-9,temu,2026-11-20T12:00:00Z,60,-2\n"
        "D,shop-9,temu,2026-11-20T13:00:00Z,600,1\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-12-01"]) == 0
    said = capsys.readouterr()
    assert "第 2 行：first_response_minutes：“-30”小于零。" in said.err
    assert "第 4 行：quantity：“-2”小于零。" in said.err
    assert "shop-9,first_response_rate,30,2,3," in said.out  # C and D of B, C and D

    table = pa.table(
        {
            "order_id": ["A", "B", "D"],
            "account_id": ["shop-9"] * 3,
            "platform": ["temu"] * 3,
            "purchase_ts": pa.array([datetime(2026, 11, 20, 10, tzinfo=UTC)] * 3),
            "first_response_minutes": pa.array([-30, 2000, 600], pa.int32()),
        }
    )
    pq.write_table(table, tmp_path / "orders.parquet")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    found = computed(tmp_path / "orders.parquet", capsys)
    assert found[("first_response_rate", 30)][:2] == (1, 2)


def test_the_breakdown_of_a_rate_that_should_be_high_shows_where_its_orders_missed_it(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    # 40 orders shipped with UPS, all tracked; 10 with a cheap post, none tracked: the valid
    # tracking rate is 80%, and where it comes from is the cheap post, not UPS
    path = tmp_path / "orders.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["order_id", "account_id", "purchase_ts", "shipped_ts", "carrier", "tracking_id"]
        )
        for n in range(50):
            cheap = n % 5 == 0
            writer.writerow(
                [
                    f"A{n}",
                    f"store-{world.account_a2}",
                    "2026-11-10T08:00:00Z",
                    "2026-11-10T18:00:00Z",
                    "CheapPost" if cheap else "UPS",
                    "" if cheap else f"1Z{n:04d}",
                ]
            )
    owner = world.actor(wb, "owner")
    service.import_orders(wb, owner, profile="canonical", path=path, days=30)
    found = service.breakdown(wb, owner, world.account_a2, "valid_tracking_rate", "carrier")
    assert (found["numerator"], found["denominator"], found["rate"]) == (40, 50, 0.8)
    first = found["rows"][0]
    assert (first["value"], first["numerator"], first["denominator"]) == ("CheapPost", 10, 10)
    assert first["share"] == 1.0
    assert [row["value"] for row in found["rows"]] == ["CheapPost", "UPS"]
    assert found["rows"][1]["numerator"] == 0
    # the API's document says so
    shown = MetricBreakdown.model_validate(found).document()
    assert (shown["counted"], shown["counted_orders"]) == ("missed", 10)


def test_an_order_a_chinese_export_says_is_cancelled_is_cancelled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a Chinese seller centre writes the status 已取消 and the party 卖家/买家: the seller's
    # cancellation before shipment counts in the cancel rate, and neither is a late shipment
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,platform,purchase_ts,ship_by_ts,shipped_ts,status,cancelled_by\n"
        "A,shop-1,amazon,2026-11-28T10:00:00+08:00,2026-11-29T10:00:00+08:00,,已取消,卖家\n"
        "B,shop-1,amazon,2026-11-28T11:00:00+08:00,2026-11-29T11:00:00+08:00,,已取消,买家\n"
        "C,shop-1,amazon,2026-11-28T12:00:00+08:00,2026-11-29T12:00:00+08:00,"
        "2026-11-29T09:00:00+08:00,已发货,\n"
        "D,shop-1,amazon,2026-11-28T13:00:00+08:00,2026-11-29T13:00:00+08:00,,待发货,\n",
        encoding="utf-8",
    )
    found = computed(path, capsys)
    assert found[("pre_fulfilment_cancel_rate", 7)][:2] == (1, 4)  # A
    assert found[("late_shipment_rate", 10)][:2] == (1, 2)  # D of C and D


def test_a_time_whose_offset_follows_a_space_is_read_in_that_offset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Shopify's and Ruby's exports write "2026-11-30 20:00:00 -0500", Go's "+0800 CST": each is
    # a time with its offset, not a row to refuse. A's ship-by is 01:00 UTC on 2 December, past
    # the as-of day; B's falls on 1 December and it shipped an hour early; C (Chinese time)
    # shipped an hour late, on the last hour of the as-of day
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,platform,purchase_ts,ship_by_ts,shipped_ts\n"
        "A,shop-1,amazon,2026-11-30 20:00:00 -0500,2026-12-01 20:00:00 -0500,\n"
        "B,shop-1,amazon,2026-11-30 08:00:00 +0800 CST,2026-12-01 08:00:00 +08:00,"
        "2026-12-01 07:00:00 +0800\n"
        "C,shop-1,amazon,2026-11-30 09:00:00 +0800,2026-12-02 06:00:00 +0800,"
        "2026-12-02 07:00:00 +08:00\n",
        encoding="utf-8",
    )
    found = computed(path, capsys)
    assert found[("late_shipment_rate", 10)][:2] == (1, 2)  # C of B and C


def test_a_canonical_file_saved_by_a_chinese_excel_in_gbk_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Excel on a Chinese Windows saves "CSV" in GBK, not UTF-8
    path = tmp_path / "orders.csv"
    path.write_bytes(
        (
            "order_id,account_id,platform,purchase_ts,shipped_ts,status,carrier,feedback_rating\n"
            "A,shop-1,amazon,2026-11-28 10:00,,已取消,顺丰速运,\n"
            "B,shop-1,amazon,2026-11-28 11:00,2026-11-28 18:00,已发货,云途物流,2\n"
            "C,shop-1,amazon,2026-11-28 12:00,2026-11-28 18:00,已发货,云途物流,5\n"
        ).encode("gbk")
    )
    found = computed(path, capsys)
    assert found[("odr", 60)][:2] == (1, 3)
    assert found[("pre_fulfilment_cancel_rate", 7)][:2] == (1, 3)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("orders.csv.gz", "orders.csv.gz 是压缩文件（gzip），但其中的内容不是 CSV 文件。"),
        ("orders.pdf", "orders.pdf 是文档或图片，不是 CSV 或 Parquet 文件。"),
    ],
)
def test_a_pdf_given_for_orders_packed_or_not_is_named_for_what_it_is(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    said: str,
) -> None:
    path = tmp_path / name
    # a one-page PDF, as a seller might upload a screenshot's print (packed: a gzip of one,
    # where a gzip of a CSV file is read)
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    path.write_bytes(gzip.compress(pdf) if name.endswith(".gz") else pdf)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-12-01"]) == 1
    assert capsys.readouterr().err.strip() == said


def test_a_tracking_or_rating_written_unknown_keeps_its_order_in_every_metric(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "unknown", "N/A", 未知 say no one knows, as a blank cell does: the order still counts in
    # the order defect rate, and its tracking is judged by its tracking id
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,platform,purchase_ts,shipped_ts,tracking_id,tracking_valid,"
        "feedback_rating\n"
        "A,shop-1,amazon,2026-11-28T10:00:00Z,2026-11-28T18:00:00Z,YT1,unknown,N/A\n"
        "B,shop-1,amazon,2026-11-28T10:00:00Z,2026-11-28T18:00:00Z,YT2,N/A,1\n"
        "C,shop-1,amazon,2026-11-28T10:00:00Z,2026-11-28T18:00:00Z,,未知,\n"
        "D,shop-1,amazon,2026-11-28T10:00:00Z,2026-11-28T18:00:00Z,YT4,yes,5\n",
        encoding="utf-8",
    )
    found = computed(path, capsys)
    assert found[("odr", 60)][:2] == (1, 4)  # B's one star, of all four
    assert found[("valid_tracking_rate", 30)][:2] == (3, 4)  # C shipped without tracking


def test_unix_times_as_the_platforms_apis_give_them_are_read_in_csv_and_parquet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # seconds (Shopee's create_time) or milliseconds since 1970, UTC: A shipped an hour past
    # its ship-by time (10:00 on 1 December), B an hour before it; C's ship-by is a day
    # alone, all of 1 December, and it shipped that evening
    placed, ship_by = 1796032800, 1796119200  # 2026-11-30 10:00 and 2026-12-01 10:00 UTC
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,platform,purchase_ts,ship_by_ts,shipped_ts\n"
        f"A,shop-1,amazon,{placed},{ship_by},{ship_by + 3600}\n"
        f"B,shop-1,amazon,{placed}000,{ship_by}000,{ship_by - 3600}000\n"
        "C,shop-1,amazon,2026-11-30,2026-12-01,2026-12-01T20:00:00Z\n",
        encoding="utf-8",
    )
    found = computed(path, capsys)
    assert found[("late_shipment_rate", 10)][:2] == (1, 3)  # A

    table = pa.table(
        {
            "order_id": ["A", "B"],
            "account_id": ["shop-1"] * 2,
            "purchase_ts": pa.array([placed, placed], pa.int64()),
            "ship_by_ts": pa.array([ship_by, ship_by], pa.int64()),
            "shipped_ts": pa.array([ship_by + 3600, ship_by - 3600], pa.int64()),
        }
    )
    pq.write_table(table, tmp_path / "orders.parquet")
    found = computed(tmp_path / "orders.parquet", capsys)
    assert found[("late_shipment_rate", 10)][:2] == (1, 2)  # A
