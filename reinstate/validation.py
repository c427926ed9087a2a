"""Checks on values people type, each failing with one translatable sentence naming the field."""

from __future__ import annotations

import calendar
import codecs
import re
import unicodedata
from datetime import UTC, date, datetime, tzinfo

from .errors import N_, InvalidInput


def whole(value: str, digits: int = 18) -> int | None:
    """``value`` as a whole number if it is one written in ASCII digits (at most ``digits`` of
    them, so that it fits a database's integer), else None: ``str.isdigit`` also takes "²",
    which ``int`` refuses, and thousands of digits, which it refuses too.

    >>> whole("42"), whole("²"), whole("٣"), whole("-1"), whole("9" * 19), whole("")
    (42, None, None, None, None, None)
    """
    return int(value) if value.isascii() and value.isdigit() and len(value) <= digits else None


def clean_text(value: object, field: str, *, max_length: int, required: bool = False) -> str:
    """Strip, refuse control characters and over-long text; empty is refused when required."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(N_("{field} must be text."), field=field)
    if any("\ud800" <= c <= "\udfff" for c in value):  # no database or file can store them
        raise InvalidInput(
            N_("{field} contains a broken character (a lone surrogate)."), field=field
        )
    text = unicodedata.normalize("NFC", value).strip()
    if required and not text:
        raise InvalidInput(N_("{field} must not be empty."), field=field)
    if len(text) > max_length:
        raise InvalidInput(
            N_("{field} is too long: at most {limit} characters."), field=field, limit=max_length
        )
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise InvalidInput(N_("{field} contains control characters."), field=field)
    return text


def clean_email(value: object, field: str = "email") -> str:
    # imported here: a command that never reads an address (metrics compute) does not pay
    # for the package (about 70 ms)
    from email_validator import EmailNotValidError, validate_email

    text = clean_text(value, field, max_length=254, required=True)
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(
            N_("{value} is not a valid email address."), field=field, value=text
        ) from exc


def clean_choice(value: object, field: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InvalidInput(
            N_("{field} “{value}” is not known: choose one of {choices}."),
            field=field,
            value=str(value),
            choices=", ".join(choices),
        )
    return str(value)


# before any marketplace in the packs gave a notice or a penalty: a day earlier has a mistyped
# year (0001 for 2026); a bound that does not move with today, as such records are kept for years
EARLIEST_DAY = date(2000, 1, 1)


def clean_date(value: object, field: str) -> date:
    """A YYYY-MM-DD date, or one sentence saying how to write it."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        days = _days_in_month(str(value).strip())
        if days is not None:  # written right, but the calendar has no such day (2027-02-29)
            raise InvalidInput(
                N_("There is no {value}: that month has {days} days."),
                field=field,
                value=str(value).strip(),
                days=days,
            ) from None
        raise InvalidInput(
            N_("“{value}” is not a date: write it as YYYY-MM-DD."), field=field, value=str(value)
        ) from None


def _days_in_month(text: str) -> int | None:
    """The days of the month of a ``YYYY-MM-DD`` whose day is past that month's end."""
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not (1 <= year and 1 <= month <= 12 and day >= 1):
        return None
    days = calendar.monthrange(year, month)[1]
    return days if day > days else None


def clean_time(value: str, field: str, zone: tzinfo | None = None) -> datetime:
    """A moment typed by a person: ISO 8601 with an offset (``Z`` for UTC), never a bare time
    that would be read in whatever zone the server happens to run in; a time without an offset
    is read in ``zone`` when the page names it beside the field (``2026-11-30 10:00``)."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        if zone is not None:  # the page's own way of writing it: a local time, an offset if need be
            message = N_("“{value}” is not a time: write it as 2026-11-18 08:00.")
        else:
            message = N_("“{value}” is not a time: write it as 2026-11-18T08:00:00+00:00.")
        raise InvalidInput(message, field=field, value=value) from None
    if moment.tzinfo is None:
        if zone is None:
            raise InvalidInput(
                N_("“{value}” has no time zone: add one, e.g. +08:00."), field=field, value=value
            )
        moment = _on_the_clock(moment, zone, field, value)  # the page says whose clock
    return keepable(moment, field)


def _on_the_clock(naive: datetime, zone: tzinfo, field: str, value: str) -> datetime:
    """``naive`` read on ``zone``'s clock, refused where that clock never shows it (the hour
    skipped when it goes forward) or shows it twice (the hour repeated when it goes back)."""
    first, second = naive.replace(tzinfo=zone), naive.replace(tzinfo=zone, fold=1)
    try:
        shown = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    except OverflowError:
        return first  # keepable() says so
    if shown != naive:
        raise InvalidInput(
            N_("“{value}” does not exist in {zone}: the clocks go forward then."),
            field=field,
            value=value,
            zone=str(zone),
        )
    if first.utcoffset() != second.utcoffset():
        raise InvalidInput(
            N_(
                "“{value}” happens twice in {zone} as the clocks go back: add its offset, "
                "e.g. {example}."
            ),
            field=field,
            value=value,
            zone=str(zone),
            example=first.isoformat(sep=" ", timespec="minutes"),
        )
    return first


def aware(moment: datetime, field: str) -> datetime:
    """A moment given as a value (the API's JSON), refused as :func:`clean_time` refuses a
    typed one: without its offset it names no moment, and it must be one a time can be."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            N_("“{value}” has no time zone: add one, e.g. +08:00."),
            field=field,
            value=moment.isoformat(),
        )
    return keepable(moment, field)


def keepable(moment: datetime, field: str) -> datetime:
    """``moment`` when it is a time in UTC too: 0001-01-01T00:00+05:00 is before the first
    day a time can be kept (its UTC falls in year 0)."""
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise InvalidInput(
            N_("“{value}” is too far in the past or the future."),
            field=field,
            value=moment.isoformat(),
        ) from None
    return moment


def table_encoding(start: bytes) -> str:
    """The encoding of a CSV file from its first bytes (all of it, or its first megabyte):
    UTF-16 when it starts with its mark (Excel's "Unicode text"); UTF-8 when they read so
    (a character cut at the end of ``start`` is no fault); else GB18030, the superset of the
    GBK that Excel and WPS on a Chinese Windows save a CSV in."""
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def decode_table(data: bytes) -> str:
    """The text of a CSV file in its :func:`table_encoding` (without Excel's byte-order mark)."""
    encoding = table_encoding(data)
    try:
        text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" not in text:  # a binary file may still decode as GB18030
        return text
    raise InvalidInput(N_("The file is not text in UTF-8 or GBK."), field="file")
