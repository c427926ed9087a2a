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
) -> StandingView:
    """Where the account stands; with ``what_if_points`` (and a day), after such a penalty."""
    entry: Entry | None = None
    if what_if_points is not None:
        entry = ledger.what_if_entry(what_if_points, what_if_date, wb.clock.now().date())
    return StandingView.of(ledger.standing_of(wb, actor, account_id, what_if=entry))
