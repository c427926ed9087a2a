"""Who may see which seller accounts: one definition for every query that must respect it."""

from __future__ import annotations

from sqlalchemy import Select, select

from .auth.actor import Actor
from .storage.tables import AccountClient


def assigned_to(actor: Actor) -> Select[int]:
    """The ids of the seller accounts a `client` member has been given."""
    return select(AccountClient.account_id).where(AccountClient.user_id == actor.user_id)
