"""Root-cause facts for an appeal letter: what the seller's own orders say about the metric a
violation is judged by, in the letter's language, offered to the composer beside the pack's
common causes (never written into the letter unasked).

Example::

    root_cause_facts(wb, actor, account_id, "order_defect_rate", "en")
    # ['Order defect rate 1.52%: 38 of 2,500 orders in the 60 days to 2026-11-18 had negative
    #   feedback, an A-to-z claim or a chargeback.',
    #  '71% of the 38 orders with a defect (27) were shipped with YunExpress.', ...]
"""

from __future__ import annotations

from ..accounts.service import get_account
from ..auth.actor import Actor
from ..errors import N_
from ..i18n import Gettext, gettext_for, normalise_language
from ..workbench import Workbench
from .breakdowns import breakdowns, window_of
from .compute import target_for
from .definitions import VIOLATION_METRICS
from .kept import account_as_of, account_key, latest_import

# What the metric's missed orders are, per metric: {rate}, {count}, {total}, {days}, {day}.
HEADLINES = {
    "odr": N_(
        "Order defect rate {rate}: {count} of {total} orders in the {days} days to {day} had "
        "negative feedback, an A-to-z claim or a chargeback."
    ),
    "late_shipment_rate": N_(
        "Late shipment rate {rate}: {count} of {total} orders due to ship in the {days} days to "
        "{day} shipped after their ship-by date or not at all."
    ),
    "pre_fulfilment_cancel_rate": N_(
        "Pre-fulfilment cancel rate {rate}: we cancelled {count} of {total} orders in the {days} "
        "days to {day} before shipping them."
    ),
    "valid_tracking_rate": N_(
        "Valid tracking rate {rate}: {count} of {total} shipments in the {days} days to {day} "
        "had no valid tracking."
    ),
    "on_time_delivery_rate": N_(
        "On-time delivery rate {rate}: {count} of {total} tracked orders due in the {days} days "
        "to {day} were not delivered by the promised date."
    ),
}
# The missed orders named in full, per metric: {count}. A concentration sentence is offered to
# the composer on its own, so it names the orders it is about instead of saying "of them".
MISSED = {
    "odr": N_("the {count} orders with a defect"),
    "late_shipment_rate": N_("the {count} orders shipped late or not at all"),
    "pre_fulfilment_cancel_rate": N_("the {count} orders we cancelled before shipping"),
    "valid_tracking_rate": N_("the {count} shipments without valid tracking"),
    "on_time_delivery_rate": N_("the {count} orders not delivered by the promised date"),
}
# Where the missed orders concentrate: {share}, {missed} (one of MISSED), {count}, {value}.
CONCENTRATIONS = {
    "carrier": N_("{share} of {missed} ({count}) were shipped with {value}."),
    "sku": N_("{share} of {missed} ({count}) were orders of SKU {value}."),
    "destination": N_("{share} of {missed} ({count}) went to {value}."),
    "fulfilment": N_("{share} of {missed} ({count}) were {value}."),
}
# Who fulfilled the orders, as the fulfilment sentence names them (Amazon's ODR is judged for
# each apart: SPEC §3)
FULFILMENT_ORDERS = {
    "mfn": N_("orders we fulfilled ourselves (MFN)"),
    "afn": N_("orders fulfilled by Amazon (FBA)"),
}
COMPONENTS = N_(
    "Of the defective orders, {negative_feedback} had negative feedback, {a_to_z_claim} an A-to-z "
    "claim and {chargeback} a chargeback."
)
# A value is named when it holds at least this share of the missed orders (and two of them),
# and its own orders miss at least this many times as often as all of the account's do: a
# store's home country holding most of its defects because it holds most of its orders is not
# a cause. At most this many values per dimension.
NOTABLE_SHARE = 0.3
NOTABLE_LIFT = 1.5
NOTABLE_VALUES = 2
# The dimensions that can explain a metric: a cancelled order never shipped with its carrier.
DIMENSIONS = {
    "odr": ("carrier", "sku", "destination", "component"),
    "pre_fulfilment_cancel_rate": ("sku", "destination"),
}
OTHER_DIMENSIONS = ("carrier", "sku", "destination")
# and, on Amazon, who fulfilled the orders a metric of both channels counts
BY_FULFILMENT = frozenset({"odr"})


def concentration(
    gettext: Gettext, metric: str, by: str, missed: int, held: int, value: str
) -> str:
    """The sentence that ``held`` of the metric's ``missed`` orders share one ``value`` of ``by``,
    naming those orders so that it reads alone.

    >>> from reinstate.i18n import gettext_for
    >>> concentration(gettext_for("en"), "odr", "carrier", 38, 27, "YunExpress")
    '71% of the 38 orders with a defect (27) were shipped with YunExpress.'
    >>> concentration(gettext_for("zh_CN"), "odr", "carrier", 38, 27, "YunExpress")
    '有缺陷的 38 个订单中，71%（27 个）由 YunExpress 承运。'
    >>> concentration(gettext_for("en"), "odr", "fulfilment", 38, 30, "mfn")
    '79% of the 38 orders with a defect (30) were orders we fulfilled ourselves (MFN).'
    """
    return gettext(CONCENTRATIONS[by]).format(
        share=f"{held / missed:.0%}",
        missed=gettext(MISSED[metric]).format(count=f"{missed:,}"),
        count=f"{held:,}",
        value=gettext(FULFILMENT_ORDERS[value]) if by == "fulfilment" else value,
    )


def root_cause_facts(
    wb: Workbench, actor: Actor, account_id: int, violation: str, language: str
) -> list[str]:
    """Sentences on the metric behind ``violation`` from the account's imported orders: the
    rate with its counts over the pack's window nearest its target, then the carriers, SKUs
    and destinations (and, for an Amazon store's ODR, who fulfilled the orders) that hold a
    notable share of the missed orders, and the ODR's components. Empty when the violation is
    not judged by a metric, or no order of the account falls in its windows."""
    store = get_account(wb, actor, account_id)
    metric = VIOLATION_METRICS.get(violation)
    found = latest_import(wb, actor)
    if metric is None or found is None:
        return []
    target = target_for(wb.policies, store.platform, metric)
    # for a rate that should be high, the orders that missed are those outside its numerator
    missed = target is not None and not target.upper
    sizes = (
        wb.policies[target.platform].metrics[metric].windows
        if target
        else (window_of(wb, store, metric, None),)
    )
    dimensions = DIMENSIONS.get(metric, OTHER_DIMENSIONS)
    if store.platform == "amazon" and metric in BY_FULFILMENT:
        dimensions += ("fulfilment",)
    windows = []
    for size in sizes:
        count, denominator, tables = breakdowns(
            wb, found, store, metric, size, dimensions, missed=missed
        )
        if denominator:
            value = (denominator - count if missed else count) / denominator
            closeness = target.closeness(value) if target else 0.0
            windows.append((closeness, size, count, denominator, tables, value))
    if not windows:
        return []
    # of the pack's windows (late shipment: 10 and 30 days), the one nearest its target or past it
    _, size, count, denominator, tables, value = max(windows, key=lambda w: w[0])
    gettext = gettext_for(normalise_language(language) or "en")
    facts = [
        gettext(HEADLINES[metric]).format(
            rate=f"{value:.2%}",
            count=f"{count:,}",
            total=f"{denominator:,}",
            days=size,
            day=account_as_of(found, account_key(store)).isoformat(),
        )
    ]
    if not count:
        return facts
    overall = count / denominator
    for by in CONCENTRATIONS:
        notable = [
            row
            for row in tables.get(by, [])
            if row["value"]
            and row["numerator"] >= 2
            and row["numerator"] / count >= NOTABLE_SHARE
            and row["numerator"] / row["denominator"] >= NOTABLE_LIFT * overall
        ]
        for row in sorted(notable, key=lambda r: -r["numerator"])[:NOTABLE_VALUES]:
            facts.append(concentration(gettext, metric, by, count, row["numerator"], row["value"]))
    if "component" in tables:
        parts = {r["value"]: f"{r['numerator']:,}" for r in tables["component"]}
        facts.append(gettext(COMPONENTS).format(**parts))
    return facts
