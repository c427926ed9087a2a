"""The SLA clock of an engagement: deliverables due N working days after acceptance on the
provider's holiday calendar, or within the rush hours.

The calendar is mainland China's official one from the ``holidays`` package: public holidays,
the days off moved onto weekdays, and the weekends made working days to pay for them (调休, e.g.
Sunday 28 September and Saturday 11 October 2025 around National Day). The package carries the
State Council's announced arrangements for the years published so far; a later year has the
statutory holidays without its moved weekends until the package is updated.

Deliverables are due at the close of business (18:00 Beijing time) of the Nth working day after
the day of acceptance, so a case accepted at 17:59 or at 09:00 is due the same day.

>>> due_at(datetime(2025, 9, 30, 2, tzinfo=UTC), 3).isoformat()  # 10:00 Beijing, before 1 Oct
'2025-10-11T10:00:00+00:00'
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

PROVIDER_ZONE = ZoneInfo("Asia/Shanghai")
CLOSE_OF_BUSINESS = time(18, 0)
DEFAULT_WORKING_DAYS = 3  # seed 001: 3个工作日内出具《申诉根因分析报告》+《平台适配版申诉文案》
MAX_WORKING_DAYS = 60


@cache
def _calendar(year: int) -> Any:
    import holidays

    return holidays.country_holidays("CN", years=range(year - 1, year + 2))


def is_working_day(day: date) -> bool:
    working: bool = _calendar(day.year).is_working_day(day)
    return working


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def due_at(accepted_at: datetime, working_days: int, *, rush_hours: int | None = None) -> datetime:
    """When the deliverables are due: ``rush_hours`` after acceptance for a rush, else the close
    of business of the ``working_days``-th working day after the day of acceptance."""
    if rush_hours is not None:
        return accepted_at + timedelta(hours=rush_hours)
    local = accepted_at.astimezone(PROVIDER_ZONE)
    day = add_working_days(local.date(), working_days)
    return datetime.combine(day, CLOSE_OF_BUSINESS, PROVIDER_ZONE).astimezone(UTC)
