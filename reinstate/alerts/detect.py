"""What is worth an alert: a metric that becomes at risk or misses its target with an import,
and a penalty that takes an account to a new level of its platform's system. Each is recorded
as an event and queued for delivery in one transaction (:func:`raise_alert`).

Example::

    worse = newly_at_risk({("odr", 60): "good"}, {("odr", 60): "breach"})  # [("odr", 60, ...)]
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..clock import Clock
from ..events import record
from ..penalties.standing import Standing
from ..storage.tables import Alert, Event, MetricImport, SellerAccount
from ..workbench import Workbench

ALERTING = ("at_risk", "breach")
Statuses = dict[tuple[str, int], str]  # (metric, window days) -> status


def raise_alert(
    session: Session,
    actor: Actor,
    clock: Clock,
    name: str,
    *,
    account_id: int | None,
    subject: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> Event:
    """Record the event and queue its delivery, in the caller's transaction."""
    event = record(
        session,
        actor,
        clock,
        name,
        account_id=account_id,
        subject=subject,
        before=before,
        after=after,
    )
    session.add(
        Alert(
            org_id=actor.org_id,
            account_id=account_id,
            event_id=event.id,
            created_at=clock.now(),
            last_error="",
        )
    )
    return event


def newly_at_risk(before: Statuses, after: Statuses) -> list[tuple[str, int, str | None, str]]:
    """The metrics whose status became at risk or breach (or went from at risk to breach)."""
    found = []
    for key, status in sorted(after.items()):
        was = before.get(key)
        if became_worse(was, status):
            found.append((key[0], key[1], was, status))
    return found


def became_worse(was: str | None, status: str) -> bool:
    """A status worth an alert: at risk or breach, and not so before (at risk to breach is)."""
    return status in ALERTING and was != status and not (was == "breach" and status == "at_risk")


def statuses(wb: Workbench, found: MetricImport | None) -> dict[str, Statuses]:
    """Each account's (by its key in the files) statuses on its own day. Read them before the
    next import: it may replace the files."""
    from ..metrics.history import _history  # the daily history files, read as the pages do
    from ..metrics.kept import account_as_of

    by_key: dict[str, Statuses] = defaultdict(dict)
    if found is None:
        return by_key
    on = {found.as_of, *(date.fromisoformat(d) for d in _kept(found).values())}
    for judged in _history(wb, found, None, min(on), on=on):
        if judged.day == account_as_of(found, judged.account_id):
            by_key[judged.account_id][(judged.metric, judged.window_days)] = judged.status
    return by_key


def _kept(found: MetricImport) -> dict[str, str]:
    from ..metrics.kept import AS_OF_BY_ACCOUNT

    kept: dict[str, str] = found.report.get(AS_OF_BY_ACCOUNT) or {}
    return kept


def metrics_imported(
    wb: Workbench, actor: Actor, old: dict[str, Statuses], after: MetricImport
) -> int:
    """Alert once per account whose metrics became at risk or breach with this import (``old``:
    the :func:`statuses` before it); the number of alerts raised."""
    from ..metrics.kept import account_as_of, account_key

    new = statuses(wb, after)
    raised = 0
    with wb.db.transaction() as session:
        stores = session.scalars(
            select(SellerAccount).where(
                SellerAccount.org_id == after.org_id, SellerAccount.deleted_at.is_(None)
            )
        )
        for store in stores:
            key = account_key(store)
            worse = newly_at_risk(old.get(key, {}), new.get(key, {}))
            if not worse:
                continue
            raise_alert(
                session,
                actor,
                wb.clock,
                "alert.metrics",
                account_id=store.id,
                subject=store.store_name,
                before=None,
                after={
                    "as_of": account_as_of(after, key).isoformat(),
                    "metrics": [
                        {"metric": m, "window_days": w, "was": was, "status": s}
                        for m, w, was, s in worse
                    ],
                },
            )
            raised += 1
    return raised


def level_reached(before: Standing, after: Standing) -> bool:
    """The account reached a higher level of its platform's penalty system (a Shopee tier, a
    TikTok milestone, a Taobao node)."""
    return (after.level or 0) > (before.level or 0)
