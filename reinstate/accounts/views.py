"""Read models of seller accounts and of the activity log: the ID number always masked.

Example::

    shown = AccountSummary.of(account)  # shown.legal_rep_id_number == "1101**********1234"
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from ..ids import mask_id_number
from ..storage.tables import Event, SellerAccount
from ..views import Moment, View


class AccountSummary(View):
    """What may be shown of an account anywhere: ``legal_rep_id_number`` masked."""

    id: int
    org_id: int
    platform: str
    store_name: str
    marketplace: str = ""
    seller_id: str = ""
    company_name: str = ""
    registered_address: str = ""
    uscc: str = ""
    legal_representative: str = ""
    legal_rep_id_number: str = Field("", description="Masked: never the full number")
    registered_email: str = ""
    phone: str = ""
    created_at: Moment
    updated_at: Moment

    @field_validator("legal_rep_id_number")
    @classmethod
    def _masked(cls, number: str) -> str:
        # Masking twice gives the same text, so a model validated again stays as it was.
        return mask_id_number(number) or ""

    @classmethod
    def of(cls, account: SellerAccount) -> AccountSummary:
        return cls.model_validate(account)


class AccountList(View):
    items: list[AccountSummary]
    count: int

    @classmethod
    def of(cls, accounts: list[SellerAccount]) -> AccountList:
        items = [AccountSummary.of(a) for a in accounts]
        return cls(items=items, count=len(items))


class EventView(View):
    """One entry of the activity log (its values were masked when it was written)."""

    id: int
    created_at: Moment
    actor: str
    via: str
    name: str
    account_id: int | None
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class EventList(View):
    items: list[EventView]

    @classmethod
    def of(cls, events: list[Event]) -> EventList:
        return cls(items=[EventView.model_validate(e) for e in events])
