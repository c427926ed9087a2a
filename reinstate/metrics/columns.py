"""The canonical order columns as the import page explains them, and a template file to start
from (SPEC §5). The names and types come from :data:`.sources.COLUMN_TYPES`; this module only
says what each one means.

Example::

    template_csv().splitlines()[0]  # "order_id,account_id,platform,..."
"""

from __future__ import annotations

import csv
import io

from ..errors import N_
from .sources import COLUMN_TYPES, REQUIRED

TYPE_LABELS: dict[str, str] = {
    "text": N_("text"),
    "timestamp": N_("date and time (ISO 8601; with an offset, or in the time zone chosen)"),
    "boolean": N_("yes / no"),
    "integer": N_("whole number"),
    "number": N_("number"),
    "rating": N_("1 to 5"),
    "fulfilment": N_("mfn or afn"),
    "cancelled_by": N_("seller, buyer, platform or unknown"),
}
COLUMN_HELP: dict[str, str] = {
    "order_id": N_("The platform's order number."),
    "account_id": N_("The seller id of the store (the seller account's Seller ID)."),
    "platform": N_("The platform, e.g. amazon."),
    "marketplace": N_("The marketplace or site, e.g. US, DE."),
    "fulfilment": N_("Who ships: the seller (mfn) or the platform (afn)."),
    "purchase_ts": N_("When the order was placed."),
    "ship_by_ts": N_("The latest time to ship."),
    "shipped_ts": N_("When it was shipped."),
    "promised_delivery_ts": N_("The delivery date promised to the buyer."),
    "delivered_ts": N_("When it was delivered."),
    "status": N_("The order's status as the platform writes it."),
    "cancelled_ts": N_("When it was cancelled."),
    "cancelled_by": N_("Who cancelled it."),
    "tracking_id": N_("The tracking number."),
    "tracking_valid": N_("Whether the carrier's tracking is valid."),
    "carrier": N_("The carrier."),
    "sku": N_("The seller's SKU."),
    "asin": N_("The ASIN (Amazon)."),
    "quantity": N_("Units ordered."),
    "destination_country": N_("The buyer's country (ISO code)."),
    "feedback_rating": N_("The buyer's feedback rating."),
    "a_to_z_claim": N_("Whether the buyer filed an A-to-z Guarantee claim."),
    "chargeback": N_("Whether the buyer's card issuer charged it back."),
    "first_response_minutes": N_("Minutes until the first answer to the buyer's message."),
    "buyer_message_ts": N_(
        "When the buyer's first message (a chat or a question) about the order came; an order "
        "with a message and no first response time counts as unanswered."
    ),
    "return_ts": N_("When the buyer asked for a return or a refund."),
    "return_fault": N_("Whose fault the return or refund is."),
    "dispute": N_("Whether the buyer opened a dispute (a refund request the platform tracks)."),
}
EXAMPLE: dict[str, str] = {
    "order_id": "112-3456789-1234567",
    "account_id": "A1B2C3D4E5F6G7",
    "platform": "amazon",
    "marketplace": "US",
    "fulfilment": "mfn",
    "purchase_ts": "2026-11-02T09:15:00+08:00",
    "ship_by_ts": "2026-11-04T23:59:00+08:00",
    "shipped_ts": "2026-11-03T16:40:00+08:00",
    "promised_delivery_ts": "2026-11-12T23:59:00-08:00",
    "delivered_ts": "2026-11-10T14:05:00-08:00",
    "status": "Shipped",
    "tracking_id": "YT2430912345678",
    "tracking_valid": "true",
    "carrier": "YunExpress",
    "sku": "MUG-BLUE-350",
    "asin": "B07XJ8C8F5",
    "quantity": "1",
    "destination_country": "US",
    "feedback_rating": "5",
    "a_to_z_claim": "false",
    "chargeback": "false",
}


def columns() -> list[tuple[str, str, bool, str]]:
    """(name, type label, required, meaning) of every canonical column, in file order."""
    return [
        (name, TYPE_LABELS[kind], name in REQUIRED, COLUMN_HELP[name])
        for name, kind in COLUMN_TYPES.items()
    ]


def template_csv() -> str:
    """A canonical CSV with every column and one example order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMN_TYPES)
    writer.writerow([EXAMPLE.get(name, "") for name in COLUMN_TYPES])
    return out.getvalue()


# What a spreadsheet reads as the start of a formula (OWASP's list: =, +, -, @, a tab, a return)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """A text cell that a spreadsheet shows as written, never runs: a seller id read from
    someone's order file as ``=HYPERLINK("http://…")`` gets a leading apostrophe.

    >>> print(spreadsheet_text('=HYPERLINK("http://x.example","Seller")'))
    '=HYPERLINK("http://x.example","Seller")
    >>> print(spreadsheet_text("A1"))
    A1
    """
    return "'" + value if value.startswith(_FORMULA_START) else value
