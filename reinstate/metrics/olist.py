"""The ``olist`` profile: the public Olist dataset's folder, its orders, items and reviews
joined (``sql/olist.sql``) into one canonical order per (order, seller).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import duckdb
import pyarrow as pa

from ..errors import N_
from .engine import render
from .sources import Source, file_digest, header_of, refused

OLIST_FILES = {
    "orders": "olist_orders_dataset.csv",
    "items": "olist_order_items_dataset.csv",
    "reviews": "olist_order_reviews_dataset.csv",
}
OLIST_TIMEZONE = "America/Sao_Paulo"  # Olist's times are local to São Paulo, without an offset

OLIST_PRESENT = frozenset(
    {
        "order_id",
        "account_id",
        "platform",
        "marketplace",
        "purchase_ts",
        "ship_by_ts",
        "shipped_ts",
        "promised_delivery_ts",
        "delivered_ts",
        "status",
        "cancelled_by",
        "sku",
        "quantity",
        "destination_country",
        "feedback_rating",
    }
)


def open_olist(path: Path, timezone: str | None) -> Source:
    """The Olist dataset in ``path`` (its folder, or one of its files), as canonical orders;
    refuses, with one sentence, a folder without its files or columns."""
    folder = path if path.is_dir() else path.parent
    files = {key: folder / name for key, name in OLIST_FILES.items()}
    for name_path in files.values():
        if not name_path.is_file():
            raise refused(
                "olist",
                path,
                N_("{path} does not match the {profile} profile: it has no file {name}."),
                name=name_path.name,
            )
    orders_header = header_of(files["orders"], ",", "utf-8", "olist")
    for column in ("order_id", "order_status", "order_purchase_timestamp"):
        if column not in orders_header:
            raise refused(
                "olist",
                path,
                N_("{path} does not match the {profile} profile: it has no column {column}."),
                column=column,
            )
    total = sum(p.stat().st_size for p in files.values())
    connection = duckdb.connect()
    sql = render("olist.sql", **{key: str(value) for key, value in files.items()})
    try:
        reader = connection.sql(sql).to_arrow_reader(100_000)
    except duckdb.Error as exc:
        connection.close()
        raise refused(
            "olist",
            path,
            N_("{path} does not match the {profile} profile: {reason}."),
            reason=str(exc).splitlines()[0],
        ) from exc
    state = {"done": 0}

    def batches() -> Iterator[pa.RecordBatch]:
        try:
            yield from reader
            state["done"] = total
        finally:
            connection.close()

    return Source(
        "olist",
        OLIST_PRESENT,
        timezone or OLIST_TIMEZONE,
        None,
        {},
        batches(),
        total,
        lambda: state["done"],
        partial(file_digest, list(files.values())),
        missing={"account_id": "no_items"},
    )
