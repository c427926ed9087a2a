"""The Today page's accounts at risk: metrics at risk or past their target (from the latest
import), Amazon's account status when its latest report says it is not normal, and penalty
points near the next threshold of the platform's system.

Example::

    penalty_thresholds(ctx)[0].params  # {"store": "Blue Ocean", "points": 5, "threshold": 6, ...}
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from ..errors import N_
from ..metrics.definitions import METRIC_LABELS, STATUS_LABELS
from ..metrics.history import latest_report_days, overview, reported_account_statuses
from ..metrics.spapi import account_status_label, account_status_rank
from ..penalties.ledger import entry_of
from ..penalties.standing import Entry, Standing, standing
from ..policies.schema import Pack, ShopeePenalties, TaobaoPenalties, TikTokPenalties
from ..storage.tables import Organisation, Penalty
from ..tenancy import scope
from ..timezones import seller_zone
from .sources import Context
from .views import TodayItem


def metrics_at_risk(ctx: Context) -> list[TodayItem]:
    """Each account's worst metric, when any of its metrics is at risk or past its target."""
    items = []
    for account in overview(ctx.wb, ctx.actor)["accounts"]:
        worst, account_id = account["worst"], account["account_id"]
        if account_id is None or worst is None or worst["status"] not in ("at_risk", "breach"):
            continue
        store = ctx.store(account_id)
        items.append(
            TodayItem(
                section="at_risk",
                kind="metric",
                severity="high" if worst["status"] == "breach" else "medium",
                message=N_("{store}: {metric} ({days} days): {status}"),
                params={"store": store, "days": worst["window_days"]},
                labels={
                    "metric": METRIC_LABELS.get(worst["metric"], worst["metric"]),
                    "status": STATUS_LABELS[worst["status"]],
                },
                account_id=account_id,
                store_name=store,
                link=f"/accounts/{account_id}/metrics",
            )
        )
    return items


def account_statuses(ctx: Context) -> list[TodayItem]:
    """Each account whose latest account health report (the last imported of its latest
    day) has Amazon's account status at risk, deactivated or suspended."""
    days = latest_report_days(ctx.session, ctx.accounts)
    items = []
    for account_id, said in sorted(reported_account_statuses(ctx.session, days).items()):
        rank = account_status_rank(said)
        if not rank or said is None:
            continue  # normal, or a word we do not know
        store = ctx.store(account_id)
        items.append(
            TodayItem(
                section="at_risk",
                kind="account_status",
                severity="high" if rank >= 2 else "medium",
                message=N_("{store}: Amazon says the account is {status}"),
                params={"store": store},
                labels={"status": account_status_label(said)},
                account_id=account_id,
                store_name=store,
                link=f"/accounts/{account_id}/metrics#reported",
            )
        )
    return items


def thresholds(pack: Pack) -> list[int]:
    """The point totals at which the platform's penalty system acts, lowest first."""
    rules = pack.penalties
    if isinstance(rules, ShopeePenalties):
        return sorted(t.points for t in rules.tiers)
    if isinstance(rules, TikTokPenalties):
        return sorted(m.points for m in rules.milestones)
    if isinstance(rules, TaobaoPenalties):
        return sorted(n.points for n in rules.point_nodes)
    return []


def counted_points(found: Standing) -> int:
    """The points the thresholds are compared with (Taobao's nodes count serious points)."""
    return found.serious_points if found.system == "taobao" else found.points


def near_threshold(pack: Pack, found: Standing, ledger: list[Entry]) -> tuple[int, int] | None:
    """(points, next threshold) when one more penalty like the largest on the ledger would
    reach the next threshold; None when none is that near (or the system has none)."""
    points = counted_points(found)
    ahead = [t for t in thresholds(pack) if t > points]
    counted = [
        e.points
        for e in ledger
        if e.appeal_result != "overturned" and (found.system != "taobao" or e.serious)
    ]  # Taobao's nodes count serious points only: a general penalty brings none nearer
    largest = max(counted, default=0)
    if not ahead or largest == 0 or ahead[0] - points > largest:
        return None
    return points, ahead[0]


def penalty_thresholds(ctx: Context) -> list[TodayItem]:
    """Accounts whose next penalty like their largest so far would cross a threshold."""
    query = scope(select(Penalty), ctx.actor, Penalty)
    ledgers: dict[int, list[Entry]] = defaultdict(list)
    for p in ctx.session.scalars(query.order_by(Penalty.account_id, Penalty.received_on)):
        ledgers[p.account_id].append(entry_of(p))  # counted as the account page counts it
    org = ctx.session.get(Organisation, ctx.actor.org_id)
    today = ctx.now.astimezone(seller_zone(org.time_zone if org else None)).date()
    items = []
    for account_id, ledger in ledgers.items():
        account = ctx.accounts.get(account_id)
        if account is None:
            continue
        pack = ctx.wb.policies.get_pack(account.platform)
        region = account.marketplace or None
        found = standing(pack, ledger, as_of=today, region=region)
        near = near_threshold(pack, found, ledger)
        if near is None:
            continue
        items.append(
            TodayItem(
                section="at_risk",
                kind="penalty",
                severity="high" if near[1] - near[0] <= 1 else "medium",
                message=N_(
                    "{store}: {points} penalty points; the next level starts at {threshold}"
                ),
                params={"store": account.store_name, "points": near[0], "threshold": near[1]},
                account_id=account_id,
                store_name=account.store_name,
                link=f"/accounts/{account_id}#penalties",
            )
        )
    return items
