"""Time zones: every time a member reads is shown in their zone, with the zone named.

A member's zone is their own choice (Settings), else their organisation's, else UTC; on the first
sign-in of a member whose organisation has none, the browser's zone is adopted. Times are stored
in UTC; a deadline a platform gives as a day ends at 23:59:59 in the platform's zone
(:func:`reinstate.cases.rules.end_of_day`) and is shown from that one moment everywhere.

>>> shown(datetime(2026, 12, 16, 7, 59, 59, tzinfo=UTC), "Asia/Shanghai")
'2026-12-16 15:59 UTC+8'
>>> shown(datetime(2026, 12, 16, 7, 59, 59, tzinfo=UTC), "America/Los_Angeles")
'2026-12-15 23:59 UTC-8'
>>> shown("2026-12-16T07:59:59+00:00", "UTC")
'2026-12-16 07:59 UTC'
>>> zone_name(datetime(2026, 7, 1, tzinfo=ZoneInfo("Asia/Kolkata")))
'UTC+5:30'
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

DEFAULT_ZONE = "UTC"
# The seller's own calendar (a platform's "per quarter" counted as the seller lives it): the
# organisation's zone, else China's, the workbench's sellers' home (as Chinese readers' pages and
# the provider's business hours assume)
SELLER_ZONE = "Asia/Shanghai"
# aliases kept by the tz database for old systems; nobody picks them from a list
_LEGACY = ("posix/", "right/", "SystemV/", "Etc/", "US/", "Canada/", "Brazil/", "Mexico/", "Chile/")


@cache
def zone_names() -> tuple[str, ...]:
    """The IANA zones offered in Settings, sorted: Africa/Abidjan ... Pacific/Wallis, and UTC."""
    names = {n for n in available_timezones() if "/" in n and not n.startswith(_LEGACY)}
    return (DEFAULT_ZONE, *sorted(names))


@cache
def known_zones() -> frozenset[str]:
    """zone_names() as a set: a name is looked up on every time shown."""
    return frozenset(zone_names())


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def effective_zone(user_zone: str | None, org_zone: str | None) -> str:
    """The member's own zone, else the organisation's, else UTC (a stored name that no longer
    exists counts as none)."""
    for name in (user_zone, org_zone):
        if name and name in known_zones():
            return name
    return DEFAULT_ZONE


def seller_zone(org_zone: str | None) -> ZoneInfo:
    """The zone of a seller's calendar days and quarters: their organisation's, else
    Asia/Shanghai (never UTC: 2026-10-01 01:00 in Shenzhen is in the fourth quarter).

    >>> seller_zone(None).key, seller_zone("Europe/London").key, seller_zone("Mars/Base").key
    ('Asia/Shanghai', 'Europe/London', 'Asia/Shanghai')
    """
    return _zone(org_zone if org_zone and org_zone in known_zones() else SELLER_ZONE)


def zone_name(local: datetime) -> str:
    """How a zone is named next to a time: UTC, UTC+8, UTC-3:30 (the offset at that time, so
    summer time shows)."""
    offset = local.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds()) // 60
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    hours, rest = divmod(minutes, 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def in_zone(moment: datetime | str, zone: str) -> datetime:
    """``moment`` (a UTC datetime or ISO text; naive counts as UTC) in ``zone``."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_zone(effective_zone(zone, None)))


def shown_in(zone: str) -> Callable[[datetime], str]:
    """``shown`` for many times in one zone (a list's rows): the zone is looked up once and
    each offset's name made once."""
    where = _zone(effective_zone(zone, None))
    names: dict[timedelta | None, str] = {}

    def show(moment: datetime) -> str:
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(where)
        offset = local.utcoffset()
        name = names.get(offset)
        if name is None:
            name = names[offset] = zone_name(local)
        return _written(local, name)

    return show


def shown(moment: datetime | str | None, zone: str) -> str:
    """The one way a time is written for a reader in ``zone``: 2026-12-16 15:59 UTC+8."""
    if moment is None or moment == "":
        return ""
    local = in_zone(moment, zone)
    return _written(local, zone_name(local))


def _written(local: datetime, zone: str) -> str:
    return f"{local:%Y-%m-%d %H:%M} {zone}"
