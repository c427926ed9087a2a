"""Values a member gives a case by hand, checked: a deadline or a notice's date with a
mistyped year is refused in one sentence (platforms give days or weeks; in year 1 or 9999
the platform's clock would leave the calendar).

>>> from reinstate.policies.loader import load_policies
>>> now = datetime(2026, 11, 18, 8, tzinfo=UTC)
>>> deadline(date(2026, 11, 24), load_policies()["joom"], now)
datetime.date(2026, 11, 24)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ..errors import N_, InvalidInput
from ..policies.schema import Pack
from ..validation import EARLIEST_DAY, aware
from . import rules

# further than this from today, a deadline or a notice's date has a mistyped year
_DEADLINE_RANGE = timedelta(days=366)
_FIRST_NOTICE = datetime.combine(EARLIEST_DAY, datetime.min.time(), UTC)


def deadline(day: date, pack: Pack, now: datetime) -> date:
    """``day`` as a deadline a member typed, or one sentence saying to check its year."""
    today = rules.local_day(now, pack)
    if abs(day - today) > _DEADLINE_RANGE:
        raise InvalidInput(
            N_("The deadline {value} is more than a year from today ({today}): check its year."),
            field="deadline",
            value=day.isoformat(),
            today=today.isoformat(),
        )
    return day


def notice_date(moment: datetime, now: datetime) -> None:
    """A notice's date given by hand: a moment, neither to come nor a mistyped year."""
    if aware(moment, "notice_date") > now + timedelta(minutes=5):
        raise InvalidInput(N_("{field} cannot be in the future."), field="notice_date")
    if moment < _FIRST_NOTICE:
        raise InvalidInput(
            N_("The notice's date {value} is too long ago: check its year."),
            field="notice_date",
            value=moment.isoformat(),
        )
