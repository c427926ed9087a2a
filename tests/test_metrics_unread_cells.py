"""A value that cannot be read in a column an order can do without (tracking, a rating, a
promised delivery time, a quantity) leaves that one cell unknown and keeps the order, the import
report naming each such cell (row, column, value) in the reader's language; a row without a
readable order id, seller or purchase time is still refused, and so is one whose shipment,
delivery, cancellation or return time cannot be read (blank there says it did not happen: an
order shipped on time must not count as late because its time was written oddly)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from reinstate.cli import main
from reinstate.metrics.normalise import normalise
from reinstate.metrics.profiles import open_source

from .conftest import World

HEADER = (
    "order_id,account_id,purchase_ts,ship_by_ts,shipped_ts,promised_delivery_ts,delivered_ts,"
    "tracking_id,tracking_valid,carrier,quantity,feedback_rating,a_to_z_claim\n"
)
LINES = [
    # shipped late, tracking written "pending": unknown, so neither valid nor invalid
    "K1,shop-4,2026-11-09T08:00:00Z,2026-11-11T08:00:00Z,2026-11-12T09:00:00Z,"
    "2026-11-16T08:00:00Z,2026-11-15T10:00:00Z,LX77,pending,4PX,1,5,no",
    # a rating of "four stars" and a delivery promised "on Tuesday": its claim still counts
    "K2,shop-4,2026-11-09T09:00:00Z,2026-11-11T09:00:00Z,2026-11-10T09:00:00Z,"
    "on Tuesday,2026-11-15T10:00:00Z,LX78,yes,4PX,3,four stars,yes",
    # fine, but without tracking: invalid tracking
    "K3,shop-4,2026-11-09T10:00:00Z,2026-11-11T10:00:00Z,2026-11-10T10:00:00Z,"
    "2026-11-16T10:00:00Z,2026-11-14T10:00:00Z,,no,4PX,1,1,no",
    # a purchase time no one can read: the row is refused, as before
    "K4,shop-4,last week,2026-11-11T10:00:00Z,2026-11-10T10:00:00Z,"
    "2026-11-16T10:00:00Z,2026-11-14T10:00:00Z,LX80,yes,4PX,1,,no",
    # shipped "yesterday": not "never shipped" (a late shipment), so the row is refused too
    "K5,shop-4,2026-11-09T11:00:00Z,2026-11-11T11:00:00Z,yesterday,"
    "2026-11-16T11:00:00Z,,LX81,yes,4PX,1,5,no",
]


@pytest.fixture(autouse=True)
def _files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")


def write(path: Path) -> Path:
    path.write_text(HEADER + "\n".join(LINES) + "\n", encoding="utf-8")
    return path


def as_text_parquet(csv_path: Path, target: Path) -> Path:
    """The same rows as a Parquet file of text columns (a spreadsheet's export)."""
    table = duckdb.sql(
        f"SELECT * FROM read_csv('{csv_path}', all_varchar = true, header = true)"
    ).to_arrow_table()
    pq.write_table(table, target)
    return target


def computed(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-18", "--json"]) == 0, capsys.readouterr().err
    found: dict[str, object] = json.loads(capsys.readouterr().out)
    return found


def counts(found: dict[str, object]) -> dict[tuple[str, int], tuple[int, int]]:
    rows = found["rows"]
    assert isinstance(rows, list)
    return {(r["metric"], r["window_days"]): (r["numerator"], r["denominator"]) for r in rows}


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_cell_not_read_is_unknown_and_its_order_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = write(tmp_path / "orders.csv")
    if kind == "parquet":
        path = as_text_parquet(path, tmp_path / "orders.parquet")
    found = computed(path, capsys)
    report = found["import"]
    assert isinstance(report, dict)
    assert (report["rows"], report["orders"], report["bad_rows"]) == (5, 3, 2)
    assert report["unread_cells"] == 3
    shift = 1 if kind == "csv" else 0  # a CSV file's line (its header is line 1), a row
    assert [(c["row"], c["column"], c["value"]) for c in report["cells"]] == [
        (1 + shift, "tracking_valid", "pending"),
        (2 + shift, "promised_delivery_ts", "on Tuesday"),
        (2 + shift, "feedback_rating", "four stars"),
    ]
    said = report["cells"][1]["message"]
    assert said == "promised_delivery_ts: “on Tuesday” is not a date and time."
    numbers = counts(found)
    # K2's claim and K3's one star, of the three orders kept (K4's and K5's rows refused)
    assert numbers[("odr", 60)] == (2, 3)
    assert numbers[("negative_feedback_rate", 60)] == (1, 3)
    assert numbers[("late_shipment_rate", 10)] == (1, 3)  # K1, kept though its tracking is not
    # K1's tracking is unknown: neither valid nor counted against the seller; K2 valid of K2, K3
    assert numbers[("valid_tracking_rate", 30)] == (1, 2)


def test_the_cells_not_read_are_listed_in_the_readers_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    path = write(tmp_path / "orders.csv")
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-18"]) == 0
    said = capsys.readouterr().err.splitlines()
    assert said == [
        "有 2 行未读取：",
        "  第 5 行：purchase_ts：“last week”不是日期时间。",
        "  第 6 行：shipped_ts：“yesterday”不是日期时间。",
        "有 3 个单元格未能读取；这些值按未知处理，其订单照常保留：",
        "  第 2 行：tracking_valid：“pending”不是“是”或“否”。",
        "  第 3 行：promised_delivery_ts：“on Tuesday”不是日期时间。",
        "  第 3 行：feedback_rating：“four stars”不是 1 到 5 的评分。",
    ]


def test_an_import_keeps_the_order_with_the_cell_empty(tmp_path: Path) -> None:
    # what `metrics import` writes: the order, its unreadable cells empty, the others as read
    source = open_source("canonical", write(tmp_path / "orders.csv"))
    result = normalise(source, tmp_path / "orders.parquet")
    assert (result.orders, result.bad_rows, result.unread_cells) == (3, 2, 3)
    kept = {r["order_id"]: r for r in pq.read_table(tmp_path / "orders.parquet").to_pylist()}
    assert sorted(kept) == ["K1", "K2", "K3"]
    assert kept["K1"]["tracking_valid"] is None  # not guessed from its tracking id
    assert kept["K1"]["delivered_ts"] is not None
    assert (kept["K2"]["promised_delivery_ts"], kept["K2"]["feedback_rating"]) == (None, None)
    assert kept["K2"]["delivered_ts"] is not None
    assert (kept["K2"]["quantity"], kept["K2"]["a_to_z_claim"]) == (3, True)
    assert kept["K3"]["tracking_valid"] is False


def test_a_typed_rating_out_of_range_in_parquet_is_a_cell_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a typed column: 9 stars is read as a number, and still no rating
    table = pa.table(
        {
            "order_id": ["P1", "P2"],
            "account_id": ["shop-4", "shop-4"],
            "purchase_ts": pa.array(["2026-11-09T08:00:00Z", "2026-11-09T09:00:00Z"]).cast(
                pa.timestamp("us", tz="UTC")
            ),
            "feedback_rating": pa.array([9, 2], pa.int32()),
        }
    )
    pq.write_table(table, tmp_path / "typed.parquet")
    found = computed(tmp_path / "typed.parquet", capsys)
    report = found["import"]
    assert isinstance(report, dict)
    assert (report["orders"], report["bad_rows"], report["unread_cells"]) == (2, 0, 1)
    assert report["cells"][0]["value"] == "9"
    assert counts(found)[("negative_feedback_rate", 60)] == (1, 2)


def test_the_import_page_lists_the_cells_not_read(world: World, as_persona: Any) -> None:
    user = as_persona("owner")
    lines = [
        "order_id,account_id,purchase_ts,feedback_rating,chargeback",
        "W1,shop-8,2026-11-12T08:00:00Z,5,no",
        "W2,shop-8,2026-11-12T09:00:00Z,☆☆,maybe",
    ]
    answer = user.client.post(
        "/metrics/import",
        data={"csrf_token": user.csrf("/metrics"), "profile": "canonical"},
        files={"file": ("week.csv", ("\n".join(lines) + "\n").encode())},
    )
    assert answer.status_code == 303, answer.text[:500]
    page = user.client.get("/metrics").text
    shown = page.split('id="unread-cells"')[1].split("</table>")[0]
    assert "2 cells were not read" in shown
    assert "feedback_rating: “☆☆” is not a rating from 1 to 5." in shown
    assert "chargeback: “maybe” is not yes or no." in shown
