"""Seller ids in the imported files that are none of the organisation's stores: listed once,
each to make a seller account of, to give to a store that has no seller id yet, or to ignore
(a marketplace dataset such as Olist names thousands of other sellers).

Example::

    ignore(wb, actor, ["3442f8959a84dea7ee197c632cb2df15"])
    create_from(wb, actor, "A1B2C3D4E5F6G7", "amazon")  # a new seller account with that id
"""

from __future__ import annotations

from typing import Any

from ..accounts.service import create_account, get_account, update_account
from ..auth.actor import Actor
from ..errors import N_, InvalidInput
from ..events import record
from ..storage.tables import Organisation, SellerAccount
from ..workbench import Workbench
from .history import overview

MAX_KEYS = 5000  # ids in one "ignore them all"


def ignored(wb: Workbench, actor: Actor) -> set[str]:
    with wb.db.reading() as session:
        org = session.get(Organisation, actor.org_id)
        return set(org.ignored_seller_ids if org else [])


def unlinked(
    wb: Workbench, actor: Actor, shown: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The seller ids of the latest import that are no store here and not ignored, with the
    platform the files give them (clients are shown only their own stores: none of these).
    ``shown``: the ``overview`` the page has already worked out (it is not worked out again)."""
    skip = ignored(wb, actor)
    return [
        {"key": a["account_key"], "platform": a["platform"], "breaches": a["breaches"]}
        for a in (shown if shown is not None else overview(wb, actor))["accounts"]
        if a["account_id"] is None and a["account_key"] not in skip
    ]


def ignore(wb: Workbench, actor: Actor, keys: list[str]) -> int:
    """Leave these seller ids out of the metrics pages; the number newly ignored."""
    actor.require_change()
    wanted = sorted({k.strip() for k in keys if k.strip()})
    if not wanted or len(wanted) > MAX_KEYS:
        raise InvalidInput(N_("Choose the seller ids to ignore."), field="seller_id")
    with wb.db.transaction() as session:
        org = session.get(Organisation, actor.org_id)
        assert org is not None
        before = set(org.ignored_seller_ids)
        added = [k for k in wanted if k not in before]
        if added:
            org.ignored_seller_ids = sorted(before | set(added))
            record(
                session,
                actor,
                wb.clock,
                "metrics.ignored",
                subject=", ".join(added[:5]) + (" …" if len(added) > 5 else ""),
                after={"seller_ids": len(added)},
            )
        return len(added)


def known(wb: Workbench, actor: Actor, key: str) -> str:
    """``key``, if it is a seller id of the files without a store (else InvalidInput)."""
    found = next((u for u in unlinked(wb, actor) if u["key"] == key), None)
    if found is None:
        raise InvalidInput(
            N_("{name} is not a seller id of the imported files without a store."),
            field="seller_id",
            name=key,
        )
    return key


def create_from(wb: Workbench, actor: Actor, key: str, platform: str) -> SellerAccount:
    """A seller account on ``platform`` for a seller id of the files (named after it until
    renamed)."""
    known(wb, actor, key)
    return create_account(wb, actor, {"platform": platform, "store_name": key, "seller_id": key})


def map_to(wb: Workbench, actor: Actor, key: str, account_id: int) -> SellerAccount:
    """Give a store the seller id the files know it by."""
    known(wb, actor, key)
    store = get_account(wb, actor, account_id)
    if store.seller_id and store.seller_id != key:
        raise InvalidInput(
            N_("{store} already has the seller id {name}."),
            field="account",
            store=store.store_name,
            name=store.seller_id,
        )
    return update_account(wb, actor, account_id, {"seller_id": key})
