"""Read models of the penalty ledger and the standing computed from it.

Example::

    ledger = penalty_ledger(wb, actor, account_id)  # ledger.standing.points, ledger.items[0]
"""

from __future__ import annotations

from datetime import date

from ..auth.actor import Actor
from ..policies.schema import Text
from ..storage.tables import Penalty
from ..views import View
from ..workbench import Workbench
from . import ledger
from .standing import Entry, Standing


class PenaltyView(View):
    id: int
    account_id: int
    platform: str
    received_on: date
    violation: str
    points: int
    serious: bool
    effective_on: date | None = None
    appeal_result: str
    note: str

    @classmethod
    def of(cls, penalty: Penalty) -> PenaltyView:
        return cls.model_validate(penalty)


class RestrictionView(View):
    label: Text
    ends_on: date | None  # None: until the platform lifts it


class StandingView(View):
    system: str | None
    points: int
    level: int | None
    serious_points: int
    restrictions: list[RestrictionView]
    next_reset: date | None
    freeze_on: date | None = None  # Taobao: the permanent freeze after a serious fake transaction
    offences: int = 0  # Taobao: general fake-transaction offences this year

    @classmethod
    def of(cls, standing: Standing) -> StandingView:
        return cls.model_validate(standing)


class PenaltyLedger(View):
    items: list[PenaltyView]
    standing: StandingView


def penalty_ledger(wb: Workbench, actor: Actor, account_id: int) -> PenaltyLedger:
    """The account's penalties, newest first, and where it stands today."""
    items = [PenaltyView.of(p) for p in ledger.penalties_of(wb, actor, account_id)]
    return PenaltyLedger(
        items=items, standing=StandingView.of(ledger.standing_of(wb, actor, account_id))
    )


def standing_view(
    wb: Workbench,
    actor: Actor,
    account_id: int,
    *,
    what_if_points: int | None = None,
    what_if_date: str | None = None,
    what_if_violation: str | None = None,
    what_if_serious: bool = False,
    what_if_orders: int | None = None,
) -> StandingView:
    """Where the account stands; with a hypothetical penalty (its points, or on Taobao its
    violation, seriousness and orders) on a day, after it."""
    entry: Entry | None = None
    if what_if_violation is not None:
        values = {
            "violation": what_if_violation,
            "serious": what_if_serious,
            "orders": "" if what_if_orders is None else what_if_orders,
            "points": "" if what_if_points is None else what_if_points,
            "date": what_if_date,
        }
        entry = ledger.what_if_penalty(wb, actor, account_id, values)
    elif what_if_points is not None:
        today = ledger.seller_today(wb, actor.org_id)
        entry = ledger.what_if_entry(what_if_points, what_if_date, today)
    return StandingView.of(ledger.standing_of(wb, actor, account_id, what_if=entry))
