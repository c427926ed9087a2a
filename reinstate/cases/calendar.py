"""Deadlines in the calendar people already use: an iCalendar feed at a secret URL per user.

Only the SHA-256 of the secret is stored; making a new one ends the old URL.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from icalendar import Calendar, Event
from sqlalchemy import select

from ..accounts.service import list_accounts
from ..auth.service import actor_for
from ..errors import N_, NotFound
from ..storage.tables import User
from ..workbench import Workbench
from .reminders import clean_urls
from .service import OPEN_STATES, list_cases


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_calendar_secret(wb: Workbench, user_id: int) -> str:
    secret = secrets.token_urlsafe(24)
    with wb.db.transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(N_("There is no such member in your organisation."))
        user.calendar_hash = _digest(secret)
    return secret


def feed(wb: Workbench, secret: str) -> bytes:
    """Every deadline of the open cases the secret's owner may see, as an .ics file."""
    with wb.db.reading() as session:
        user = session.scalar(select(User).where(User.calendar_hash == _digest(secret)))
    if user is None or user.disabled_at is not None:
        raise NotFound(N_("There is no such calendar."))
    actor = actor_for(user, "web")
    names = {a.id: a.store_name for a in list_accounts(wb, actor)}
    calendar = Calendar()
    calendar.add("prodid", "-//Reinstate//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Reinstate")
    for case in list_cases(wb, actor):
        if case.state not in OPEN_STATES:
            continue
        store = names.get(case.account_id, "")
        for kind, moment, title in (
            ("due", case.due_at, f"Appeal due: {store} (case #{case.id})"),
            ("review", case.review_due, f"Review time passed: {store} (case #{case.id})"),
        ):
            if moment is None:
                continue
            event = Event()
            event.add("uid", f"case-{case.id}-{kind}@reinstate")
            event.add("summary", title)
            event.add("dtstart", moment)
            event.add("dtend", moment + timedelta(minutes=30))
            event.add("dtstamp", wb.clock.now())
            event.add(
                "description", f"{case.platform} · {case.state} · {', '.join(case.violations)}"
            )
            calendar.add_component(event)
    from ..verification.reminders import calendar_events

    for event in calendar_events(wb, actor, names):
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def set_user_channels(wb: Workbench, user_id: int, urls: list[str]) -> list[str]:
    cleaned = clean_urls(urls, allow_private=wb.settings.notify_allow_private)
    with wb.db.transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(N_("There is no such member in your organisation."))
        user.notify_urls = cleaned
    return cleaned
