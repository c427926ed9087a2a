"""``metrics compute`` on a Parquet file leaves out of its per-row check what the file itself
rules out: a column whose footer statistics show no empty order id, account or purchase time, or
no rating outside 1 to 5, and a choice column none of whose distinct values fails. A value those
cannot rule out is still checked on every row, with the same report as the CSV path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reinstate.metrics.engine import DuckDB
from reinstate.metrics.profiles import open_source
from reinstate.metrics.scan import _certain, _chosen, open_typed

from .test_metrics_scan import orders, report, write_csv, write_parquet


def ruled_out(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """The columns the footer rules out, and those the distinct values rule out."""
    source = open_source("canonical", path)
    connection = DuckDB().connect()
    try:
        open_typed(source, connection)
        described = connection.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
        kinds = {name: kind for name, kind, *_ in described}
        types = {source.columns[n]: k for n, k in kinds.items() if k != "VARCHAR"}
        footer = _certain(connection, source, kinds)
        return footer, _chosen(connection, source, types, footer)
    finally:
        connection.close()


def test_a_clean_typed_file_needs_no_check_row_by_row(tmp_path: Path) -> None:
    path = write_parquet(
        tmp_path / "orders.parquet", orders(900, repeats=False, bad=False), typed=True, zone=True
    )
    footer, values = ruled_out(path)
    assert footer == {"order_id", "account_id", "purchase_ts", "feedback_rating"}
    assert values == {"fulfilment", "cancelled_by"}


def test_a_text_file_keeps_its_parsed_columns_checked(tmp_path: Path) -> None:
    path = write_parquet(
        tmp_path / "orders.parquet", orders(900, repeats=False, bad=False), typed=False, zone=False
    )
    footer, values = ruled_out(path)
    assert "purchase_ts" not in footer and "feedback_rating" not in footer  # parsed from text
    assert {"order_id", "account_id"} <= footer
    assert "fulfilment" in values


@pytest.mark.parametrize(
    ("column", "value", "left"),
    [
        ("order_id", "", "order_id"),  # empty, not null: the footer's minimum says so
        ("order_id", "   ", "order_id"),
        ("account_id", " shop-1", "account_id"),  # a space to trim, not a missing account
        ("feedback_rating", 0, "feedback_rating"),
        ("cancelled_by", "robot", "cancelled_by"),
        ("fulfilment", " AFN ", None),  # read as afn: every value passes
    ],
)
def test_a_value_the_file_does_not_rule_out_is_checked_on_every_row(
    tmp_path: Path, column: str, value: Any, left: str | None
) -> None:
    rows = orders(900, repeats=False, bad=False, seed=3)
    rows[123] = dict(rows[123], **{column: value})
    path = write_parquet(tmp_path / "orders.parquet", rows, typed=True, zone=True)
    footer, values = ruled_out(path)
    if left is not None:
        assert left not in footer | values
    expected = report(write_csv(tmp_path / "orders.csv", rows))
    for problem in (*expected[0]["problems"], *expected[0]["cells"]):
        problem["row"] -= 1  # a CSV file's line (after its header), a Parquet file's row
    assert report(path) == expected
    # an order id refuses its row; a rating or a cancelling party not read is a cell left
    # unknown, its order kept
    refused = column == "order_id"
    assert expected[0]["bad_rows"] == (1 if refused else 0)
    assert expected[0]["unread_cells"] == (
        1 if column in ("feedback_rating", "cancelled_by") else 0
    )
