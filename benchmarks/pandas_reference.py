"""A straightforward pandas implementation of SPEC §5's metrics with daily history: the
benchmark's reference (and a second, independent reading of the definitions)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

COLUMNS = [
    "account_id",
    "purchase_ts",
    "ship_by_ts",
    "shipped_ts",
    "promised_delivery_ts",
    "delivered_ts",
    "cancelled",
    "cancelled_by",
    "tracking_valid",
    "feedback_rating",
    "a_to_z_claim",
    "chargeback",
]
# metric -> (reference column, numerator flag, denominator flag)
METRICS = {
    "odr": ("purchase_ts", "defect", "ordered"),
    "negative_feedback_rate": ("purchase_ts", "negative", "ordered"),
    "late_shipment_rate": ("ship_by_ts", "late", "to_ship"),
    "pre_fulfilment_cancel_rate": ("purchase_ts", "seller_cancel", "ordered"),
    "valid_tracking_rate": ("shipped_ts", "valid_tracking", "tracking_known"),
    "on_time_delivery_rate": ("promised_delivery_ts", "on_time", "valid_tracking_promised"),
}


def history(
    path: object, as_of: date, days: int, windows: dict[str, tuple[int, ...]]
) -> pd.DataFrame:
    orders = pd.read_parquet(path, columns=COLUMNS)
    stars = orders["feedback_rating"]
    claim = orders["a_to_z_claim"].fillna(False).astype(bool)
    charge = orders["chargeback"].fillna(False).astype(bool)
    negative = stars.le(2).fillna(False).astype(bool)
    unshipped = orders["shipped_ts"].isna()
    ever_cancelled = orders["cancelled"].fillna(False).astype(bool)
    cancelled = ever_cancelled & unshipped
    by = orders["cancelled_by"].fillna("unknown")
    valid = orders["tracking_valid"]
    flags = pd.DataFrame(
        {
            "account_id": orders["account_id"],
            "ordered": 1,
            "defect": (negative | claim | charge).astype(int),
            "negative": negative.astype(int),
            "seller_cancel": (cancelled & by.isin(["seller", "unknown"])).astype(int),
            "to_ship": (~ever_cancelled).astype(int),
            "late": (
                ~ever_cancelled & (unshipped | (orders["shipped_ts"] > orders["ship_by_ts"]))
            ).astype(int),
            "valid_tracking": (~unshipped & valid.fillna(False).astype(bool)).astype(int),
            "tracking_known": (~unshipped & valid.notna()).astype(int),
            "valid_tracking_promised": valid.fillna(False).astype(bool).astype(int),
            "on_time": (
                valid.fillna(False).astype(bool)
                & orders["delivered_ts"].notna()
                & (orders["delivered_ts"] <= orders["promised_delivery_ts"])
            ).astype(int),
        }
    )
    first = as_of - timedelta(days=days - 1)
    calendar = pd.date_range(
        first - timedelta(days=max(max(w) for w in windows.values()) - 1), as_of
    )
    accounts = sorted(orders["account_id"].unique())
    grid = pd.MultiIndex.from_product([accounts, calendar], names=["account_id", "day"])
    frames = []
    for metric, sizes in windows.items():
        reference, numerator, denominator = METRICS[metric]
        day = orders[reference].dt.floor("D")
        daily = (
            flags[[numerator, denominator]]
            .assign(account_id=flags["account_id"], day=day)
            .dropna(subset=["day"])
            .groupby(["account_id", "day"])[[numerator, denominator]]
            .sum()
            .reindex(grid, fill_value=0)
        )
        for size in sizes:
            rolled = (
                daily.groupby(level="account_id").rolling(size, min_periods=1).sum().droplevel(0)
            )
            rolled = rolled[rolled.index.get_level_values("day") >= pd.Timestamp(first)]
            frames.append(
                pd.DataFrame(
                    {
                        "account_id": rolled.index.get_level_values("account_id"),
                        "day": rolled.index.get_level_values("day"),
                        "metric": metric,
                        "window_days": size,
                        "numerator": rolled[numerator].astype("int64").to_numpy(),
                        "denominator": rolled[denominator].astype("int64").to_numpy(),
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)
