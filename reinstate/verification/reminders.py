"""A video verification's reminders, sent by the one reminder machinery (``cases.reminders``:
claimed under a lease, to the organisation's channels, private hosts refused) and shown in the
``.ics`` feed.

    verify_slot     24 h and 1 h before the booked call
    verify_unready  24 h before the call, if readiness items are still unticked then
    verify_window   the booking window closes in 12 h and nothing is booked
    verify_result   the result is later than the platform said (48 h after the call)

Rescheduling after every change replaces the unsent ones; a reminder whose verification no
longer calls for it when it is claimed (booked elsewhere, every item ticked) is dropped unsent.

>>> from datetime import UTC, datetime
>>> slot = datetime(2026, 11, 20, 10, tzinfo=UTC)
>>> [(k, h, t.hour) for k, h, t in planned("booked", None, slot, None, closed=False)]
[('verify_slot', 24, 10), ('verify_unready', 24, 10), ('verify_slot', 1, 9)]
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..i18n import gettext_for, ngettext_for
from ..policies.schema import VideoVerification
from ..storage.tables import Organisation, Reminder, SellerAccount, Verification
from ..tenancy import scope
from ..workbench import Workbench
from . import records, rules

if TYPE_CHECKING:
    from icalendar import Event as CalendarEvent

SLOT_HOURS = (24, 1)
UNREADY_HOURS = 24
WINDOW_HOURS = 12
KINDS = ("verify_slot", "verify_unready", "verify_window", "verify_result")
Planned = tuple[str, int, datetime]


def planned(
    state: str,
    book_until: datetime | None,
    slot_at: datetime | None,
    result_due_at: datetime | None,
    *,
    closed: bool,
) -> list[Planned]:
    """(kind, hours before, when) of every reminder a verification in ``state`` calls for."""
    if closed:
        return []
    if state == "booked" and slot_at is not None:
        found = [("verify_slot", hours, slot_at - timedelta(hours=hours)) for hours in SLOT_HOURS]
        found.append(("verify_unready", UNREADY_HOURS, slot_at - timedelta(hours=UNREADY_HOURS)))
        return sorted(found, key=lambda p: (p[2], KINDS.index(p[0])))
    if state in rules.BOOKABLE and book_until is not None:
        return [("verify_window", WINDOW_HOURS, book_until - timedelta(hours=WINDOW_HOURS))]
    if state == "completed" and result_due_at is not None:
        return [("verify_result", 0, result_due_at)]
    return []


def planned_for(row: Verification, video: VideoVerification) -> list[Planned]:
    closed = rules.is_closed(records.state_of(row), video)
    return planned(row.state, row.book_until, row.slot_at, row.result_due_at, closed=closed)


def schedule(session: Session, row: Verification, video: VideoVerification, now: datetime) -> None:
    """Replace the verification's unsent reminders (outside a live lease) with those it calls
    for now."""
    from ..outbox import claimable

    session.execute(
        delete(Reminder).where(Reminder.verification_id == row.id, claimable(Reminder, now))
    )
    for kind, hours, fire in planned_for(row, video):
        if fire > now:
            session.add(
                Reminder(
                    org_id=row.org_id,
                    verification_id=row.id,
                    kind=kind,
                    hours_before=hours,
                    fire_at=fire,
                    last_error="",
                )
            )


def _unticked(session: Session, row: Verification) -> list[str]:
    actor = Actor.command_line(row.org_id)
    return [c.item for c in records.checks_of(session, actor, row.id) if not c.done]


def _lines(reminder: Reminder, row: Verification, store: str, unticked: int, lang: str) -> str:
    _ = gettext_for(lang)
    names = {"id": row.id, "store": store}
    if reminder.kind == "verify_slot":
        return _("Video verification V{id} ({store}): the call is in {hours} h, at {slot}.").format(
            **names, hours=reminder.hours_before, slot=_iso(row.slot_at)
        )
    if reminder.kind == "verify_unready":
        ngettext = ngettext_for(lang)
        return ngettext(
            "Video verification V{id} ({store}): {count} readiness item is not ticked "
            "and the call is at {slot}.",
            "Video verification V{id} ({store}): {count} readiness items are not ticked "
            "and the call is at {slot}.",
            unticked,
        ).format(**names, count=unticked, slot=_iso(row.slot_at))
    if reminder.kind == "verify_window":
        return _(
            "Video verification V{id} ({store}): the booking window closes at {until}; "
            "no slot is booked."
        ).format(**names, until=_iso(row.book_until))
    return _(
        "Video verification V{id} ({store}): the result was due at {due} and has not come."
    ).format(**names, due=_iso(row.result_due_at))


def _iso(moment: datetime | None) -> str:
    return moment.isoformat(timespec="minutes") if moment else ""


def prepared(wb: Workbench, reminder: Reminder) -> tuple[list[str], str, str] | None:
    """The channels, title and body of a claimed reminder, or None when its verification no
    longer calls for it."""
    with wb.db.reading() as session:
        row = session.get(Verification, reminder.verification_id)
        if row is None:
            return None
        video = records.video_rules(wb, row.platform)
        if (reminder.kind, reminder.hours_before, reminder.fire_at) not in planned_for(row, video):
            return None
        unticked = _unticked(session, row)
        if reminder.kind == "verify_unready" and not unticked:
            return None  # everything was ticked in time
        org = session.get(Organisation, row.org_id)
        account = session.get(SellerAccount, row.account_id)
        urls = list(dict.fromkeys(org.notify_urls if org else []))
        store = account.store_name if account else str(row.account_id)
    languages = dict.fromkeys((wb.settings.language, "en", "zh_CN"))
    lines = [_lines(reminder, row, store, len(unticked), lang) for lang in languages]
    return urls, lines[0], "\n".join(lines)


def calendar_events(wb: Workbench, actor: Actor, stores: dict[int, str]) -> list[CalendarEvent]:
    """The verifications' moments for the ``.ics`` feed: the call, the window's close, the
    result's due time."""
    from icalendar import Event as CalendarEvent

    query = scope(select(Verification), actor, Verification)
    with wb.db.reading() as session:
        rows = list(session.scalars(query.where(Verification.state != "passed")))
    found = []
    for row in rows:
        video = records.video_rules(wb, row.platform)
        store = stores.get(row.account_id, "")
        for kind in dict.fromkeys(kind for kind, _, _ in planned_for(row, video)):
            moment, minutes, title = _moment(kind, row, video, store)
            if moment is None:
                continue
            event = CalendarEvent()
            event.add("uid", f"verification-{row.id}-{kind}@reinstate")
            event.add("summary", title)
            event.add("dtstart", moment)
            event.add("dtend", moment + timedelta(minutes=minutes))
            event.add("dtstamp", wb.clock.now())
            event.add("description", f"{row.platform} · {row.state}")
            found.append(event)
    return found


def _moment(
    kind: str, row: Verification, video: VideoVerification, store: str
) -> tuple[datetime | None, int, str]:
    call = f"{store} (V{row.id})"
    if kind == "verify_slot":
        return row.slot_at, video.duration_minutes[1], f"Video verification call: {call}"
    if kind == "verify_window":
        return row.book_until, 30, f"Video verification booking window closes: {call}"
    if kind == "verify_result":
        return row.result_due_at, 30, f"Video verification result due: {call}"
    return None, 0, ""  # the other reminders are about the call itself
