"""A window's sums are the same whether one day is asked for (``metrics compute``: the days of
each window added) or several (an import's history: running totals along the days)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa

from reinstate.metrics.engine import DayCounts


def test_the_last_days_windows_are_the_same_alone_as_in_a_history() -> None:
    accounts = pa.table({"account_id": ["a", "b", "c"], "platform": ["amazon"] * 3})
    counts = DayCounts(accounts, date(2026, 9, 1), date(2026, 11, 18), ["odr"])
    grid = counts.counts[("purchase_ts", "defect")]
    grid[:-1] = np.random.default_rng(7).integers(0, 4, grid.size - 1)
    last = counts.days - 1
    for size in (1, 7, 30, 60, counts.days - 5):
        alone = counts.window("purchase_ts", "defect", size, last)
        history = counts.window("purchase_ts", "defect", size, last - 5)
        assert alone.tolist() == history.reshape(3, 6)[:, -1].tolist()
        by_hand = grid[:-1].reshape(3, counts.days)[:, counts.days - size :].sum(axis=1)
        assert alone.tolist() == by_hand.tolist()
