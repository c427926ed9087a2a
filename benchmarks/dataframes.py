"""The job ``reinstate metrics compute`` does, written plainly in Polars and in pandas: read the
Parquet file, (optionally) merge the rows of one order, work out each order's facts as SPEC §5
and ``sql/facts.sql`` define them, and count each metric's window as of one day per account.
The benchmark's baselines: the same answer from a data-frame library.

Each returns rows ``(account_id, metric, window_days, numerator, denominator)`` for every
account of the file and every window of ``windows``.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from reinstate.metrics.definitions import DEFINITIONS

READ = [
    "account_id",
    "platform",
    "purchase_ts",
    "ship_by_ts",
    "shipped_ts",
    "promised_delivery_ts",
    "delivered_ts",
    "status",
    "cancelled_ts",
    "cancelled_by",
    "tracking_valid",
    "feedback_rating",
    "a_to_z_claim",
    "chargeback",
    "first_response_minutes",
    "fulfilment",
]
Rows = list[tuple[str, str, int, int, int]]


def polars_job(path: Path, as_of: date, windows: dict[str, tuple[int, ...]], merge: bool) -> Rows:
    import polars as pl

    frame = pl.scan_parquet(path).select([*READ, "order_id"] if merge else READ)
    if merge:  # as the importer merges: earliest/latest times, the last row's status, any claim
        frame = frame.group_by("account_id", "order_id", maintain_order=True).agg(
            pl.col("platform").min(),
            pl.col("purchase_ts").min(),
            pl.col("ship_by_ts").min(),
            pl.col("shipped_ts").max(),
            pl.col("promised_delivery_ts").min(),
            pl.col("delivered_ts").max(),
            pl.col("status").last(),
            pl.col("cancelled_ts").max(),
            pl.col("cancelled_by").last(),
            pl.col("tracking_valid").fill_null(False).all(),
            pl.col("feedback_rating").min(),
            pl.col("a_to_z_claim").any(),
            pl.col("chargeback").any(),
            pl.col("first_response_minutes").min(),
            pl.col("fulfilment").min(),  # afn if a row says so
        )
    cancelled = (
        pl.col("status").str.to_lowercase().is_in(["cancelled", "canceled"]).fill_null(False)
        | pl.col("cancelled_ts").is_not_null()
    )
    unshipped = cancelled & pl.col("shipped_ts").is_null()
    mfn = pl.col("fulfilment").fill_null("mfn") == "mfn"  # shipped by the seller
    valid = pl.col("tracking_valid").fill_null(False)
    negative = (pl.col("feedback_rating") <= 2).fill_null(False)
    facts = {
        "ordered": pl.lit(1),
        "seller_ordered": mfn,
        "defect": negative
        | pl.col("a_to_z_claim").fill_null(False)
        | pl.col("chargeback").fill_null(False),
        "negative": negative,
        "seller_cancel": unshipped
        & mfn
        & pl.col("cancelled_by").fill_null("unknown").is_in(["seller", "unknown"]),
        "to_ship": ~cancelled & mfn,
        "late": ~cancelled
        & mfn
        & (
            pl.col("shipped_ts").is_null()
            | (pl.col("shipped_ts") > pl.col("ship_by_ts")).fill_null(False)
        ),
        "valid_tracking": pl.col("shipped_ts").is_not_null() & valid,
        "tracking_known": pl.col("shipped_ts").is_not_null(),
        "valid_tracking_promised": valid,
        "on_time": valid
        & pl.col("delivered_ts").is_not_null()
        & (pl.col("delivered_ts") <= pl.col("promised_delivery_ts")).fill_null(False),
        "responded": pl.col("first_response_minutes").is_not_null(),
        "responded_in_time": (pl.col("first_response_minutes") <= 24 * 60).fill_null(False),
    }
    days = {ts: pl.col(ts).dt.date().alias(f"{ts}_day") for ts in _references(windows)}
    orders = frame.select(
        "account_id", *days.values(), *(e.cast(pl.Int64).alias(k) for k, e in facts.items())
    )
    queries = []
    for code, sizes in windows.items():
        definition = DEFINITIONS[code]
        day = pl.col(f"{definition.reference}_day")
        for size in sizes:
            inside = day.is_between(as_of - timedelta(days=size - 1), as_of)
            queries.append(
                orders.group_by("account_id").agg(
                    pl.lit(code).alias("metric"),
                    pl.lit(size).alias("window_days"),
                    pl.col(definition.numerator).filter(inside).sum().alias("numerator"),
                    pl.col(definition.denominator).filter(inside).sum().alias("denominator"),
                )
            )
    found = pl.concat(pl.collect_all(queries))
    return [tuple(row) for row in found.iter_rows()]  # type: ignore[misc]


def pandas_job(path: Path, as_of: date, windows: dict[str, tuple[int, ...]], merge: bool) -> Rows:
    import pandas as pd

    frame = pd.read_parquet(path, columns=[*READ, "order_id"] if merge else READ)
    if merge:
        frame["tracking_valid"] = frame["tracking_valid"].fillna(False).astype(bool)
        frame = frame.groupby(["account_id", "order_id"], sort=False).agg(
            platform=("platform", "min"),
            purchase_ts=("purchase_ts", "min"),
            ship_by_ts=("ship_by_ts", "min"),
            shipped_ts=("shipped_ts", "max"),
            promised_delivery_ts=("promised_delivery_ts", "min"),
            delivered_ts=("delivered_ts", "max"),
            status=("status", "last"),
            cancelled_ts=("cancelled_ts", "max"),
            cancelled_by=("cancelled_by", "last"),
            tracking_valid=("tracking_valid", "all"),
            feedback_rating=("feedback_rating", "min"),
            a_to_z_claim=("a_to_z_claim", "any"),
            chargeback=("chargeback", "any"),
            first_response_minutes=("first_response_minutes", "min"),
            fulfilment=("fulfilment", "min"),
        )
        frame = frame.reset_index()
    status = frame["status"].fillna("").str.lower()
    cancelled = status.isin(["cancelled", "canceled"]) | frame["cancelled_ts"].notna()
    shipped = frame["shipped_ts"].notna()
    unshipped = cancelled & ~shipped
    mfn = frame["fulfilment"].fillna("mfn").eq("mfn")  # shipped by the seller
    valid = frame["tracking_valid"].fillna(False).astype(bool)
    negative = frame["feedback_rating"].le(2).fillna(False).astype(bool)
    claim = frame["a_to_z_claim"].fillna(False).astype(bool)
    charge = frame["chargeback"].fillna(False).astype(bool)
    facts: dict[str, Any] = {
        "ordered": 1,
        "seller_ordered": mfn,
        "defect": negative | claim | charge,
        "negative": negative,
        "seller_cancel": unshipped
        & mfn
        & frame["cancelled_by"].fillna("unknown").isin(["seller", "unknown"]),
        "to_ship": ~cancelled & mfn,
        "late": ~cancelled & mfn & (~shipped | (frame["shipped_ts"] > frame["ship_by_ts"])),
        "valid_tracking": shipped & valid,
        "tracking_known": shipped,
        "valid_tracking_promised": valid,
        "on_time": valid
        & frame["delivered_ts"].notna()
        & (frame["delivered_ts"] <= frame["promised_delivery_ts"]),
        "responded": frame["first_response_minutes"].notna(),
        "responded_in_time": frame["first_response_minutes"].le(24 * 60).fillna(False).astype(bool),
    }
    orders = pd.DataFrame({k: pd.Series(v, index=frame.index).astype("int64")
                           for k, v in facts.items()})  # fmt: skip
    orders["account_id"] = frame["account_id"]
    accounts = pd.Index(sorted(frame["account_id"].unique()), name="account_id")
    rows: Rows = []
    for reference in _references(windows):
        day = frame[reference].dt.normalize()
        for code, sizes in windows.items():
            definition = DEFINITIONS[code]
            if definition.reference != reference:
                continue
            for size in sizes:
                first = pd.Timestamp(as_of - timedelta(days=size - 1))
                inside = orders[(day >= first) & (day <= pd.Timestamp(as_of))]
                sums = (
                    inside.groupby("account_id")[[definition.numerator, definition.denominator]]
                    .sum()
                    .reindex(accounts, fill_value=0)
                )
                rows.extend(
                    (account, code, size, int(n), int(d))
                    for account, n, d in zip(
                        sums.index,
                        sums[definition.numerator],
                        sums[definition.denominator],
                        strict=True,
                    )
                )
    return rows


def _references(windows: dict[str, tuple[int, ...]]) -> list[str]:
    return list(dict.fromkeys(DEFINITIONS[code].reference for code in windows))
