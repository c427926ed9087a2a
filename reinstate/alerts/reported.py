"""Alerts from the platform's own report (Amazon's account health report): a metric that the
report puts at risk or past its target, or an Account Health Rating band that worsens, is
alerted as an import of orders would be, once per change; so is an account status that Amazon
worsens (normal → at risk → deactivated or suspended), in an alert of its own, and so are the
report's policy defects (IP or authenticity complaints …) whose count rises.

A reported metric's status is the worse of the pack's judgement of its rate (as the account's
page shows it) and Amazon's own word on it: a metric Amazon calls ``BAD`` missed its target;
an Account Health Rating without a score is ``GREAT`` (healthy) or ``WARNED`` (at risk).

Example::

    before = reported(wb, store)
    ...  # import the report
    raised = report_imported(wb, actor, store, before)
"""

from __future__ import annotations

from typing import Any

from ..auth.actor import Actor
from ..metrics.spapi import account_status_rank, amazon_status
from ..storage.tables import SellerAccount
from ..workbench import Workbench
from .detect import became_worse, raise_alert

SEVERITY = {"no_data": 0, "good": 1, "at_risk": 2, "breach": 3}
Reported = dict[tuple[str, str, int], tuple[str, int | None]]  # -> (status, window days)


def reported(wb: Workbench, store: SellerAccount) -> dict[str, Any] | None:
    """The account's latest report, judged as its page shows it."""
    from ..metrics.history import _reported

    return _reported(wb, store)


def reported_statuses(report: dict[str, Any] | None) -> Reported:
    """Each metric of a report (by metric, channel and window) and its status."""
    found: Reported = {}
    for m in (report or {}).get("metrics", []):
        ours = str(m["status"])
        theirs = amazon_status(m["platform_status"])
        worst = max(ours, theirs, key=lambda s: SEVERITY.get(s, 0))
        found[(m["metric"], m["fulfilment"], m["window_days"] or 0)] = (worst, m["window_days"])
    return found


def report_imported(
    wb: Workbench, actor: Actor, store: SellerAccount, before: dict[str, Any] | None
) -> int:
    """Alert once if the account's latest report (now) puts a metric at risk or past its
    target that was not so in the latest report before (``before``, as :func:`reported`
    read it), and once if Amazon's account status in it is worse than before; the alerts
    raised."""
    latest = reported(wb, store)
    if latest is None:
        return 0
    raised = 0
    worse = []
    was_statuses = reported_statuses(before)
    for key, (status, days) in sorted(reported_statuses(latest).items()):
        was = was_statuses.get(key, (None, None))[0]
        if became_worse(was, status):
            metric, fulfilment, _ = key
            worse.append(
                {
                    "metric": metric,
                    "fulfilment": fulfilment,
                    "window_days": days,
                    "was": was,
                    "status": status,
                }
            )
    if worse:
        raised += _raise(
            wb, actor, store, "alert.metrics",
            {"as_of": latest["day"], "source": "sp-api", "metrics": worse},
        )  # fmt: skip
    said, was_said = latest.get("account_status"), (before or {}).get("account_status")
    rank, was_rank = account_status_rank(said), account_status_rank(was_said)
    # a status Amazon worsened; the first report's news only when it is not normal
    if rank and (was_rank is None or rank > was_rank):
        raised += _raise(
            wb, actor, store, "alert.account_status",
            {"as_of": latest["day"], "source": "sp-api", "was": was_said, "status": said},
        )  # fmt: skip
    grown = _grown_defects(latest, before)
    if grown:
        raised += _raise(
            wb, actor, store, "alert.policy",
            {"as_of": latest["day"], "source": "sp-api", "policy_defects": grown},
        )  # fmt: skip
    return raised


def _grown_defects(latest: dict[str, Any], before: dict[str, Any] | None) -> dict[str, int]:
    """The report's policy sections (IP complaints, authenticity complaints …) whose count of
    defects rose since the report before (all of them in the first report)."""
    was = (before or {}).get("policy_defects") or {}
    return {
        key: count
        for key, count in (latest.get("policy_defects") or {}).items()
        if count > was.get(key, 0)
    }


def _raise(
    wb: Workbench, actor: Actor, store: SellerAccount, name: str, after: dict[str, Any]
) -> int:
    with wb.db.transaction() as session:
        raise_alert(
            session,
            actor,
            wb.clock,
            name,
            account_id=store.id,
            subject=store.store_name,
            before=None,
            after=after,
        )
    return 1
