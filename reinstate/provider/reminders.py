"""SLA reminders: one message per engagement when its deliverables fall due within
``REMIND_BEFORE`` and are not delivered, to the organisation's channels and the case's agent.

An engagement is claimed by a conditional UPDATE of ``reminded_at`` (only the run whose update
changed the row sends), so two runs of ``reinstate engagement remind`` never both send. When every
channel fails the claim is released for a later run; a channel off the public internet is
refused as for the case reminders (:mod:`reinstate.cases.reminders`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import CursorResult, select, update

from ..cases.reminders import Sender, _channels, _refused, apprise_send
from ..i18n import gettext_for
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
    waiting = (
        Engagement.delivered_at.is_(None),
        Engagement.reminded_at.is_(None),
        Engagement.due_at <= now + REMIND_BEFORE,
    )
    with wb.db.reading() as session:
        due = list(session.scalars(select(Engagement).where(*waiting).order_by(Engagement.due_at)))
    report = SlaReport(due=len(due))
    if dry_run:
        return report
    for engagement in due:
        with wb.db.transaction() as session:
            claimed: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                update(Engagement)
                .where(Engagement.id == engagement.id, *waiting)
                .values(reminded_at=now)
            )
            case = session.get(Case, engagement.case_id)
        if claimed.rowcount != 1 or case is None:
            continue  # another run has it
        urls, store = _channels(wb, case)
        allowed = (
            urls
            if wb.settings.notify_allow_private
            else [url for url in urls if url not in _refused(urls)]
        )
        title, body = _message(engagement, store, wb.settings.language)
        if not urls:
            report.without_channel.append(engagement.case_id)
        elif allowed and send(allowed, title, body):
            report.sent.append(engagement.case_id)
        else:
            with wb.db.transaction() as session:
                session.execute(
                    update(Engagement)
                    .where(Engagement.id == engagement.id)
                    .values(reminded_at=None)
                )
            report.failed.append(engagement.case_id)
    return report
