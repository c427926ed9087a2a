"""The canonical violation codes (SPEC §4) that every platform pack maps its notices onto."""

from __future__ import annotations

from typing import Literal

ViolationCode = Literal[
    "intellectual_property",
    "counterfeit",
    "product_compliance",
    "restricted_product",
    "listing_policy",
    "fake_transactions",
    "related_accounts",
    "buyer_account_association",
    "inaccurate_information",
    "identity_verification",
    "order_defect_rate",
    "late_shipment",
    "cancellation_rate",
    "valid_tracking",
    "on_time_delivery",
    "customer_service",
    "code_of_conduct",
    "compromised_account",
    "other",
]
