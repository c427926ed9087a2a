"""Rehearse a verification call: compare the answers someone would give with what the
platform holds. A comparison tells whether a guess of a masked detail (the legal
representative's ID number) is right, so viewers, who only see masked details, may not
rehearse, and every member has 20 comparisons in 15 minutes.

Example::

    account, comparisons = rehearse_answers(wb, actor, account_id, {"uscc": "91350100M..."})
"""

from __future__ import annotations

from ..accounts.service import get_account
from ..auth import throttle
from ..auth.actor import Actor
from ..errors import N_, PermissionDenied
from ..storage.tables import SellerAccount
from ..workbench import Workbench
from .consistency import Comparison, rehearse


def open_rehearsal(wb: Workbench, actor: Actor, account_id: int) -> SellerAccount:
    if actor.role == "viewer":
        raise PermissionDenied(
            N_("Viewers cannot rehearse a verification call: it would reveal masked details.")
        )
    return get_account(wb, actor, account_id)


def rehearse_answers(
    wb: Workbench, actor: Actor, account_id: int, answers: dict[str, str]
) -> tuple[SellerAccount, list[Comparison]]:
    account = open_rehearsal(wb, actor, account_id)
    keys = [("rehearsal", f"user:{actor.user_id or actor.label}")]
    now = wb.clock.now()
    with wb.db.transaction() as session:
        throttle.refuse_when_over(session, keys, now)
        throttle.count(session, keys, now)
    return account, rehearse(account, answers)
