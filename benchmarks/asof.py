"""The daily history computed per "as of" day (``reinstate.metrics.asof.history_by_day``)
beside the single-day history it replaces (``window_values`` over every account), on one
Parquet file of N orders of S sellers written for the run: every account on one day (as
before), a few stores on another day than the marketplace's sellers (a store's import, then
Olist's), and the accounts split in two days. Prints each time and its ratio to the baseline,
and whether the accounts on the baseline's day got the very numbers the baseline gave.

    python benchmarks/asof.py                     # 1M orders, 3000 sellers
    python benchmarks/asof.py --orders 200000 --sellers 500
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from metrics import AS_OF, generate, spans  # noqa: E402

RUNS = 3
DAYS = 90


def timed(job: object) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        job()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--sellers", type=int, default=3000)
    options = parser.parse_args()

    import duckdb
    import pyarrow.compute as pc

    from reinstate.metrics.asof import history_by_day
    from reinstate.metrics.engine import DuckDB, window_values

    windows = spans()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "orders.parquet"
        generate(path, options.orders, options.sellers)
        keys = sorted(
            str(k[0]) for k in duckdb.sql(f"SELECT DISTINCT account_id FROM '{path}'").fetchall()
        )
        other = AS_OF - timedelta(days=30)
        cases = {
            "one day (as before)": dict.fromkeys(keys, AS_OF),
            "5 stores on another day": {k: (other if i < 5 else AS_OF) for i, k in enumerate(keys)},
            "half on another day": {k: (other if i % 2 else AS_OF) for i, k in enumerate(keys)},
        }
        baseline = window_values(DuckDB(), [path], AS_OF, days=DAYS, windows=windows)
        base = timed(lambda: window_values(DuckDB(), [path], AS_OF, days=DAYS, windows=windows))
        print(f"{options.orders:,} orders, {len(keys):,} sellers, {DAYS} days")
        print(f"  baseline window_values, every account on one day: {base:.3f} s")
        for name, days in cases.items():
            seconds = timed(
                lambda days=days: history_by_day(
                    DuckDB(), path, days, days=DAYS, windows=windows, fallback=AS_OF
                )
            )
            table = history_by_day(DuckDB(), path, days, days=DAYS, windows=windows, fallback=AS_OF)
            same_day = [k for k, d in days.items() if d == AS_OF]

            def rows(t: object, wanted: list[str] = same_day) -> list[dict[str, object]]:
                part = t.filter(pc.is_in(t["account_id"], value_set=pc.cast(wanted, "string")))  # type: ignore[attr-defined]
                return sorted(
                    part.to_pylist(),
                    key=lambda r: (r["account_id"], r["metric"], r["window_days"], r["day"]),
                )

            agree = rows(table) == rows(baseline)
            print(
                f"  {name}: {seconds:.3f} s, {seconds / base:.2f}× the baseline; "
                f"same numbers on the baseline's day: {agree}"
            )


if __name__ == "__main__":
    main()
