"""Who may see which seller accounts: one definition for every query that must respect it."""

from __future__ import annotations

from sqlalchemy import Select, select

from .auth.actor import Actor
from .storage.tables import AccountClient


def given_to(user_id: int | None) -> Select[int]:
    """The ids of the seller accounts a `client` member has been given."""
    return select(AccountClient.account_id).where(AccountClient.user_id == user_id)


def assigned_to(actor: Actor) -> Select[int]:
    return given_to(actor.user_id)
