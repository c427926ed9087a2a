"""An order given a row per item, some items cancelled and the others not, is not a cancelled
order (SPEC §5 counts orders: one shipped in part was shipped, and one whose other items are
still to ship is still to be shipped on time); an order is cancelled when all of its items are."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from reinstate.metrics.compute import compute_source
from reinstate.metrics.engine import DuckDB
from reinstate.metrics.normalise import normalise
from reinstate.metrics.profiles import open_source
from reinstate.policies.loader import PLATFORMS_DIR, load_policies

PACKS = load_policies(PLATFORMS_DIR)
HEADER = "order_id,account_id,purchase_ts,ship_by_ts,shipped_ts,status,cancelled_by,sku\n"
ROWS = [
    # a mug and a lid: the lid out of stock and cancelled by the seller, the mug shipped late
    "M-1,shop-2,2026-11-14T08:00:00Z,2026-11-15T08:00:00Z,2026-11-16T12:00:00Z,Shipped,,MUG",
    "M-1,shop-2,2026-11-14T08:00:00Z,2026-11-15T08:00:00Z,,Cancelled,seller,LID",
    # two items, the first cancelled by the buyer, the second not shipped yet (nor due yet)
    "M-2,shop-2,2026-11-17T08:00:00Z,2026-11-19T08:00:00Z,,Cancelled,buyer,CUP",
    "M-2,shop-2,2026-11-17T08:00:00Z,2026-11-19T08:00:00Z,,Unshipped,,SAUCER",
    # both items cancelled by the seller before shipment: a cancelled order
    "M-3,shop-2,2026-11-15T08:00:00Z,2026-11-16T08:00:00Z,,Cancelled,seller,BOWL",
    "M-3,shop-2,2026-11-15T08:00:00Z,2026-11-16T08:00:00Z,,Canceled,seller,SPOON",
    # one item, shipped on time
    "M-4,shop-2,2026-11-15T09:00:00Z,2026-11-16T09:00:00Z,2026-11-15T18:00:00Z,Shipped,,PLATE",
    # one item, cancelled by the seller; a later row of it gives no status (as a row added for
    # a claim would): it does not undo the cancellation
    "M-5,shop-2,2026-11-15T10:00:00Z,2026-11-16T10:00:00Z,,Cancelled,seller,FORK",
    "M-5,shop-2,2026-11-15T10:00:00Z,,,,,FORK",
]


def write(path: Path) -> Path:
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_an_order_partly_cancelled_is_counted_as_the_order_it_still_is(tmp_path: Path) -> None:
    normalised, judged = compute_source(
        PACKS, "canonical", write(tmp_path / "orders.csv"), date(2026, 11, 18), engine=DuckDB()
    )
    assert (normalised.rows, normalised.orders) == (9, 5)
    found = {(j.metric, j.window_days): (j.numerator, j.denominator) for j in judged}
    # cancelled by the seller before shipment: M-3 and M-5 of the five orders (M-1's lid and
    # M-2's cup are items, not orders)
    assert found[("pre_fulfilment_cancel_rate", 7)] == (2, 5)
    # orders not cancelled, by ship-by day up to the 18th: M-1 (late: shipped the 16th, due the
    # 15th) and M-4 (on time); M-2 is due the 19th
    assert found[("late_shipment_rate", 10)] == (1, 2)


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_an_import_keeps_a_partly_cancelled_order_as_not_cancelled(
    tmp_path: Path, kind: str
) -> None:
    path = write(tmp_path / "orders.csv")
    if kind == "parquet":  # the same rows as a Parquet file, merged by the queries over it
        import duckdb

        duckdb.sql(
            f"COPY (SELECT * FROM read_csv('{path}', all_varchar = true)) "
            f"TO '{tmp_path / 'rows.parquet'}'"
        )
        path = tmp_path / "rows.parquet"
    normalise(open_source("canonical", path), tmp_path / "out.parquet")
    kept = {r["order_id"]: r for r in pq.read_table(tmp_path / "out.parquet").to_pylist()}
    assert {order: row["cancelled"] for order, row in sorted(kept.items())} == {
        "M-1": False,
        "M-2": False,
        "M-3": True,
        "M-4": False,
        "M-5": True,
    }
    assert kept["M-1"]["skus"] == ["LID", "MUG"]
