"""Order files as sellers' tools write them, beyond the tidy ones: an order written twice (the
later row adds the shipment), a file cut short, values a spreadsheet writes. Each file is made
in the test and counted by hand."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from reinstate.cli import main
from reinstate.errors import InvalidInput
from reinstate.metrics import profiles, service
from reinstate.workbench import Workbench

from .conftest import World


@pytest.fixture(autouse=True)
def _files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")


def computed(path: Path, capsys: pytest.CaptureFixture[str], *more: str) -> list[str]:
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path), *more]
    assert main([*args, "--as-of", "2026-11-15"]) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("tracking", ["tracking_id,tracking_valid", "tracking_id"])
def test_an_order_whose_later_row_adds_the_shipment_has_that_rows_tracking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tracking: str
) -> None:
    # the row written when the order came in has no tracking yet: it says nothing of it, so
    # the shipped row's valid tracking counts (it made the order's tracking not valid)
    valid = ",true" if "," in tracking else ""
    empty = "," if "," in tracking else ""
    path = tmp_path / "orders.csv"
    path.write_text(
        f"order_id,account_id,purchase_ts,ship_by_ts,shipped_ts,{tracking}\n"
        f"a1,s1,2026-11-10T10:00:00Z,2026-11-12T10:00:00Z,,{empty}\n"
        f"a1,s1,2026-11-10T10:00:00Z,2026-11-12T10:00:00Z,2026-11-11T10:00:00Z,T1{valid}\n"
        # shipped without a tracking id: not valid, whatever the source leaves unsaid
        f"a2,s1,2026-11-10T10:00:00Z,2026-11-12T10:00:00Z,2026-11-11T10:00:00Z,{empty}\n",
        encoding="utf-8",
    )
    out = computed(path, capsys)
    assert "s1,valid_tracking_rate,30,1,2,0.5,0.95,breach" in out
    assert "s1,late_shipment_rate,30,0,2,0.0,0.04,good" in out


def test_a_rating_must_be_whole_and_yes_or_no_may_be_written_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "4.0" is a spreadsheet's 4; "2.4" (an average, not one buyer's stars) is no rating, where
    # a cast would have rounded it to 2 and made a negative feedback of it: the rating is left
    # unknown, the order kept; 是 and 否 are the yes and no the Chinese message asks for
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,purchase_ts,feedback_rating,a_to_z_claim\n"
        "r1,s1,2026-11-10T10:00:00Z,4.0,否\n"
        "r2,s1,2026-11-10T10:00:00Z,2.4,否\n"
        "r3,s1,2026-11-10T10:00:00Z,5,是\n",
        encoding="utf-8",
    )
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-15"]) == 0
    out, err = capsys.readouterr()
    assert "s1,negative_feedback_rate,60,0,3,0.0,0.01,good" in out.splitlines()
    assert "s1,odr,60,1,3,0.3333333333333333,0.01,breach" in out.splitlines()
    assert err.splitlines() == [
        "One cell was not read; it is left unknown and its order is kept:",
        "  row 3: feedback_rating: “2.4” is not a rating from 1 to 5.",
    ]


def test_the_rows_not_read_are_listed_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh-CN")
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,purchase_ts,feedback_rating\n"
        "r1,s1,2026-11-10T10:00:00Z,0\nr2,s1,2026-11-10T10:00:00Z,5\n",
        encoding="utf-8",
    )
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-15"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "有 1 个单元格未能读取；该值按未知处理，其订单照常保留：",
        "  第 2 行：feedback_rating：“0”不是 1 到 5 的评分。",
    ]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "The file holds no orders."),  # 0 bytes
        (b"order_id,account_id,purchase_ts", "The file holds no orders."),  # no line end
        ("order_id\taccount_id\tpurchase_ts".encode("utf-16"), "The file holds no orders."),
        (None, "is a folder: give the order file in it."),
    ],
)
def test_a_file_without_orders_or_a_folder_is_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, said: str
) -> None:
    path = tmp_path / "orders.csv"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-15"]) != 0
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and said in err
    assert "Traceback" not in err and "CSV parse error" not in err


def test_a_mapping_saved_by_notepad_with_a_bom_is_read_and_one_in_gbk_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = '[columns]\n"订单编号" = "order_id"\n"店铺" = "account_id"\n"下单时间" = "purchase_ts"\n'
    source = tmp_path / "orders.csv"
    source.write_text("订单编号,店铺,下单时间\nC1,店铺甲,2026-11-10T08:00:00Z\n", encoding="utf-8")
    mapping = tmp_path / "shop.toml"
    args = ["metrics", "compute", "--profile", "mapping", "--mapping", str(mapping)]
    args += ["--source", str(source), "--as-of", "2026-11-15"]
    mapping.write_bytes(toml.encode("utf-8-sig"))
    assert main(args) == 0
    assert "店铺甲,odr,60,0,0,,0.01,no_data" in capsys.readouterr().out.splitlines()
    mapping.write_bytes(toml.encode("gbk"))
    assert main(args) != 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == "The mapping file shop.toml is not UTF-8 text: save it as UTF-8."


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_day_at_the_calendars_ends_is_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], day: str
) -> None:
    # counting back a window from 0001-01-01, or a day past 9999-12-31, overflowed the date
    path = tmp_path / "orders.csv"
    path.write_text("order_id,account_id,purchase_ts\no1,s1,2026-11-10T10:00:00Z\n", "utf-8")
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", day]) != 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == f"{day} is out of range: give a day from 1970-01-01 to 2999-12-31."


def test_an_import_as_of_a_day_at_the_calendars_end_is_refused_and_keeps_nothing(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("order_id,account_id,purchase_ts\no1,s1,2026-11-10T10:00:00Z\n", "utf-8")
    owner = world.actor(wb, "owner")
    with pytest.raises(InvalidInput, match="9999-12-31 is out of range"):
        service.import_orders(
            wb, owner, profile="canonical", path=path, as_of=date(9999, 12, 31), days=90
        )
    assert service.latest_import(wb, owner) is None


def test_a_header_with_spaces_or_a_name_written_twice_reads_each_column_as_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # " account_id " (a spreadsheet's padding) was looked up as "account_id", which the reader
    # did not have, and the last column was read in its place: the sellers were the ratings;
    # a second order_id column (a marketplace's own id, say) took the place of the first
    path = tmp_path / "orders.csv"
    path.write_text(
        "Order_ID , account_id ,purchase_ts,feedback_rating,order_id\n"
        "o1,s1,2026-11-10T10:00:00Z,1,X\n"
        "o2,s1,2026-11-11T10:00:00Z,5,X\n",
        encoding="utf-8",
    )
    out = computed(path, capsys)
    assert "s1,odr,60,1,2,0.5,0.01,breach" in out
    assert not [line for line in out[1:] if not line.startswith("s1,")]


def _workbook(path: Path) -> Path:
    """A minimal .xlsx of one sheet (a zip of its XML parts), as a spreadsheet saves one."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats'
        '.org/spreadsheetml/2006/main"><sheets><sheet name="Orders" sheetId="1"/></sheets>'
        "</workbook>",
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
        't="inlineStr"><is><t>order_id</t></is></c></row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_an_excel_workbook_is_named_and_a_parquet_file_is_read_whatever_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["metrics", "compute", "--profile", "canonical", "--as-of", "2026-11-15", "--source"]
    assert main([*args, str(_workbook(tmp_path / "orders.xlsx"))]) != 0
    assert capsys.readouterr().err.strip() == (
        "orders.xlsx is an Excel workbook: save it as CSV (UTF-8) and give that."
    )
    table = pa.table(
        {"order_id": ["o1", "o2"], "account_id": ["s1", "s1"], "feedback_rating": [1, 5],
         "purchase_ts": pa.array([datetime(2026, 11, 10, 10)] * 2, pa.timestamp("us", "UTC"))}
    )  # fmt: skip
    pq.write_table(table, tmp_path / "orders.csv")  # a Parquet file saved under a .csv name
    assert main([*args, str(tmp_path / "orders.csv")]) == 0
    assert "s1,odr,60,1,2,0.5,0.01,breach" in capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("suffix", ["parquet", "csv"])
def test_times_without_a_zone_are_read_in_the_zone_given_in_parquet_as_in_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    # 07:00 on the 16th in Shanghai is 23:00 UTC on the 15th: inside a window ending with the
    # 15th; 09:00 is 01:00 UTC on the 16th, outside. A Parquet file's timestamps without a
    # zone were read as UTC whatever --timezone said (both outside)
    table = pa.table(
        {"order_id": ["a", "b"], "account_id": ["s1", "s1"], "feedback_rating": [1, 1],
         "purchase_ts": pa.array([datetime(2026, 11, 16, 7), datetime(2026, 11, 16, 9)],
                                 pa.timestamp("us"))}
    )  # fmt: skip
    path = tmp_path / f"orders.{suffix}"
    if suffix == "parquet":
        pq.write_table(table, path)
    else:
        pacsv.write_csv(table, path)
    out = computed(path, capsys, "--timezone", "Asia/Shanghai")
    assert "s1,odr,60,1,1,1.0,0.01,breach" in out


AMAZON = [
    "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
    "fulfillment-channel", "sales-channel", "product-name", "sku", "asin", "item-status",
    "quantity", "currency", "item-price", "ship-country",
]  # fmt: skip


def test_an_amazon_report_whose_product_name_opens_a_quote_it_never_closes_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Amazon's flat file is tab-separated and never quoted: a title that begins with a " was
    # read as the start of a quoted field running over the next rows, and the file refused
    def row(order: str, day: str, status: str, name: str) -> str:
        return "\t".join(
            [order, "", f"2026-11-{day}T10:00:00+00:00", f"2026-11-{day}T11:00:00+00:00", status,
             "Merchant", "Amazon.com", name, "L-1", "B0001", status, "1", "USD", "9.99", "US"]
        )  # fmt: skip

    lines = [
        "\t".join(AMAZON),
        row("111-0000001-0000001", "10", "Shipped", '"Big lamp, 12 inch'),
        row("111-0000002-0000002", "12", "Cancelled", 'Shade "deluxe'),
        row("111-0000003-0000003", "13", "Shipped", "Bulb"),
    ]
    path = tmp_path / "all-orders.txt"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    args = ["metrics", "compute", "--profile", "amazon-all-orders", "--account-id", "shop-us"]
    assert main([*args, "--source", str(path), "--as-of", "2026-11-15"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "shop-us,pre_fulfilment_cancel_rate,7,1,3,0.3333333333333333,0.025,breach" in out


def test_rows_with_a_trailing_separator_the_header_lacks_are_said_in_our_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,purchase_ts\no1,s1,2026-11-10T10:00:00Z,\n", encoding="utf-8"
    )
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-15"]) != 0
    assert capsys.readouterr().err.strip() == (
        "orders.csv: a row has 4 fields where the header has 3: “o1,s1,2026-11-10T10:00:00Z,”."
    )  # not Arrow's "CSV parse error: Expected 3 columns, got 4", in English in any language
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh-CN")
    assert main([*args, "--as-of", "2026-11-15"]) != 0
    assert "有一行有 4 个字段，而表头有 3 个" in capsys.readouterr().err


def test_an_import_clears_what_an_import_killed_mid_way_left(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    folder = service.metrics_dir(wb, owner.org_id)
    staging = folder / ".import-k1ll3d"  # the staging folder of an import killed by kill -9
    staging.mkdir(parents=True)
    (staging / "rows.parquet").write_bytes(b"PAR1" * 1000)
    stale = [folder / ".import-0a1b.parquet.partial", folder / "import-0a1b.parquet"]
    for path in stale:
        path.write_bytes(b"PAR1")
    source = tmp_path / "orders.csv"
    source.write_text("order_id,account_id,purchase_ts\no1,s1,2026-11-10T10:00:00Z\n", "utf-8")
    row, _ = service.import_orders(wb, owner, profile="canonical", path=source, days=30)
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted([".import.lock", row.orders_file, row.history_file])


def test_bytes_of_another_encoding_past_the_first_block_are_said_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a UTF-8 export with one GBK-written SKU far down: Arrow's "CSV conversion error to
    # string: invalid UTF8 data", after a line that was not the row's, in English
    monkeypatch.setattr(profiles, "BATCH_BYTES", 4096)
    monkeypatch.setattr(profiles, "SNIFF_BYTES", 4096)  # its encoding told from UTF-8 lines
    lines = [b"order_id,account_id,purchase_ts,sku"]
    lines += [b"o%d,s1,2026-11-10T10:00:00Z,abc" % n for n in range(1000)]
    lines.append("ox,s1,2026-11-10T10:00:00Z,店".encode("gbk"))
    path = tmp_path / "orders.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-15"]) != 0
    assert capsys.readouterr().err.strip() == (
        "orders.csv does not match the canonical profile: it is not text in utf-8."
    )


def test_a_platform_written_as_people_write_it_is_judged_on_its_own_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "Shopee" and "TikTok Shop" were no pack's code ("shopee", "tiktok_shop"): their shops
    # were judged on Amazon's order defect rate and targets instead of their own metrics
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,platform,purchase_ts,ship_by_ts,shipped_ts\n"
        "o1,sp,Shopee,2026-11-10T10:00:00Z,2026-11-12T10:00:00Z,2026-11-11T10:00:00Z\n"
        "o2,tt, TikTok Shop ,2026-11-10T10:00:00Z,2026-11-12T10:00:00Z,2026-11-11T10:00:00Z\n",
        encoding="utf-8",
    )
    out = computed(path, capsys)
    metrics = {tuple(line.split(",")[:3]) for line in out[1:]}
    assert ("sp", "non_fulfilment_rate", "7") in metrics
    assert ("tt", "late_shipment_rate", "30") in metrics
    assert not {m for m in metrics if m[1] == "odr"}


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_a_no_written_before_the_shipment_does_not_outweigh_the_shipped_rows_yes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    # a1: "N" while waiting to ship, then shipped with valid tracking: valid; a2: two rows
    # after the shipment disagree: not valid (every shipped row must say so)
    text = (
        "order_id,account_id,purchase_ts,ship_by_ts,shipped_ts,tracking_id,tracking_valid\n"
        "a1,s1,2026-11-10T10:00:00Z,2026-11-12T10:00:00Z,,,N\n"
        "a1,s1,2026-11-10T10:00:00Z,2026-11-12T10:00:00Z,2026-11-11T10:00:00Z,T1,Y\n"
        "a2,s1,2026-11-10T10:00:00Z,2026-11-12T10:00:00Z,2026-11-11T10:00:00Z,T2,Y\n"
        "a2,s1,2026-11-10T10:00:00Z,2026-11-12T10:00:00Z,2026-11-11T10:00:00Z,T2,N\n"
    )
    path = tmp_path / f"orders.{suffix}"
    path.write_text(text, encoding="utf-8")
    if suffix == "parquet":  # typed times and a boolean column, read in place
        read = pacsv.read_csv(
            io.BytesIO(text.replace(",N\n", ",false\n").replace(",Y\n", ",true\n").encode()),
            convert_options=pacsv.ConvertOptions(strings_can_be_null=True),
        )
        pq.write_table(read, path)
    out = computed(path, capsys)
    assert "s1,valid_tracking_rate,30,1,2,0.5,0.95,breach" in out


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('timezone = "Beijing"', "映射文件 shop.toml 无效：timezone：Beijing 不是时区。"),
        ('colums = "x"', "映射文件 shop.toml 无效：colums：映射文件没有这个键。"),
        ('delimiter = "\\\\t"', "映射文件 shop.toml 无效：delimiter：最多 1 个字符。"),
    ],
)
def test_why_a_mapping_is_not_valid_is_said_in_chinese(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    line: str,
    said: str,
) -> None:
    # pydantic's reasons ("Extra inputs are not permitted") and the checks' own were English
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh-CN")
    mapping = tmp_path / "shop.toml"
    mapping.write_text(f'{line}\n[columns]\n"订单编号" = "order_id"\n', encoding="utf-8")
    source = tmp_path / "orders.csv"
    source.write_text("订单编号\nC1\n", encoding="utf-8")
    args = ["metrics", "compute", "--profile", "mapping", "--mapping", str(mapping)]
    assert main([*args, "--source", str(source), "--as-of", "2026-11-15"]) != 0
    assert capsys.readouterr().err.strip() == said


def test_an_amazon_report_without_a_seller_asks_for_the_account_not_a_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Amazon's report never has an account_id column: "it has no column account_id" asked for
    # what the reader cannot add
    path = tmp_path / "all-orders.txt"
    path.write_text(
        "amazon-order-id\tpurchase-date\n111-1\t2026-11-10T10:00:00+00:00\n", encoding="utf-8"
    )
    args = ["metrics", "compute", "--profile", "amazon-all-orders", "--source", str(path)]
    assert main([*args, "--as-of", "2026-11-15"]) != 0
    assert capsys.readouterr().err.strip() == (
        "all-orders.txt does not say whose orders they are: choose the seller account."
    )
    assert main([*args, "--account-id", "shop-us", "--as-of", "2026-11-15"]) == 0


def test_fba_and_fbm_are_amazons_words_for_afn_and_mfn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Sellers write the channel as Amazon names it (Fulfilled by Amazon / by the merchant):
    FBA orders are not the seller's to ship or cancel before shipment (SPEC: MFN only)."""
    path = tmp_path / "orders.csv"
    head = "order_id,account_id,fulfilment,purchase_ts,ship_by_ts,shipped_ts,cancelled_ts\n"
    path.write_text(
        head + "a1,s1,FBA,2026-11-12T10:00:00Z,2026-11-14T10:00:00Z,,2026-11-12T12:00:00Z\n"
        "a2,s1,FBM,2026-11-12T10:00:00Z,2026-11-14T10:00:00Z,,2026-11-12T12:00:00Z\n"
        "a3,s1,fbm,2026-11-12T10:00:00Z,2026-11-14T10:00:00Z,2026-11-15T10:00:00Z,\n"
        "a4,s1, fba ,2026-11-12T10:00:00Z,2026-11-14T10:00:00Z,2026-11-15T10:00:00Z,\n",
        encoding="utf-8",
    )
    out = computed(path, capsys)
    assert "s1,pre_fulfilment_cancel_rate,7,1,2,0.5,0.025,breach" in out
    assert "s1,late_shipment_rate,10,1,1,1.0,0.04,breach" in out  # a3 only: a4 is Amazon's
    assert not capsys.readouterr().err  # every row read


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_ship_by_or_promised_day_written_alone_allows_the_whole_of_that_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """'Ship by 2026-11-12': an order shipped that afternoon is on time, one shipped after
    midnight is late; delivered on its promised day is on time (a day alone was midnight,
    so every order shipped on its ship-by day counted as late)."""
    table = pa.table(
        {
            "order_id": ["a1", "a2"],
            "account_id": ["s1", "s1"],
            "purchase_ts": ["2026-11-10T10:00:00Z"] * 2,
            "shipped_ts": ["2026-11-12T15:00:00Z", "2026-11-13T01:00:00Z"],
            "delivered_ts": ["2026-11-14T20:00:00Z", "2026-11-15T01:00:00Z"],
            "tracking_valid": ["true", "true"],
        }
    )
    days = {"ship_by_ts": date(2026, 11, 12), "promised_delivery_ts": date(2026, 11, 14)}
    if kind == "csv":
        for column, day in days.items():
            table = table.append_column(column, pa.array([day.isoformat()] * 2))
        path = tmp_path / "orders.csv"
        pacsv.write_csv(table, path)
    else:  # a Parquet file whose deadlines are typed as dates
        for column, day in days.items():
            table = table.append_column(column, pa.array([day] * 2, pa.date32()))
        path = tmp_path / "orders.parquet"
        pq.write_table(table, path)
    out = computed(path, capsys)
    assert "s1,late_shipment_rate,10,1,2,0.5,0.04,breach" in out
    assert "s1,on_time_delivery_rate,14,1,2,0.5,0.9,breach" in out


@pytest.mark.parametrize(
    ("channel", "name", "encoding"),
    [
        ("Amazon.de", "Schreibtischlampe für Büro, weiß", "cp1252"),
        ("Amazon.co.jp", "デスクライト 白", "cp932"),
        ("Amazon.com", "Desk lamp 💡", "utf-8"),
    ],
)
def test_an_amazon_report_in_its_marketplaces_encoding_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], channel: str, name: str, encoding: str
) -> None:
    """Seller Central writes Europe's reports in Windows-1252 and Japan's in Shift_JIS: they
    were refused as 'not text in utf-8' unless a mapping named the encoding."""

    def row(order: str, day: str, status: str) -> str:
        return "\t".join(
            [order, "", f"2026-11-{day}T10:00:00+00:00", f"2026-11-{day}T11:00:00+00:00", status,
             "Merchant", channel, name, "L-1", "B0001", status, "1", "EUR", "9.99", "DE"]
        )  # fmt: skip

    lines = [
        "\t".join(AMAZON),
        row("302-0000001-0000001", "10", "Shipped"),
        row("302-0000002-0000002", "12", "Cancelled"),
    ]
    path = tmp_path / "all-orders.txt"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    args = ["metrics", "compute", "--profile", "amazon-all-orders", "--account-id", "shop"]
    assert main([*args, "--source", str(path), "--as-of", "2026-11-15"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "shop,pre_fulfilment_cancel_rate,7,1,2,0.5,0.025,breach" in out
