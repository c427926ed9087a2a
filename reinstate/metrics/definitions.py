"""The metrics of SPEC §5, as data: what each counts, by which reference time, from which inputs.

A metric is computed "as of" day D (UTC); a window of N days holds the orders whose reference
time t satisfies D − N days < t ≤ D (end of day D): the N whole UTC days ending with D.
A window whose denominator is zero is ``no_data``, never 0.

The SQL in ``sql/`` implements these; windows and targets come from the platform pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import N_, InvalidInput


@dataclass(frozen=True)
class Definition:
    code: str
    reference: str  # the canonical timestamp column that places an order in a window
    numerator: str  # the order-level 0/1 column of sql/facts.sql counted above the line
    denominator: str  # and below it
    needs: tuple[str, ...]  # canonical columns of which the source must carry at least one
    summary: str  # how it is counted, for people (translated)
    # canonical columns the source must carry, every one: without one, a part of the count
    # would be silently 0 (Shopee's non-fulfilment without returns), so it is not computed
    needs_all: tuple[str, ...] = ()


DEFINITIONS: dict[str, Definition] = {
    d.code: d
    for d in (
        Definition(
            "odr",
            "purchase_ts",
            "defect",
            "ordered",
            ("feedback_rating", "a_to_z_claim", "chargeback"),
            N_("Orders with 1–2 star feedback, an A-to-z claim or a chargeback, of all orders."),
        ),
        Definition(
            "negative_feedback_rate",
            "purchase_ts",
            "negative",
            "ordered",
            ("feedback_rating",),
            N_("Orders with 1–2 star feedback, of all orders."),
        ),
        Definition(
            "late_shipment_rate",
            "ship_by_ts",
            "late",
            "to_ship",
            ("ship_by_ts",),
            N_(
                "Orders the seller ships itself, not cancelled, that shipped after their ship-by "
                "time or not at all."
            ),
        ),
        Definition(
            "pre_fulfilment_cancel_rate",
            "purchase_ts",
            "seller_cancel",
            "seller_ordered",
            ("status", "cancelled_ts"),
            N_(
                "Orders the seller (or an unknown party) cancelled before shipment, of the orders "
                "the seller ships itself."
            ),
        ),
        Definition(
            "valid_tracking_rate",
            "shipped_ts",
            "valid_tracking",
            "tracking_known",
            ("tracking_valid", "tracking_id"),
            N_("Shipped orders with valid tracking, of shipped orders."),
        ),
        Definition(
            "on_time_delivery_rate",
            "promised_delivery_ts",
            "on_time",
            "valid_tracking_promised",
            ("promised_delivery_ts",),
            N_("Orders delivered by the promised date, of orders with valid tracking."),
        ),
        Definition(
            "first_response_rate",
            "purchase_ts",
            "responded_in_time",
            "responded",
            ("first_response_minutes", "buyer_message_ts"),
            N_(
                "Orders whose buyer had a first answer within 24 hours, of orders with a "
                "recorded first response time or a buyer's message (one never answered counts)."
            ),
        ),
        Definition(
            "chat_response_rate",
            "purchase_ts",
            "chat_answered",
            "responded",
            ("first_response_minutes", "buyer_message_ts"),
            N_(
                "Orders whose buyer's message had a first answer within 12 hours, of orders "
                "whose buyer wrote or that have a recorded first response time."
            ),
        ),
        Definition(
            "undelivered_30d_rate",
            "delivery_due_ts",
            "undelivered_30d",
            "shipped",
            ("delivered_ts",),
            N_(
                "Shipped orders not delivered within 30 days of shipment, of shipped orders, "
                "counted on the day their 30 days run out."
            ),
        ),
        Definition(
            "non_fulfilment_rate",
            "purchase_ts",
            "non_fulfilled",
            "ordered",
            ("status", "cancelled_ts"),
            N_(
                "Orders the seller (or an unknown party) cancelled before shipment or that were "
                "returned or refunded by the seller's fault (or an unknown party's), of all orders."
            ),
            needs_all=("return_ts",),
        ),
        Definition(
            "return_refund_rate",
            "purchase_ts",
            "seller_return",
            "ordered",
            ("return_ts",),
            N_(
                "Orders returned or refunded by the seller's fault (or an unknown party's), of "
                "all orders."
            ),
        ),
        Definition(
            "dispute_rate",
            "shipped_ts",
            "disputed",
            "shipped",
            ("dispute",),
            N_("Shipped orders on which the buyer opened a dispute, of shipped orders."),
        ),
    )
}

# The pack whose targets apply to orders of no known platform (a public data set such as Olist):
# the definitions are Amazon's account health metrics. An account on a platform with a pack is
# judged only on the metrics its own pack declares, never on Amazon's.
DEFAULT_TARGETS_PLATFORM = "amazon"
DEFAULT_HISTORY_DAYS = 90
MAX_HISTORY_DAYS = 366
# the days a metric can be computed as of: the engines count back a window and a history from
# the day and a day past it, which near date's own limits (0001-01-01, 9999-12-31) overflow
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2999, 12, 31)


def check_day(day: date) -> None:
    """Refuses, in one sentence, a day no order file's metrics are computed as of."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(
            N_("{day} is out of range: give a day from {first} to {last}."),
            field="as_of",
            day=day.isoformat(),
            first=FIRST_DAY.isoformat(),
            last=LAST_DAY.isoformat(),
        )


# The metric by which a pack's violation (by its code, the same in every pack) is judged: a
# letter answering the violation is offered that metric's root-cause facts.
VIOLATION_METRICS = {
    "order_defect_rate": "odr",
    "late_shipment": "late_shipment_rate",
    "cancellation_rate": "pre_fulfilment_cancel_rate",
    "valid_tracking": "valid_tracking_rate",
    "on_time_delivery": "on_time_delivery_rate",
}

# Components of the order defect rate, for its breakdown.
ODR_COMPONENTS = ("negative_feedback", "a_to_z_claim", "chargeback")

# Labels for people (translated where shown).
METRIC_LABELS = {
    "odr": N_("Order defect rate"),
    "negative_feedback_rate": N_("Negative feedback rate"),
    "late_shipment_rate": N_("Late shipment rate"),
    "pre_fulfilment_cancel_rate": N_("Pre-fulfilment cancel rate"),
    "valid_tracking_rate": N_("Valid tracking rate"),
    "on_time_delivery_rate": N_("On-time delivery rate"),
    "invoice_defect_rate": N_("Invoice defect rate"),
    "account_health_rating": N_("Account health rating"),
    "first_response_rate": N_("First response within 24 hours"),
    "chat_response_rate": N_("Chat response rate"),
    "undelivered_30d_rate": N_("Not delivered 30 days after shipment"),
    "non_fulfilment_rate": N_("Non-fulfilment rate"),
    "return_refund_rate": N_("Return and refund rate"),
    "dispute_rate": N_("Dispute rate"),
}
STATUS_LABELS = {
    "good": N_("Good"),
    "at_risk": N_("At risk"),
    "breach": N_("Target missed"),
    "no_data": N_("No data"),
}
TREND_LABELS = {
    "worsening": N_("worsening"),
    "improving": N_("improving"),
    "steady": N_("steady"),
    "unknown": N_("trend unknown"),
}
BREAKDOWN_LABELS = {
    "carrier": N_("Carrier"),
    "sku": N_("SKU"),
    "destination": N_("Destination"),
    "week": N_("Week"),
    "component": N_("Component"),
    "fulfilment": N_("Fulfilled by"),
}
# the values of a breakdown that are codes, in words (a carrier, SKU or week is shown as it is)
BREAKDOWN_VALUE_LABELS = {
    "component": {
        "negative_feedback": N_("Negative feedback"),
        "a_to_z_claim": N_("A-to-z Guarantee claim"),
        "chargeback": N_("Chargeback"),
    },
    # SPEC §3: Amazon's order defect rate is judged for seller-fulfilled and FBA orders apart
    "fulfilment": {"mfn": N_("the seller (MFN)"), "afn": N_("Amazon (FBA)")},
}
