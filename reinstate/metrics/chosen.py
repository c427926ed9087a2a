"""A seller account chosen for a whole file (``metrics import --account``, ``metrics compute
--account-id``): every order of a file of one seller is that account's, whatever id the file
wrote for it; a file naming several sellers is refused in one sentence, since their orders
cannot all be one account's. A file without a seller column simply takes the chosen id.

Example::

    source = chosen_in_place(source, "shop-9")       # a Parquet file read in place
    given_to(Path("orders.parquet"), "shop-9", work)  # canonical orders already written
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb

from ..errors import N_, InvalidInput
from .sources import Source, literal


def _one_seller(connection: duckdb.DuckDBPyConnection, read: str, column: str) -> list[object]:
    """The seller ids ``column`` of ``read`` names (at most one, or refused): rows that name
    none take the chosen one too."""
    named = f"SELECT DISTINCT {column} FROM {read} WHERE {column} IS NOT NULL"
    found = connection.execute(f"{named} LIMIT 2").fetchall()
    if len(found) > 1:
        counted = connection.execute(f"SELECT count(*) FROM ({named})").fetchone()
        raise InvalidInput(
            N_(
                "The file holds the orders of {count} seller ids, and a seller account can be "
                "chosen only for a file of one: leave the account out to keep each order under "
                "its own seller id."
            ),
            field="account",
            count=(counted or (0,))[0],
        )
    return [row[0] for row in found]


def given_to(orders: Path, key: str, work: Path) -> None:
    """Every canonical order in the Parquet file ``orders`` under the seller account ``key``
    (rewritten through ``work`` only if some order names another)."""
    connection = duckdb.connect(config={"memory_limit": "1GB"})
    try:
        read = f"read_parquet({literal(str(orders))})"
        if _one_seller(connection, read, "account_id") in ([], [key]):
            return
        connection.execute(
            f"COPY (SELECT * REPLACE ({literal(key)} AS account_id) FROM {read}) "
            f"TO {literal(str(work))} (FORMAT PARQUET, COMPRESSION ZSTD)"
        )
    finally:
        connection.close()
    work.replace(orders)


def chosen_in_place(source: Source, key: str) -> Source:
    """``source`` (a Parquet file read in place) with every order under ``key``: the file's own
    seller column, if it has one naming one seller, left unread, so that the chosen id is each
    row's constant."""
    assert source.parquet is not None
    names = [name for name, target in source.columns.items() if target == "account_id"]
    if not names:
        return replace(source, constants={**source.constants, "account_id": key})
    connection = duckdb.connect(config={"memory_limit": "1GB"})
    try:
        column = '"' + names[0].replace('"', '""') + '"'
        _one_seller(connection, f"read_parquet({literal(str(source.parquet))})", column)
    finally:
        connection.close()
    return replace(
        source,
        columns={name: target for name, target in source.columns.items() if target != "account_id"},
        constants={**source.constants, "account_id": key},
    )
