"""Sending alerts: each queued alert is claimed with a lease by a conditional UPDATE (two runs
never both send it), sent to the organisation's channels with the reminders' machinery (public
addresses only, no redirects followed), and marked sent.

Example::

    report = send_alerts(wb)   # report.sent, report.failed, report.without_channel
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from ..cases.reminders import Sender, _refused, apprise_send
from ..errors import N_
from ..i18n import gettext_for
from ..metrics.definitions import METRIC_LABELS, STATUS_LABELS
from ..metrics.spapi import account_status_label, policy_label
from ..outbox import claim, claimable
from ..storage.tables import Alert, Event, Organisation
from ..workbench import Workbench

_METRICS = N_("{store}: {metrics}.")
_METRIC = N_("{metric} ({days} days) is {status}")
_METRIC_UNDATED = N_("{metric} is {status}")
_LEVEL = N_("{store}: {points} penalty points reach level {level} of the platform's system.")
_ACCOUNT = N_("{store}: Amazon now says the account is {status}.")
_ACCOUNT_WAS = N_("{store}: Amazon now says the account is {status} (it was {was}).")
_POLICY = N_("{store}: Amazon's account health report counts {defects}.")
_TITLE = N_("Reinstate alert: {store}")


@dataclass
class AlertReport:
    due: int = 0
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    without_channel: list[int] = field(default_factory=list)


def message(event: Event, language: str) -> str:
    """The alert in one language."""
    _ = gettext_for(language)
    after = event.after or {}
    if event.name == "alert.penalty_level":
        return _(_LEVEL).format(store=event.subject, points=after["points"], level=after["level"])
    if event.name == "alert.account_status":
        was = after.get("was")
        return _(_ACCOUNT_WAS if was else _ACCOUNT).format(
            store=event.subject,
            status=_(account_status_label(after["status"])),
            was=_(account_status_label(was)) if was else "",
        )
    if event.name == "alert.policy":
        defects = "; ".join(
            f"{_(policy_label(key))}: {count}"
            for key, count in (after.get("policy_defects") or {}).items()
        )
        return _(_POLICY).format(store=event.subject, defects=defects)
    parts = [
        _(_METRIC if m["window_days"] else _METRIC_UNDATED).format(
            metric=_(METRIC_LABELS.get(m["metric"], m["metric"])),
            days=m["window_days"],
            status=_(STATUS_LABELS.get(m["status"], m["status"])),
        )
        for m in after.get("metrics", [])
    ]
    parts = list(dict.fromkeys(parts))  # a report's two channels (mfn, afn) alike: said once
    return _(_METRICS).format(store=event.subject, metrics="; ".join(parts))


def send_alerts(wb: Workbench, *, send: Sender = apprise_send) -> AlertReport:
    """Send every queued alert once; a failed one is tried again by the next run."""
    now = wb.clock.now()
    with wb.db.reading() as session:
        due = list(session.scalars(select(Alert).where(claimable(Alert, now)).order_by(Alert.id)))
    report = AlertReport(due=len(due))
    for alert in due:
        claimed_at = wb.clock.now()
        if not claim(wb, Alert, alert.id, claimed_at):
            continue  # another run has it
        _deliver(wb, alert, claimed_at, send, report)
    return report


def _deliver(wb: Workbench, alert: Alert, now: datetime, send: Sender, report: AlertReport) -> None:
    with wb.db.reading() as session:
        event = session.get(Event, alert.event_id)
        org = session.get(Organisation, alert.org_id)
        urls = list(dict.fromkeys(org.notify_urls if org else []))
    assert event is not None
    refused = {} if wb.settings.notify_allow_private else _refused(urls)
    allowed = [u for u in urls if u not in refused]
    lines = [message(event, lang) for lang in dict.fromkeys((wb.settings.language, "en", "zh_CN"))]
    title = gettext_for(wb.settings.language)(_TITLE).format(store=event.subject)
    delivered = bool(allowed) and send(allowed, title, "\n".join(lines))
    with wb.db.transaction() as session:
        row = session.get(Alert, alert.id, with_for_update=True)
        if row is None or row.claimed_at != now or row.sent_at is not None:
            return  # its lease passed: a later run decides
        if delivered:
            row.sent_at = now
            report.sent.append(row.id)
        elif not urls:
            row.sent_at, row.last_error = now, "no notification address configured"
            report.without_channel.append(row.id)
        else:
            row.claimed_at = None
            row.last_error = "delivery failed; will retry"
            report.failed.append(row.id)
