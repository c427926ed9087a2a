"""Storing time zones: a member's own, the organisation's default, and the browser's zone
adopted at a first sign-in (see :mod:`reinstate.timezones` for how times are shown)."""

from __future__ import annotations

from ..errors import N_, InvalidInput
from ..events import record
from ..storage.tables import Organisation, User
from ..timezones import effective_zone, known_zones
from ..workbench import Workbench
from .actor import Actor


def clean_zone(value: str | None, field: str = "time_zone") -> str | None:
    """An IANA zone name as typed or chosen, checked; None for an empty value."""
    text = (value or "").strip()
    if not text:
        return None
    if text not in known_zones():  # a list, never a path handed to the zone loader
        raise InvalidInput(
            N_("{zone} is not a time zone: choose one from the list, such as Asia/Shanghai."),
            field=field,
            zone=(value or "").strip()[:64],
        )
    return text


def zone_of(wb: Workbench, user: User) -> str:
    """The zone ``user`` reads times in: their own, else the organisation's, else UTC."""
    if user.time_zone:
        return effective_zone(user.time_zone, None)
    with wb.db.reading() as session:
        org = session.get(Organisation, user.org_id)
        return effective_zone(None, org.time_zone if org else None)


def set_my_zone(wb: Workbench, user_id: int, zone: str | None) -> str | None:
    """A member chooses their zone; None (an empty choice) follows the organisation's."""
    chosen = clean_zone(zone)
    with wb.db.transaction() as session:
        user = session.get(User, user_id)
        if user is not None:
            user.time_zone = chosen
    return chosen


def set_org_zone(wb: Workbench, actor: Actor, zone: str | None) -> str | None:
    """Owners set the zone of members who chose none; the change is an event."""
    actor.require_owner()
    chosen = clean_zone(zone)
    with wb.db.transaction() as session:
        org = session.get(Organisation, actor.org_id)
        assert org is not None
        if org.time_zone != chosen:
            before, org.time_zone = org.time_zone, chosen
            record(
                session,
                actor,
                wb.clock,
                "organisation.time_zone",
                before={"time_zone": before},
                after={"time_zone": chosen},
            )
    return chosen


def adopt_browser_zone(wb: Workbench, user_id: int, zone: str | None) -> bool:
    """At sign-in: a member with no zone of their own, in an organisation without one, takes
    the browser's (sent by the sign-in form's script). An unknown name is ignored: nobody typed
    it, and sign-in must not fail over it."""
    try:
        chosen = clean_zone(zone)
    except InvalidInput:
        return False
    if chosen is None:
        return False
    with wb.db.transaction() as session:
        user = session.get(User, user_id)
        org = session.get(Organisation, user.org_id) if user else None
        if user is None or org is None or user.time_zone or org.time_zone:
            return False
        user.time_zone = chosen
        return True
