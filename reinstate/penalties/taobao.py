"""Taobao: the fake-transaction table and the serious-violation point nodes (seed 003).

>>> from reinstate.policies.loader import load_policies
>>> rules = load_policies().get_pack("taobao").penalties
>>> fake_transaction(rules.fake_transactions, offence=3, orders=97).points
48
>>> heaviest_node(rules.point_nodes, before=10, added=30).points
36
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import N_, InvalidInput
from ..policies.schema import FakeTransactionRow, FakeTransactions, PointNode


@dataclass(frozen=True)
class FakeTransactionPenalty:
    points: int
    shop_shield_days: int | None
    promotion_restricted: bool
    remove_order_credit: bool
    appealable: bool
    permanent_freeze_after_days: int | None


def _row(rules: FakeTransactions, offence: int, orders: int) -> FakeTransactionRow:
    over = orders > rules.order_threshold
    for row in rules.table:
        in_offences = row.offence_from <= offence and (
            row.offence_to is None or offence <= row.offence_to
        )
        fits = row.orders == "any" or (row.orders == "over_threshold") == over
        if in_offences and fits:
            return row
    raise InvalidInput(N_("The Taobao pack has no row for offence {offence}."), offence=offence)


def fake_transaction(
    rules: FakeTransactions, *, offence: int, orders: int, serious: bool = False
) -> FakeTransactionPenalty:
    """What the n-th general offence of the year with ``orders`` offending orders costs; a
    serious violation costs the same whatever the counts and cannot be appealed."""
    if offence < 1:
        raise InvalidInput(
            N_("The offence number starts at 1 (the first offence this year)."), field="offence"
        )
    if orders < 0:
        raise InvalidInput(N_("The number of orders cannot be negative."), field="orders")
    if orders == 0 and not serious:
        # the table penalises offending orders (seed 003: "针对的是订单"): none is no offence.
        # A serious case may be a scheme spread to others, with no order of the seller's own
        raise InvalidInput(
            N_(
                "A fake-transaction penalty counts offending orders: give at least 1 "
                "(with no offending order there is no offence)."
            ),
            field="orders",
        )
    if serious:
        grave = rules.serious
        return FakeTransactionPenalty(
            grave.points,
            None,
            True,
            rules.remove_order_credit,
            grave.appealable,
            grave.permanent_freeze_after_days,
        )
    row = _row(rules, offence, orders)
    return FakeTransactionPenalty(
        row.points,
        row.shop_shield_days,
        row.promotion_restricted,
        rules.remove_order_credit,
        rules.appeal_first,
        None,
    )


def crossed_nodes(nodes: list[PointNode], *, before: int, added: int) -> list[PointNode]:
    """The nodes a deduction passes: reached now, not reached before."""
    if before < 0 or added < 0:
        raise InvalidInput(N_("Points cannot be negative."), field="points")
    return [n for n in nodes if before < n.points <= before + added]


def heaviest_node(nodes: list[PointNode], *, before: int, added: int) -> PointNode | None:
    """When one deduction crosses several nodes, only the heaviest applies."""
    crossed = crossed_nodes(nodes, before=before, added=added)
    return max(crossed, key=lambda n: n.points) if crossed else None
