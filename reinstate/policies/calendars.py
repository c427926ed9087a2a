"""The calendars and clocks a platform pack counts working days and reads times on: a country
the ``holidays`` package knows and an IANA time zone, the platform's own and, where one of its
marketplaces keeps another, that marketplace's."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _known_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{value!r} is not an IANA time zone") from exc
    return value


def _known_calendar(value: str) -> str:
    # The registry's codes, not list_supported_countries(): that imports all 250 countries.
    from holidays.registry import EntityLoader

    if value not in EntityLoader.get_country_codes():
        raise ValueError(f"calendar {value!r} is not a country the holidays package knows")
    return value


CalendarCode = Annotated[
    str,
    AfterValidator(_known_calendar),
    Field(description="`holidays` country code for counting working days"),
]
ZoneName = Annotated[
    str,
    AfterValidator(_known_zone),
    Field(description="IANA time zone of that calendar, e.g. Asia/Shanghai"),
]


class Marketplace(BaseModel):
    """A marketplace that counts a notice's working days on its own country's calendar and
    writes its times on its own clock (Amazon Japan: "3営業日以内" on Japan's): its notices are
    those sent from its domains, or written in its language where nothing says who sent them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    senders: list[str] = []
    language: Literal["ja"] | None = None  # "ja": a text with kana is Japanese
    calendar: CalendarCode
    timezone: ZoneName
