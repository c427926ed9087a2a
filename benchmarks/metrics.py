"""Metrics at scale: all six metrics with 90 days of daily history over N canonical orders of S
sellers (365 days, skewed seller sizes), against two baselines measured in the same run:

- a DuckDB scan of the same referenced columns (target: at most 4x its time);
- a straightforward pandas implementation of the same definitions (``pandas_reference``;
  target: at least 2x faster, and the same numbers);

and the peak memory of the computation (target: at most 1.5 GiB). Each step runs in its own
process so that its peak memory is its own.

    python benchmarks/metrics.py                      # 10,000,000 orders, 5,000 sellers
    python benchmarks/metrics.py --orders 1000000 --sellers 500
    python benchmarks/metrics.py --generate-only --orders 100000000
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2026, 11, 18)
RUNS = 3  # of the scan and of ours
REFERENCED = (
    "account_id, platform, purchase_ts, ship_by_ts, shipped_ts, promised_delivery_ts, "
    "delivered_ts, cancelled, cancelled_by, tracking_valid, feedback_rating, a_to_z_claim, "
    "chargeback"
)

GENERATE = """
COPY (
  WITH base AS (
    SELECT i,
           hash(i) AS h1, hash(i + 7919) AS h2, hash(i * 31 + 17) AS h3,
           -- sellers: a few large, many small (u^3 concentrates on low ids)
           CAST(floor({sellers} * pow((hash(i * 13) % 1000003) / 1000003.0, 3)) AS INTEGER) AS s
    FROM range({orders}) t(i)
  ),
  o AS (
    SELECT *,
      TIMESTAMP '{first}' + to_seconds(CAST(h1 % (365 * 86400) AS BIGINT)) AS bought
    FROM base
  )
  SELECT
    'o' || CAST(i AS VARCHAR) AS order_id,
    's' || CAST(s AS VARCHAR) AS account_id,
    'amazon' AS platform,
    'US' AS marketplace,
    CASE WHEN h2 % 5 = 0 THEN 'afn' ELSE 'mfn' END AS fulfilment,
    bought AS purchase_ts,
    bought + INTERVAL 2 DAY AS ship_by_ts,
    CASE WHEN h2 % 100 < 2 THEN NULL
         ELSE bought + to_seconds(CAST(h3 % (60 * 3600) AS BIGINT)) END AS shipped_ts,
    bought + INTERVAL 9 DAY AS promised_delivery_ts,
    CASE WHEN h2 % 100 < 4 THEN NULL
         ELSE bought + to_seconds(CAST(3 * 86400 + h1 % (8 * 86400) AS BIGINT)) END AS delivered_ts,
    CASE WHEN h2 % 100 < 2 THEN 'cancelled' ELSE 'shipped' END AS status,
    h2 % 100 < 2 AS cancelled,
    CAST(NULL AS TIMESTAMP) AS cancelled_ts,
    CASE WHEN h2 % 100 < 2 THEN (CASE WHEN h3 % 2 = 0 THEN 'seller' ELSE 'buyer' END) END
      AS cancelled_by,
    'T' || CAST(i AS VARCHAR) AS tracking_id,
    h3 % 100 >= 3 AS tracking_valid,
    CASE h1 % 4 WHEN 0 THEN 'YunExpress' WHEN 1 THEN '4PX' WHEN 2 THEN 'UPS' ELSE 'USPS' END
      AS carrier,
    'SKU-' || CAST(h3 % 500 AS VARCHAR) AS sku,
    ['SKU-' || CAST(h3 % 500 AS VARCHAR)] AS skus,
    CAST(NULL AS VARCHAR) AS asin,
    1 AS quantity,
    'US' AS destination_country,
    CASE WHEN h1 % 10 < 3 THEN CAST(1 + h3 % 5 AS INTEGER) END AS feedback_rating,
    h2 % 1000 < 3 AS a_to_z_claim,
    h3 % 1000 < 1 AS chargeback,
    CAST(NULL AS DOUBLE) AS first_response_minutes
  FROM o
) TO '{path}' (FORMAT PARQUET, COMPRESSION ZSTD, ROW_GROUP_SIZE 500000)
"""


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(name: str, path: Path) -> dict[str, float]:
    """One measured step, in this process (called through a subprocess)."""
    import duckdb

    from reinstate.metrics.compute import windows
    from reinstate.metrics.engine import DuckDB, window_values
    from reinstate.policies.loader import PLATFORMS_DIR, load_policies

    spans = windows(load_policies(PLATFORMS_DIR))
    started = time.perf_counter()
    if name == "scan":
        connection = duckdb.connect(config={"memory_limit": "1GB"})
        # Without this DuckDB answers count() of a column without nulls from the Parquet
        # footer and reads nothing: every page of every column must be read to be a scan.
        connection.execute("SET disabled_optimizers = 'statistics_propagation'")
        columns = [c.strip() for c in REFERENCED.split(",")]
        aggregates = ", ".join(f"count({c})" for c in columns)
        connection.execute(f"SELECT {aggregates} FROM read_parquet('{path}')").fetchall()
        result: dict[str, float] = {}
    elif name == "ours":
        table = window_values(DuckDB(), [path], AS_OF, days=90, windows=spans)
        seconds = time.perf_counter() - started
        table.to_pandas().to_parquet(path.with_suffix(".ours.parquet"))
        return {"rows": table.num_rows, "seconds": seconds, "peak_mib": peak_mib()}
    elif name == "pandas":
        sys.path.insert(0, str(Path(__file__).parent))
        from pandas_reference import history

        frame = history(path, AS_OF, 90, spans)
        seconds = time.perf_counter() - started
        frame.to_parquet(path.with_suffix(".pandas.parquet"))
        return {"rows": len(frame), "seconds": seconds, "peak_mib": peak_mib()}
    else:
        raise SystemExit(f"unknown step {name}")
    return {**result, "seconds": time.perf_counter() - started, "peak_mib": peak_mib()}


def measured(name: str, path: Path, runs: int = 1) -> dict[str, float]:
    """The step run ``runs`` times, each in a new process: its median time (a single run on a
    shared two-core machine varies by a fifth) and its largest peak memory."""
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, "--step", name, "--path", str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results.append(dict(json.loads(out.strip().splitlines()[-1])))
    return {
        **results[0],
        "seconds": statistics.median(r["seconds"] for r in results),
        "peak_mib": max(r["peak_mib"] for r in results),
    }


def generate(path: Path, orders: int, sellers: int) -> dict[str, float]:
    import duckdb

    started = time.perf_counter()
    connection = duckdb.connect(config={"memory_limit": "1GB"})
    connection.execute("SET enable_progress_bar = false")
    first = AS_OF - timedelta(days=364)
    connection.execute(
        GENERATE.format(orders=orders, sellers=sellers, first=first.isoformat(), path=path)
    )
    return {
        "seconds": time.perf_counter() - started,
        "peak_mib": peak_mib(),
        "bytes": path.stat().st_size,
    }


def same_numbers(path: Path) -> bool:
    import pandas as pd

    keys = ["account_id", "metric", "window_days", "day"]
    ours = pd.read_parquet(path.with_suffix(".ours.parquet")).sort_values(keys)
    theirs = pd.read_parquet(path.with_suffix(".pandas.parquet")).sort_values(keys)
    columns = [*keys, "numerator", "denominator"]
    ours = ours[columns].reset_index(drop=True)
    theirs = theirs[columns].reset_index(drop=True)
    ours["day"] = pd.to_datetime(ours["day"])
    theirs["day"] = pd.to_datetime(theirs["day"])
    return bool(len(ours) == len(theirs) and (ours.astype(str) == theirs.astype(str)).all().all())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000_000)
    parser.add_argument("--sellers", type=int, default=5_000)
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--step")
    parser.add_argument("--path", type=Path)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.path)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-metrics-", dir=args.dir) as work:
        path = Path(work) / "orders.parquet"
        made = generate(path, args.orders, args.sellers)
        print(
            f"generator: {args.orders:,} orders, {args.sellers:,} sellers in "
            f"{made['seconds']:.1f} s, peak {made['peak_mib']:.0f} MiB, "
            f"{made['bytes'] / 2**20:.0f} MiB of Parquet"
        )
        if args.generate_only:
            return
        scan = measured("scan", path, RUNS)
        ours = measured("ours", path, RUNS)
        pandas = measured("pandas", path)
        print(f"duckdb scan of the referenced columns: {scan['seconds']:.2f} s (median of {RUNS})")
        print(
            f"six metrics, 90 days of daily history: {ours['seconds']:.2f} s (median of {RUNS}), "
            f"{int(ours['rows']):,} window values, peak {ours['peak_mib']:.0f} MiB"
        )
        print(f"pandas reference: {pandas['seconds']:.2f} s, peak {pandas['peak_mib']:.0f} MiB")
        print(f"  ratio to the scan:       {ours['seconds'] / scan['seconds']:.2f}x (target <= 4x)")
        print(
            f"  speed-up over pandas:    {pandas['seconds'] / ours['seconds']:.2f}x (target >= 2x)"
        )
        print(f"  peak memory:             {ours['peak_mib'] / 1024:.2f} GiB (target <= 1.5 GiB)")
        print(f"  same numbers as pandas:  {same_numbers(path)}")


if __name__ == "__main__":
    main()
