"""Throttles counted in the database, so every worker and process sees the same count.

A guarded try (a failed sign-in, a rehearsal of verification answers) is one ``attempts`` row
keyed by what it is counted against: an account's email, a client address, a member. When a
key has used up its tries in the window, the next one is refused with
:class:`~reinstate.errors.TooManyAttempts` (HTTP 429) and a ``retry_after`` in seconds, without
looking at what was tried. Refused tries are not counted, so a blocked key frees itself as its
oldest tries leave the window. Counting is not locked: two workers at once may each let one more
try through, which a throttle can afford (a uniqueness rule could not).

Client addresses are counted by :func:`address_key`: an IPv6 address by its /64 (one customer
network, where every address is the holder's to use), an IPv4-mapped IPv6 address as IPv4.

Example::

    keys = [("sign_in_account", "li@example.com"), ("sign_in_address", "203.0.113.7")]
    refuse_when_over(session, keys, now)   # raises TooManyAttempts
    count(session, keys, now)              # after a failure
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..errors import N_, TooManyAttempts
from ..storage.tables import Attempt

WINDOW = timedelta(minutes=15)
# How many tries each kind of key has in WINDOW.
LIMITS = {
    "sign_in_account": 10,
    "sign_in_address": 10,
    "sign_up_address": 10,
    "rehearsal": 20,
    "intake_address": 10,  # requests sent through a private intake link, per client address
}
MESSAGES = {
    "sign_in_account": N_("Too many failed sign-ins; try again in {minutes} minutes."),
    "sign_in_address": N_("Too many failed sign-ins; try again in {minutes} minutes."),
    "sign_up_address": N_("Too many sign-ups from your address; try again in {minutes} minutes."),
    "rehearsal": N_("Too many rehearsals; try again in {minutes} minutes."),
    "intake_address": N_("Too many requests from your address; try again in {minutes} minutes."),
}
Key = tuple[str, str]


def address_key(host: str) -> str:
    """What a client address is counted as: IPv4 as is, IPv6 by its /64 network (a single
    subscriber holds all of it), IPv4-mapped IPv6 as the IPv4 address; anything else as given.

    >>> address_key("2001:db8:1:2:aaaa::1")
    '2001:db8:1:2::/64'
    >>> address_key("::ffff:203.0.113.7")
    '203.0.113.7'
    """
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def refuse_when_over(session: Session, keys: list[Key], now: datetime) -> None:
    """Raise TooManyAttempts when any key has used up its tries in the window."""
    for kind, key in keys:
        times = list(
            session.scalars(
                select(Attempt.at)
                .where(Attempt.kind == kind, Attempt.key == key[:254], Attempt.at > now - WINDOW)
                .order_by(Attempt.at)
            )
        )
        limit = LIMITS[kind]
        if len(times) >= limit:
            # Free again when enough of the oldest tries have left the window.
            free_at = times[len(times) - limit] + WINDOW
            retry_after = max(1, int((free_at - now).total_seconds()) + 1)
            raise TooManyAttempts(MESSAGES[kind], retry_after=retry_after)


def count(session: Session, keys: list[Key], now: datetime) -> None:
    """Count one try against each key, and forget the key's tries older than the window."""
    for kind, key in keys:
        session.execute(
            delete(Attempt).where(
                Attempt.kind == kind, Attempt.key == key[:254], Attempt.at <= now - WINDOW
            )
        )
        session.add(Attempt(kind=kind, key=key[:254], at=now))
    session.flush()


def forget(session: Session, keys: list[Key]) -> None:
    for kind, key in keys:
        session.execute(delete(Attempt).where(Attempt.kind == kind, Attempt.key == key[:254]))
