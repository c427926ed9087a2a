"""Send due reminders exactly once, however many ``reinstate remind`` runs at the same time.

Each reminder is claimed with ``UPDATE ... WHERE claimed_at IS NULL``; only the run whose
update changed one row sends it. When every channel fails the claim is released so a later
run retries; when no channel is configured the reminder is closed with that reason.

Channels are apprise URLs (email ``mailto://``, webhooks ``json://``, ``dingtalk://``,
``wecombot://``, ``feishu://`` …) of the organisation and of the case's assignee.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import apprise
from sqlalchemy import CursorResult, select, update

from ..errors import N_, InvalidInput
from ..i18n import gettext_for
from ..storage.tables import Case, Organisation, Reminder, SellerAccount, User
from ..workbench import Workbench

Sender = Callable[[list[str], str, str], bool]
MAX_URLS = 10


def apprise_send(urls: list[str], title: str, body: str) -> bool:
    notifier = apprise.Apprise()
    for url in urls:
        notifier.add(url)
    return bool(notifier.notify(title=title, body=body))


def clean_urls(urls: list[str]) -> list[str]:
    """Notification URLs apprise understands; one clear sentence for the first that is not."""
    cleaned = [u.strip() for u in urls if u.strip()]
    if len(cleaned) > MAX_URLS:
        raise InvalidInput(
            N_("At most {n} notification addresses."), field="notify_urls", n=MAX_URLS
        )
    for url in cleaned:
        if not apprise.Apprise().add(url):
            raise InvalidInput(
                N_("“{url}” is not a notification address apprise understands."),
                field="notify_urls",
                url=masked_url(url),
            )
    return cleaned


def masked_url(url: str) -> str:
    """Enough to recognise a channel, never its secret (tokens, passwords, keys)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://…" if parts.scheme else "…"


@dataclass
class RemindReport:
    due: int = 0
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    without_channel: list[int] = field(default_factory=list)


def _claim(wb: Workbench, reminder_id: int, now: datetime) -> bool:
    with wb.db.transaction() as session:
        claimed: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.claimed_at.is_(None))
            .values(claimed_at=now)
        )
        return claimed.rowcount == 1


def _message(reminder: Reminder, case: Case, store: str, language: str) -> tuple[str, str]:
    lines = []
    for lang in dict.fromkeys((language, "en", "zh_CN")):
        _ = gettext_for(lang)
        if reminder.kind == "review_due":
            lines.append(
                _("Case #{id} ({store}, {platform}): the review time has passed.").format(
                    id=case.id, store=store, platform=case.platform
                )
            )
        else:
            lines.append(
                _(
                    "Case #{id} ({store}, {platform}): the appeal is due in {hours} h, at {due}."
                ).format(
                    id=case.id,
                    store=store,
                    platform=case.platform,
                    hours=reminder.hours_before,
                    due=case.due_at.isoformat() if case.due_at else "",
                )
            )
    return lines[0], "\n".join(lines)


def _channels(wb: Workbench, case: Case) -> tuple[list[str], str]:
    with wb.db.reading() as session:
        org = session.get(Organisation, case.org_id)
        account = session.get(SellerAccount, case.account_id)
        urls = list(org.notify_urls if org else [])
        if case.assignee_id:
            assignee = session.get(User, case.assignee_id)
            urls += assignee.notify_urls if assignee else []
        return list(dict.fromkeys(urls)), account.store_name if account else str(case.account_id)


def send_due(wb: Workbench, *, dry_run: bool = False, send: Sender = apprise_send) -> RemindReport:
    now = wb.clock.now()
    with wb.db.reading() as session:
        due = list(
            session.scalars(
                select(Reminder)
                .where(
                    Reminder.claimed_at.is_(None),
                    Reminder.sent_at.is_(None),
                    Reminder.fire_at <= now,
                )
                .order_by(Reminder.fire_at)
            )
        )
    report = RemindReport(due=len(due))
    if dry_run:
        return report
    for reminder in due:
        if not _claim(wb, reminder.id, now):
            continue  # another run has it
        _deliver(wb, reminder, now, send, report)
    return report


def _deliver(
    wb: Workbench, reminder: Reminder, now: datetime, send: Sender, report: RemindReport
) -> None:
    with wb.db.reading() as session:
        case = session.get(Case, reminder.case_id)
    assert case is not None
    urls, store = _channels(wb, case)
    title, body = _message(reminder, case, store, wb.settings.language)
    delivered = bool(urls) and send(urls, title, body)
    with wb.db.transaction() as session:
        row = session.get(Reminder, reminder.id)
        assert row is not None
        if delivered:
            row.sent_at = now
            report.sent.append(row.id)
        elif not urls:
            row.sent_at, row.last_error = now, "no notification address configured"
            report.without_channel.append(row.id)
        else:
            row.claimed_at, row.last_error = None, "delivery failed; will retry"
            report.failed.append(row.id)
