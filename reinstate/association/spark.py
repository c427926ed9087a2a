"""The same grouping on Spark, for what outgrows one machine: connected components by label
propagation over the store–identifier edges, in DataFrames (no GraphFrames jar to download).

Every store starts with its own id as label; each round an identifier takes the smallest label
of its stores and each store the smallest label of its identifiers, until no label changes.
The rounds are as many as the longest chain of stores, so a handful on real data; the result
is the partition that reinstate.association.graph.group_labels finds (a test checks both).

Example::

    labels = spark_group_labels(session, [(1, "a"), (2, "a"), (3, "b")])  # {1: 1, 2: 1, 3: 3}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MAX_ROUNDS = 1000


def spark_group_labels(session: Any, edges: Iterable[tuple[int, str]] | Any) -> dict[int, int]:
    """``{store id: smallest store id of its group}`` from (store id, identifier) pairs, given
    as an iterable or as a Spark DataFrame with columns ``account`` and ``key``."""
    from pyspark.sql import functions as F

    frame = (
        edges
        if hasattr(edges, "select")
        else session.createDataFrame(list(edges), "account long, key string")
    )
    frame = frame.select("account", "key").distinct().localCheckpoint()
    labels = frame.select("account").distinct().withColumn("label", F.col("account"))
    labels = labels.localCheckpoint()
    for _ in range(MAX_ROUNDS):
        by_key = frame.join(labels, "account").groupBy("key").agg(F.min("label").alias("klabel"))
        fresh = (
            frame.join(by_key, "key").groupBy("account").agg(F.min("klabel").alias("label"))
        ).localCheckpoint()
        changed = (
            fresh.alias("n")
            .join(labels.alias("o"), "account")
            .where(F.col("n.label") != F.col("o.label"))
            .limit(1)
            .count()
        )
        labels = fresh
        if changed == 0:
            break
    else:
        raise RuntimeError("the grouping did not settle")
    return {int(r["account"]): int(r["label"]) for r in labels.collect()}
