"""What the point systems share: quarter arithmetic for resets, and marketplace regions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..errors import N_, InvalidInput
from .regions import marketplace_region

MONDAY = 0
LAST_YEAR = 2999  # a reset or an expiry is looked for up to two years ahead: date ends at 9999


def check_day(day: date, field: str) -> date:
    """``day`` when the point systems can count from it; one sentence when it is too far ahead."""
    if day.year > LAST_YEAR:
        raise InvalidInput(
            N_("{day} is too far ahead: give a day in {year} or before."),
            field=field,
            day=day.isoformat(),
            year=LAST_YEAR,
        )
    return day


def quarter_starts(year: int) -> list[date]:
    return [date(year, month, 1) for month in (1, 4, 7, 10)]


def first_monday(day: date) -> date:
    return day + timedelta(days=(MONDAY - day.weekday()) % 7)


def last_monday_before(day: date) -> date:
    """The last Monday strictly before ``day``."""
    previous = day - timedelta(days=1)
    return previous - timedelta(days=(previous.weekday() - MONDAY) % 7)


def quarterly_mondays(rule: str, years: range) -> Iterator[date]:
    """First Mondays of Jan/Apr/Jul/Oct, or last Mondays of Mar/Jun/Sep/Dec."""
    for year in years:
        for start in quarter_starts(year):
            if rule == "first_monday_of_quarter":
                yield first_monday(start)
            else:
                month = start.month + 3
                end = date(year + (month > 12), (month - 1) % 12 + 1, 1)
                yield last_monday_before(end)


def clean_region(regions: list[str], region: str | None) -> str | None:
    """``region`` upper-cased when the platform has it; None when not given."""
    if region is None or not region.strip():
        return None
    code = region.strip().upper()
    if code not in regions:  # named as sellers name it: Philippines, 菲律宾站, shopee.ph
        code = marketplace_region(region, regions) or code
    if code not in regions:
        raise InvalidInput(
            N_("Region “{region}” is not one of {choices}."),
            field="region",
            region=region,
            choices=", ".join(regions),
        )
    return code
