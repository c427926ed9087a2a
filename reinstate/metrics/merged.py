"""Rows of one order merged into one (an order given a row per item, or repeated): what the
importer writes and what ``metrics compute`` counts when an order repeats.

Example::

    connection.execute(f"COPY ({merge_sql('staged')}) TO 'orders.parquet'")
"""

from __future__ import annotations

from collections.abc import Collection

# Rows of one (account, order) merged: the earliest purchase, ship-by and promise, the latest
# shipment and delivery, the worst feedback, any claim, chargeback or dispute, the first message
# and return request; tracking is valid only if every row says so, of the rows written once the
# order shipped or had a tracking id when there are any (a row from before the shipment that
# says "false" does not outweigh the shipped row's "true"); the status, cancelling party and
# return's party at fault of the last row read. An order is cancelled only when every row of it
# that gives a status (or a cancellation time) is cancelled: an order given a row per item with
# one item cancelled and the rest shipped is a shipped order (not left out of the late shipment
# rate, nor, unshipped yet, counted a cancellation); a row that says nothing of its status
# (a chargeback added in a row of its own) does not undo a cancellation.
MERGED: dict[str, str] = {
    "platform": "min(platform)",
    "marketplace": "min(marketplace)",
    "fulfilment": "min(fulfilment)",
    "purchase_ts": "min(purchase_ts)",
    "ship_by_ts": "min(ship_by_ts)",
    "shipped_ts": "max(shipped_ts)",
    "promised_delivery_ts": "min(promised_delivery_ts)",
    "delivered_ts": "max(delivered_ts)",
    "status": "arg_max(status, __row)",
    "cancelled": "COALESCE(bool_and(cancelled) FILTER "
    "(WHERE status IS NOT NULL OR cancelled_ts IS NOT NULL), false)",
    "cancelled_ts": "max(cancelled_ts)",
    "cancelled_by": "arg_max(cancelled_by, __row)",
    "tracking_id": "min(tracking_id)",
    "tracking_valid": "COALESCE(bool_and(tracking_valid) FILTER "
    "(WHERE shipped_ts IS NOT NULL OR tracking_id IS NOT NULL), bool_and(tracking_valid))",
    "carrier": "min(carrier)",
    "sku": "min(sku)",
    "skus": "list_sort(list_distinct(list(sku)))",
    "asin": "min(asin)",
    "quantity": "max(quantity)",
    "destination_country": "min(destination_country)",
    "feedback_rating": "min(feedback_rating)",
    "a_to_z_claim": "bool_or(a_to_z_claim)",
    "chargeback": "bool_or(chargeback)",
    "first_response_minutes": "min(first_response_minutes)",
    "buyer_message_ts": "min(buyer_message_ts)",
    "return_ts": "min(return_ts)",
    "return_fault": "arg_max(return_fault, __row)",
    "dispute": "bool_or(dispute)",
}


def merge_sql(relation: str = "staged", columns: Collection[str] = tuple(MERGED)) -> str:
    """``relation``'s rows of one (account, order) merged into one, with only ``columns``."""
    merged = ",\n  ".join(f"{MERGED[c]} AS {c}" for c in MERGED if c in columns)
    return (
        f"SELECT\n  account_id,\n  order_id,\n  {merged}\n"
        f"FROM {relation}\nGROUP BY account_id, order_id"
    )


MERGE_SQL = merge_sql()
