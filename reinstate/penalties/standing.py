"""Where a seller account stands under its platform's penalty system, from its ledger (pure).

A penalty counts unless its appeal overturned it; on Taobao a penalty under appeal does not
count yet (appeal first: it applies only if the appeal fails or there is none).

>>> from reinstate.policies.loader import load_policies
>>> pack = load_policies()["shopee"]
>>> ledger = [Entry(date(2026, 11, 2), 4), Entry(date(2026, 11, 9), 3)]
>>> s = standing(pack, ledger, as_of=date(2026, 11, 22), region="PH")
>>> (s.points, s.level, [r.ends_on.isoformat() for r in s.restrictions][:1])
(7, 2, ['2026-12-07'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..errors import N_
from ..i18n import gettext_for
from ..policies.schema import (
    Pack,
    ShopeePenalties,
    TaobaoPenalties,
    Text,
    TikTokPenalties,
)
from . import shopee, taobao, tiktok
from .regions import marketplace_region

FAKE_TRANSACTIONS = "fake_transactions"
_SHIELD = N_("Shop shielded, listing restricted and public warning for {days} days")


@dataclass(frozen=True)
class Entry:
    received_on: date
    points: int
    serious: bool = False
    appeal_result: str = "not_appealed"
    violation: str = ""
    effective_on: date | None = None  # the day the penalty takes effect (None: received_on)

    @property
    def takes_effect(self) -> date:
        return self.effective_on or self.received_on


@dataclass(frozen=True)
class Restriction:
    label: Text
    ends_on: date | None  # None: until the platform lifts it


@dataclass
class Standing:
    system: str | None  # "taobao", "shopee", "tiktok" or None
    points: int
    level: int | None  # Shopee tier, TikTok milestone, Taobao node reached (points)
    restrictions: list[Restriction] = field(default_factory=list)
    next_reset: date | None = None
    serious_points: int = 0  # Taobao only
    # Taobao: a serious fake transaction freezes the account this day (30 days after it takes
    # effect, seed 003), and the general fake-transaction offences counted so far this year
    freeze_on: date | None = None
    offences: int = 0


def _counts(entry: Entry, appeal_first: bool) -> bool:
    if entry.appeal_result == "overturned":
        return False
    return not (appeal_first and entry.appeal_result == "pending")


def _active(restrictions: list[Restriction], as_of: date) -> list[Restriction]:
    return [r for r in restrictions if r.ends_on is None or r.ends_on > as_of]


def _shopee(
    rules: ShopeePenalties, ledger: list[Entry], as_of: date, region: str | None
) -> Standing:
    """Points since the last reset; each tier's restrictions for its days from the penalty that
    reached it, even past a reset (the reset clears points, not a penalty running its days)."""
    totals: dict[date, int] = {}  # points by the reset that began their quarter
    reached = []
    for entry in sorted(ledger, key=lambda e: e.received_on):
        if not (_counts(entry, False) and entry.received_on <= as_of):
            continue
        quarter = shopee.last_reset(rules, region, entry.received_on)
        before = totals.get(quarter, 0)
        totals[quarter] = total = before + entry.points
        for step in rules.tiers:
            if before < step.points <= total:
                ends = entry.received_on + timedelta(days=step.days)
                reached += [Restriction(rules.restrictions[r], ends) for r in step.restrictions]
    total = totals.get(shopee.last_reset(rules, region, as_of), 0)
    latest: dict[str, Restriction] = {}
    for restriction in _active(reached, as_of):  # one line per restriction: the latest end
        latest[restriction.label.en] = restriction
    tier = shopee.tier_for(rules, total)
    return Standing(
        "shopee",
        total,
        tier.tier if tier else 0,
        list(latest.values()),
        shopee.next_reset(rules, region, as_of),
    )


def _tiktok(
    rules: TikTokPenalties, ledger: list[Entry], as_of: date, region: str | None
) -> Standing:
    counted = [
        tiktok.Received(e.points, e.received_on)
        for e in ledger
        if _counts(e, False) and e.received_on <= as_of
    ]
    status = tiktok.tiktok_status(rules, counted, region=region, as_of=as_of)
    restrictions = [Restriction(status.milestone.consequence, None)] if status.milestone else []
    # a permanent deactivation, once reached, does not end when the points behind it expire
    final = next((m for m in rules.milestones if m.permanent_deactivation), None)
    reached = (
        tiktok.tiktok_status(
            rules, [r for r in counted if r.received <= day], region=region, as_of=day
        ).milestone
        for day in sorted({r.received for r in counted})
    )
    if final and status.milestone != final and any(m == final for m in reached):
        restrictions = [Restriction(final.consequence, None)]
    live = [end for _, end in status.records if end > as_of]
    return Standing(
        "tiktok",
        status.active_points,
        status.milestone.points if status.milestone else None,
        restrictions,
        min(live) if live else None,
    )


def _shield_text(days: int) -> Text:
    return Text(en=_SHIELD.format(days=days), zh=gettext_for("zh_CN")(_SHIELD).format(days=days))


def fake_transaction_offences(ledger: list[Entry], as_of: date, appeal_first: bool) -> int:
    """General fake-transaction offences of ``as_of``'s year that count: the next is this + 1."""
    return sum(
        1
        for e in ledger
        if e.violation == FAKE_TRANSACTIONS
        and not e.serious
        and _counts(e, appeal_first)
        and e.received_on.year == as_of.year
        and e.received_on <= as_of
    )


def _freeze_on(rules: TaobaoPenalties, entry: Entry) -> date | None:
    if not (entry.serious and entry.violation == FAKE_TRANSACTIONS):
        return None
    return entry.takes_effect + timedelta(
        days=rules.fake_transactions.serious.permanent_freeze_after_days
    )


def _unappealable(rules: TaobaoPenalties, entry: Entry) -> bool:
    """A serious fake transaction cannot be appealed (seed 003): an appeal said to be pending
    does not hold it off as it holds off the others."""
    serious = rules.fake_transactions.serious
    return entry.serious and entry.violation == FAKE_TRANSACTIONS and not serious.appealable


def _taobao(rules: TaobaoPenalties, ledger: list[Entry], as_of: date) -> Standing:
    """Points, nodes and offences of ``as_of``'s year (they reset at the end of the year); the
    restrictions and freezes of every year, each running its days (a shield from 28 December
    ends in January; a seal or a permanent freeze does not end with the year)."""
    appeal_first = rules.fake_transactions.appeal_first
    counted = [
        e
        for e in sorted(ledger, key=lambda e: e.received_on)
        if _counts(e, appeal_first and not _unappealable(rules, e)) and e.received_on <= as_of
    ]
    general = 0
    serious_by_year: dict[int, int] = {}
    found: list[Restriction] = []
    freezes: list[date] = []
    shields = {row.points: row.shop_shield_days for row in rules.fake_transactions.table}
    for entry in counted:
        year = entry.received_on.year
        if entry.serious:
            before = serious_by_year.get(year, 0)
            node = taobao.heaviest_node(rules.point_nodes, before=before, added=entry.points)
            serious_by_year[year] = before + entry.points
            freeze = _freeze_on(rules, entry)
            if freeze is not None:
                freezes.append(freeze)
            if node and not (node.account_sealed and freeze is not None and as_of < freeze):
                days = node.shop_shield_days or node.shop_closed_days
                ends = (
                    None
                    if node.account_sealed or not days
                    else (entry.received_on + timedelta(days=days))
                )
                found.append(Restriction(node.consequence, ends))
        else:
            general += entry.points if year == as_of.year else 0
            if shields.get(entry.points):
                days = shields[entry.points]
                found.append(
                    Restriction(_shield_text(days), entry.received_on + timedelta(days=days))
                )
    serious = serious_by_year.get(as_of.year, 0)
    nodes = [n.points for n in rules.point_nodes if serious >= n.points]
    return Standing(
        "taobao",
        general,
        max(nodes) if nodes else None,
        _active(found, as_of),
        date(as_of.year + 1, 1, 1),
        serious_points=serious,
        freeze_on=min(freezes) if freezes else None,
        offences=fake_transaction_offences(ledger, as_of, appeal_first),
    )


def standing(pack: Pack, ledger: list[Entry], *, as_of: date, region: str | None) -> Standing:
    """``region``: the account's marketplace as the seller wrote it (PH, Shopee PH, 菲律宾站)."""
    rules = pack.penalties
    if isinstance(rules, ShopeePenalties):
        return _shopee(rules, ledger, as_of, marketplace_region(region, rules.regions))
    if isinstance(rules, TikTokPenalties):
        return _tiktok(rules, ledger, as_of, marketplace_region(region, rules.regions))
    if isinstance(rules, TaobaoPenalties):
        return _taobao(rules, ledger, as_of)
    counted = sum(e.points for e in ledger if _counts(e, False) and e.received_on <= as_of)
    return Standing(None, counted, None)
