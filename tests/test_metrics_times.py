"""Times and numbers as sellers write them in an order file (SPEC §5)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reinstate.cli import main
from reinstate.metrics import service
from reinstate.workbench import Workbench

from .conftest import World


@pytest.fixture
def _files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3")
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")


def compute(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    command = ["metrics", "compute", "--profile", "canonical", "--source", str(path), *args]
    assert main(command) == 0, capsys.readouterr().err
    captured = capsys.readouterr()
    return captured.out, captured.err


@pytest.mark.usefixtures("_files_only")
def test_a_time_written_with_cst_is_refused_unless_the_files_zone_settles_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 07:00 CST on the 16th is 23:00 UTC on the 15th in China (inside a window ending with the
    # 15th) but 13:00 UTC on the 16th in US Central (outside): it was read as US Central
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,platform,purchase_ts,feedback_rating\n"
        "a,s1,amazon,2026-11-16 07:00:00 CST,1\n"
        "b,s1,amazon,2026-11-15 18:00:00 EST,5\n"
        "c,s1,amazon,2026-11-16 07:00:00 +0800 CST,5\n"
        "d,s1,amazon,2026-11-16 07:00 ist,5\n",
        encoding="utf-8",
    )
    out, err = compute(path, capsys, "--as-of", "2026-11-15")
    assert "row 2: purchase_ts: “2026-11-16 07:00:00 CST”" in err
    assert "+08:00" in err and "--timezone" in err
    assert "row 5: purchase_ts" in err  # IST: India, Israel or Ireland
    # the unambiguous EST and the offset written before CST are read
    assert "s1,odr,60,0,2,0.0,0.01,good" in out
    out, err = compute(path, capsys, "--as-of", "2026-11-15", "--timezone", "Asia/Shanghai")
    assert "row 2" not in err and "row 5" in err
    assert "s1,odr,60,1,3," in out
    out, _ = compute(path, capsys, "--as-of", "2026-11-15", "--timezone", "America/Chicago")
    assert "s1,odr,60,0,2,0.0,0.01,good" in out


def test_an_import_without_a_day_stands_on_the_last_shipment_or_delivery_not_purchase(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    # bought on the 1st and 2nd, due to ship by the 4th, shipped late on the 5th, delivered on
    # the 9th: the import stood on the 2nd, so the late shipment fell outside every window. An
    # order not yet shipped, due by the 16th, does not move the day: it is not late yet
    key = f"store-{world.account_a2}"
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,platform,purchase_ts,ship_by_ts,shipped_ts,delivered_ts,"
        "promised_delivery_ts\n"
        f"a,{key},amazon,2026-11-01T09:00:00Z,2026-11-04T20:00:00Z,2026-11-05T09:00:00Z,"
        "2026-11-09T15:00:00Z,2026-11-10\n"
        f"b,{key},amazon,2026-11-02T09:00:00Z,2026-11-03,2026-11-03T10:00:00Z,,\n"
        f"e,{key},amazon,2026-11-02T11:00:00Z,2026-11-16,,,2026-11-20\n",
        encoding="utf-8",
    )
    owner = world.actor(wb, "owner")
    row, _ = service.import_orders(wb, owner, profile="canonical", path=path)
    assert row.as_of == date(2026, 11, 9)
    cards = service.account_metrics(wb, owner, world.account_a2)["cards"]
    late = {c["window_days"]: (c["numerator"], c["denominator"]) for c in cards
            if c["metric"] == "late_shipment_rate"}  # fmt: skip
    assert late[10] == (1, 2)
    # a shipment dated ahead of today has not happened: the import stands on today (the 18th)
    path.write_text(
        "order_id,account_id,platform,purchase_ts,shipped_ts\n"
        f"c,{key},amazon,2026-11-12T09:00:00Z,2026-12-25T09:00:00Z\n",
        encoding="utf-8",
    )
    row, _ = service.import_orders(wb, owner, profile="canonical", path=path)
    assert row.as_of == date(2026, 11, 18)


@pytest.mark.usefixtures("_files_only")
def test_thousands_separators_are_read_and_a_part_of_an_item_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "1,440" minutes and "1,000" items as a spreadsheet shows them refused the row and dropped
    # its order (a defect here), while "2.5" items was rounded to 3 in silence
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,account_id,platform,purchase_ts,quantity,first_response_minutes,feedback_rating\n"
        'a,s1,amazon,2026-11-14T10:00:00Z,"1,000","1,440",1\n'
        "b,s1,amazon,2026-11-14T10:00:00Z,2.5,10,5\n"
        'c,s1,amazon,2026-11-14T10:00:00Z,2,"1,5",5\n'
        'd,s1,amazon,2026-11-14T10:00:00Z,4.0,"12,345.5",5\n',
        encoding="utf-8",
    )
    out, err = compute(path, capsys, "--as-of", "2026-11-15")
    assert "row 2" not in err and "row 5" not in err
    assert "row 3: quantity: “2.5” is not a whole number." in err
    assert "row 4: first_response_minutes: “1,5” is not a number." in err
    assert "s1,odr,60,1,4,0.25,0.01,breach" in out  # b and c kept, their cells unknown
