"""Send due reminders exactly once, however many ``reinstate remind`` runs at the same time.

Each reminder is claimed with ``UPDATE ... WHERE claimed_at IS NULL OR claimed_at <= now - LEASE``;
only the run whose update changed one row sends it. A claim is a lease: a run killed mid-send
leaves a claim that is never marked sent, and once the lease has passed a later run claims the
reminder again, so a crash delays a reminder by at most ``LEASE`` instead of losing it. Inside a
lease nobody else sends. When every channel fails the claim is released so a later run
retries; when no channel is configured the reminder is closed with that reason. Rescheduling
(a transition, a new deadline) replaces every unsent reminder outside a live lease; a claimed
reminder whose case no longer calls for it (closed, or no longer in the state its kind is for)
is dropped unsent.

Channels are apprise URLs (email ``mailto://``, webhooks ``json://``, ``dingtalk://``,
``wecombot://``, ``feishu://`` …) of the organisation and of the case's assignee. A channel
whose host resolves off the public internet (see :mod:`.destinations`) is refused when saved and
again when sending, since DNS can change in between; a refused send is logged, kept as the
reminder's last error and recorded as an event. ``REINSTATE_NOTIFY_ALLOW_PRIVATE`` lets
on-premises webhooks through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import apprise
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..errors import N_, InvalidInput
from ..events import record
from ..i18n import gettext_for
from ..outbox import claim, claimable
from ..storage.tables import Case, Organisation, Reminder, SellerAccount, User
from ..workbench import Workbench
from . import rules
from .destinations import refused_host

log = logging.getLogger("reinstate.reminders")
Sender = Callable[[list[str], str, str], bool]
MAX_URLS = 10
# Longer than any send takes (apprise gives up on a silent server within seconds).


def apprise_send(urls: list[str], title: str, body: str) -> bool:
    """Send to every channel without following HTTP redirects, whatever the URL asks
    (``?redirect=yes``): only the first hop's address was checked, and a public server
    answering ``307 Location: http://169.254.169.254/…`` must not relay the reminder there."""
    notifier = apprise.Apprise()
    for url in urls:
        plugin = apprise.Apprise.instantiate(url)
        if plugin is not None:
            plugin.redirects = False
            notifier.add(plugin)
    return bool(notifier.notify(title=title, body=body))


def clean_urls(urls: list[str], *, allow_private: bool = False) -> list[str]:
    """Notification URLs apprise understands and that lead to public addresses (unless
    ``allow_private``); one clear sentence for the first that does not."""
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
        host = None if allow_private else refused_host(url)
        if host is not None:
            raise InvalidInput(
                N_(
                    "“{url}” leads to {host}, a local or private network address; "
                    "reminders only go to public addresses."
                ),
                field="notify_urls",
                url=masked_url(url),
                host=host,
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
    refused: list[int] = field(default_factory=list)
    superseded: list[int] = field(default_factory=list)


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
                .where(claimable(Reminder, now), Reminder.fire_at <= now)
                .order_by(Reminder.fire_at)
            )
        )
    report = RemindReport(due=len(due))
    if dry_run:
        return report
    for reminder in due:
        claimed_at = wb.clock.now()  # a long run must not shorten the later leases
        if not claim(wb, Reminder, reminder.id, claimed_at):
            continue  # another run has it
        _deliver(wb, reminder, claimed_at, send, report)
    return report


def _deliver(
    wb: Workbench, reminder: Reminder, now: datetime, send: Sender, report: RemindReport
) -> None:
    message = _prepared(wb, reminder)
    if message is None:
        _drop(wb, reminder.id, now, report)
        return
    urls, title, body = message
    refused = {} if wb.settings.notify_allow_private else _refused(urls)
    allowed = [url for url in urls if url not in refused]
    delivered = bool(allowed) and send(allowed, title, body)
    with wb.db.transaction() as session:
        row = session.get(Reminder, reminder.id, with_for_update=True)
        if row is None:  # its lease passed and the case changed: rescheduled away
            report.superseded.append(reminder.id)
            return
        if row.claimed_at != now or row.sent_at is not None:
            log.warning("reminder %s: its lease passed while sending", row.id)
            return  # a later run has claimed it; it decides what happens next
        if refused:
            _record_refusal(session, wb, row, refused)
            report.refused.append(row.id)
        if delivered:
            row.sent_at = now
            report.sent.append(row.id)
        elif not urls:
            row.sent_at, row.last_error = now, "no notification address configured"
            report.without_channel.append(row.id)
        else:
            row.claimed_at = None
            row.last_error = (
                f"{row.last_error}; will retry"
                if refused and not allowed
                else "delivery failed; will retry"
            )
            report.failed.append(row.id)


def _prepared(wb: Workbench, reminder: Reminder) -> tuple[list[str], str, str] | None:
    """Channels, title and body of a claimed reminder; None when what it is about (a case, or
    a video verification) no longer calls for it."""
    if reminder.verification_id is not None:
        from ..verification.reminders import prepared  # imported here: it imports this module

        return prepared(wb, reminder)
    with wb.db.reading() as session:
        case = session.get(Case, reminder.case_id)
    if case is None or not _still_called_for(reminder, case):
        return None
    urls, store = _channels(wb, case)
    title, body = _message(reminder, case, store, wb.settings.language)
    return urls, title, body


def _still_called_for(reminder: Reminder, case: Case) -> bool:
    """Whether the case's state, read after the claim, still calls for this kind of reminder:
    the case may have closed or moved on while a killed run held the claim."""
    states = rules.WITH_PLATFORM if reminder.kind == "review_due" else rules.WAITING
    return case.state in states


def _drop(wb: Workbench, reminder_id: int, now: datetime, report: RemindReport) -> None:
    """Delete a claimed reminder the case no longer calls for, as rescheduling would have."""
    with wb.db.transaction() as session:
        row = session.get(Reminder, reminder_id, with_for_update=True)
        if row is not None and row.claimed_at == now and row.sent_at is None:
            session.delete(row)
    log.info("reminder %s: no longer called for; not sent", reminder_id)
    report.superseded.append(reminder_id)


_REFUSED = "refused private address: "


def _refused(urls: list[str]) -> dict[str, str]:
    """The channels whose host resolves off the public internet now, with that host."""
    found = {url: refused_host(url) for url in urls}
    return {url: host for url, host in found.items() if host is not None}


def _record_refusal(
    session: Session, wb: Workbench, row: Reminder, refused: dict[str, str]
) -> None:
    for url, host in refused.items():
        log.warning("reminder %s: refused %s, which leads to %s", row.id, masked_url(url), host)
    already = row.last_error.startswith(_REFUSED)
    row.last_error = _REFUSED + ", ".join(sorted(set(refused.values())))
    if already:
        return  # recorded when first refused; cron retries must not flood the activity log
    record(
        session,
        Actor.command_line(row.org_id),
        wb.clock,
        "reminder.refused",
        case_id=row.case_id,
        subject=f"#{row.case_id}" if row.case_id else f"V{row.verification_id}",
        after={"channels": [masked_url(u) for u in refused], "hosts": sorted(refused.values())},
    )


def set_reminder_settings(
    wb: Workbench, actor: Actor, *, urls: list[str] | None, hours: list[int] | None
) -> dict[str, Any]:
    """Owners set the organisation's channels and offsets; events show channels masked."""
    actor.require_owner()
    with wb.db.transaction() as session:
        org = session.get(Organisation, actor.org_id)
        assert org is not None
        before = {
            "hours": list(org.reminder_hours),
            "channels": [masked_url(u) for u in org.notify_urls],
        }
        if urls is not None:
            org.notify_urls = clean_urls(urls, allow_private=wb.settings.notify_allow_private)
        if hours is not None:
            org.reminder_hours = clean_hours(hours)
        after = {
            "hours": list(org.reminder_hours),
            "channels": [masked_url(u) for u in org.notify_urls],
        }
        if after != before:
            record(session, actor, wb.clock, "organisation.reminders", before=before, after=after)
        return after


def clean_hours(hours: list[int]) -> list[int]:
    if not 1 <= len(hours) <= 6 or any(not 1 <= h <= 720 for h in hours):
        raise InvalidInput(
            N_("Give one to six reminder times, each 1 to 720 hours before."),
            field="reminder_hours",
        )
    return sorted(set(hours), reverse=True)
