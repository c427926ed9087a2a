"""Order files as sellers' tools write them, beyond the tidy ones: an order written twice (the
later row adds the shipment), a file cut short, values a spreadsheet writes. Each file is made
in the test and counted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from reinstate.cli import main


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
