"""SLA reminders: one message per engagement when its deliverables fall due within
``REMIND_BEFORE`` and are not delivered, to the organisation's channels and the case's agent.

An engagement's reminder goes through the outbox (:mod:`reinstate.outbox`), as the case
reminders do: a run claims it under a lease and marks it sent (``reminded_at``) only once a
channel took it. A run killed mid-send leaves a claim that a later run takes over when the lease
has passed; when every channel fails the claim is released for the next run. A channel off the
public internet is refused as for the case reminders (:mod:`reinstate.cases.reminders`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from ..cases.reminders import Sender, _channels, _refused, apprise_send
from ..i18n import gettext_for
from ..outbox import claim, claimable
from ..storage.tables import Case, Engagement
from ..workbench import Workbench

REMIND_BEFORE = timedelta(hours=24)


@dataclass
class SlaReport:
    due: int = 0
    sent: list[int] = field(default_factory=list)  # case ids
    failed: list[int] = field(default_factory=list)
    without_channel: list[int] = field(default_factory=list)


def _message(engagement: Engagement, store: str, language: str) -> tuple[str, str]:
    lines = []
    for lang in dict.fromkeys((language, "en", "zh_CN")):
        _ = gettext_for(lang)
        lines.append(
            _("Case #{id} ({store}): the deliverables are due at {due}.").format(
                id=engagement.case_id, store=store, due=engagement.due_at.isoformat()
            )
        )
    return lines[0], "\n".join(lines)


def send_due(wb: Workbench, *, dry_run: bool = False, send: Sender = apprise_send) -> SlaReport:
    now = wb.clock.now()
    with wb.db.reading() as session:
        due = list(
            session.scalars(
                select(Engagement)
                .where(
                    Engagement.delivered_at.is_(None),
                    Engagement.due_at <= now + REMIND_BEFORE,
                    claimable(Engagement, now),
                )
                .order_by(Engagement.due_at)
            )
        )
    report = SlaReport(due=len(due))
    if dry_run:
        return report
    for engagement in due:
        claimed_at = wb.clock.now()  # a long run must not shorten the later leases
        if claim(wb, Engagement, engagement.id, claimed_at):
            _deliver(wb, engagement, claimed_at, send, report)
    return report


def _deliver(
    wb: Workbench, engagement: Engagement, now: datetime, send: Sender, report: SlaReport
) -> None:
    with wb.db.reading() as session:
        case = session.get(Case, engagement.case_id)
    if case is None:
        return
    urls, store = _channels(wb, case)
    allowed = (
        urls if wb.settings.notify_allow_private else [u for u in urls if u not in _refused(urls)]
    )
    title, body = _message(engagement, store, wb.settings.language)
    delivered = bool(allowed) and send(allowed, title, body)
    with wb.db.transaction() as session:
        row = session.get(Engagement, engagement.id, with_for_update=True)
        if row is None or row.claimed_at != now or row.reminded_at is not None:
            return  # its lease passed while sending: a later run decides what happens next
        if delivered:
            row.reminded_at = now
            report.sent.append(row.case_id)
        elif not urls:
            row.reminded_at = now  # nowhere to send it: not retried on every run
            report.without_channel.append(row.case_id)
        else:
            row.claimed_at = None  # released for the next run
            report.failed.append(row.case_id)
