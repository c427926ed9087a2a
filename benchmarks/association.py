"""Association groups at scale: N stores and M identifiers grouped into connected components,
ours (scipy's sparse connected components over arrays, reinstate.association.graph) against a
networkx baseline on the same edges, measured in the same run; both must give the same groups.

Most identifiers belong to one store; a share of them (bank accounts, networks, devices) is
drawn from a smaller pool and so links stores, like the stores of one provider's clients.

    python benchmarks/association.py                          # 100,000 stores, 1,000,000 ids
    python benchmarks/association.py --accounts 10000 --identifiers 100000 --spark
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from numpy.typing import NDArray

from reinstate.association.graph import group_labels, partition


def generate(
    accounts: int, identifiers: int, shared: float, seed: int = 18
) -> tuple[NDArray[np.int64], NDArray[np.bytes_]]:
    """(store id, 64-hex digest) pairs: ``shared`` of them from a pool a tenth their size."""
    rng = np.random.default_rng(seed)
    owners = rng.integers(0, accounts, identifiers, dtype=np.int64)
    pool = max(int(identifiers * shared / 10), 1)
    links = rng.random(identifiers) < shared
    codes = np.where(links, rng.integers(0, pool, identifiers), np.arange(identifiers) + pool)
    keys = np.char.zfill(codes.astype("U64"), 64).astype("S64")  # digest-sized keys
    return owners, keys


def ours(owners: NDArray[np.int64], keys: NDArray[np.bytes_]) -> list[list[int]]:
    return partition(group_labels(owners, keys))


def networkx_baseline(owners: NDArray[np.int64], keys: NDArray[np.bytes_]) -> list[list[int]]:
    import networkx as nx

    graph = nx.Graph()
    graph.add_edges_from(zip(owners.tolist(), (("k", k) for k in keys.tolist()), strict=True))
    groups = []
    for component in nx.connected_components(graph):
        stores = sorted(n for n in component if not isinstance(n, tuple))
        groups.append(stores)
    return sorted(groups, key=lambda g: g[0])


def spark(owners: NDArray[np.int64], keys: NDArray[np.bytes_]) -> list[list[int]]:
    from pyspark.sql import SparkSession

    from reinstate.association.spark import spark_group_labels

    session = (
        SparkSession.builder.master("local[*]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    pairs = [(int(a), k.decode()) for a, k in zip(owners.tolist(), keys.tolist(), strict=True)]
    try:
        return partition(spark_group_labels(session, pairs))
    finally:
        session.stop()


def timed(label: str, run: object, *args: object) -> tuple[float, list[list[int]]]:
    start = time.perf_counter()
    result = run(*args)  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(f"{label:>10}: {seconds:8.2f} s")
    return seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--identifiers", type=int, default=1_000_000)
    parser.add_argument("--shared", type=float, default=0.05, help="share of linking identifiers")
    parser.add_argument("--spark", action="store_true", help="also time the Spark job")
    args = parser.parse_args()
    owners, keys = generate(args.accounts, args.identifiers, args.shared)
    print(f"{args.accounts:,} stores, {args.identifiers:,} identifiers")
    ours_s, groups = timed("ours", ours, owners, keys)
    base_s, expected = timed("networkx", networkx_baseline, owners, keys)
    linked = sum(len(g) for g in groups if len(g) > 1)
    print(f"groups: {len(groups):,} ({linked:,} stores in groups of two or more)")
    print(f"same groups as networkx: {groups == expected}")
    print(f"speed-up over networkx: {base_s / ours_s:.1f}x")
    if args.spark:
        spark_s, theirs = timed("spark", spark, owners, keys)
        print(f"same groups on Spark: {theirs == groups}; Spark/ours: {spark_s / ours_s:.1f}x")


if __name__ == "__main__":
    main()
