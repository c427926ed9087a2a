"""The time a forward's header block says the original was sent, as each mail client writes it,
in the languages sellers' clients speak: "Mon, Nov 30, 2026 at 9:00 AM", "2026年11月30日(月)
9:00", "Montag, 30. November 2026 09:00", "lun. 30 nov. 2026 à 09:00", "lunes, 30 de noviembre
de 2026 9:00", "lunedì 30 novembre 2026 09:00", "30 de novembro de 2026 às 09:00".

>>> sent_time("Mo., 30. Nov. 2026 um 17:00 Uhr", timezone(timedelta(hours=1))).isoformat()
'2026-11-30T17:00:00+01:00'
>>> sent_time("30 de noviembre de 2026, 9:00:00 CET", None).isoformat()
'2026-11-30T09:00:00+01:00'
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

from .deadlines import zone_named

# Month names and their short forms as clients write them (English, German, French, Spanish,
# Italian, Portuguese); a name another language shares ("mar", "mai") is the same month.
_MONTH_WORDS = (
    "jan january januar janv janvier ene enero gen gennaio janeiro",
    "feb february februar févr fevr fév février fevrier febrero febbraio fev fevereiro",
    "mar march mär märz maerz mars marzo março marco",
    "apr april avr avril abr abril aprile",
    "may mai mayo mag maggio maio",
    "jun june juni juin junio giu giugno junho",
    "jul july juli juil juillet julio lug luglio julho",
    "aug august août aout ago agosto",
    "sep sept september septembre septiembre setiembre set settembre setembro",
    "oct october okt oktober octobre octubre ott ottobre out outubro",
    "nov november novembre noviembre novembro",
    "dec december dez dezember déc dec décembre decembre dic diciembre dicembre dezembro",
)
_MONTHS = {word: i + 1 for i, words in enumerate(_MONTH_WORDS) for word in words.split()}
_ZONE = (
    r"(?:\(?(?:gmt|utc)?[^\S\n]*([+-])(\d{1,2})(?::?(\d{2}))?\)?"
    r"|\b(gmt|utc|pst|pdt|est|edt|cet|cest|mez|mesz|jst|sgt|hkt|msk)\b)?"
)
# an offset written anywhere in the time ("2026年11月30日 GMT+8 下午3:30:00")
_OFFSET = re.compile(r"\(?\b(?:gmt|utc)[^\S\n]*([+-])(\d{1,2})(?::?(\d{2}))?\)?", re.I)
_CLOCK = (
    r"(?:[^\S\n]*,?[^\S\n]*(?:at|um|à|a las|a la|alle(?: ore)?|às|om)?[^\S\n]*"
    r"(上午|下午|中午|晚上|凌晨|午前|午後)?[^\S\n]*"
    r"(\d{1,2})[:：](\d{2})(?::(\d{2}))?[^\S\n]*([ap]\.?m\.?)?)?"
)
_MONTH_NAME = r"(?P<mon>[^\W\d_]{3,10})\.?"
_WRITTEN = (
    # 2026年11月30日(星期一) 上午9:00, 2026年11月30日(月) 9:00, 2026-11-30 09:00, 2026/11/30 9:00
    re.compile(
        r"(?P<y>\d{4})[^\S\n]*(?:年|[-/.])[^\S\n]*(?P<m>\d{1,2})[^\S\n]*(?:月|[-/.])"
        r"[^\S\n]*(?P<d>\d{1,2})[^\S\n]*日?(?:[^\S\n]*[(（]?(?:(?:星期|周|週)[一二三四五六日天]"
        r"|(?<=[(（])[月火水木金土日](?:曜日?)?)[)）]?)?" + _CLOCK + r"[^\S\n]*" + _ZONE,
        re.I,
    ),
    # Monday, November 30, 2026 9:00 AM; Mon, Nov 30, 2026 at 9:00 AM
    re.compile(
        _MONTH_NAME
        + r"[^\S\n]+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?[^\S\n]+(?P<y>\d{4})"
        + _CLOCK
        + r"[^\S\n]*"
        + _ZONE,
        re.I,
    ),
    # 30 November 2026 09:00, 30. November 2026, 30 de noviembre de 2026
    re.compile(
        r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\.?[^\S\n]+(?:de[^\S\n]+)?"
        + _MONTH_NAME
        + r",?[^\S\n]+(?:de[^\S\n]+)?(?P<y>\d{4})"
        + _CLOCK
        + r"[^\S\n]*"
        + _ZONE,
        re.I,
    ),
)


def sent_time(value: str, zone: tzinfo | None) -> datetime | None:
    """The time a header block says the original was sent. A time without its zone is in the
    forwarder's (the zone of the forward's own Date): that is the clock the client wrote it by.

    >>> sent_time("2026年11月30日(星期一) 上午9:00", timezone(timedelta(hours=8))).isoformat()
    '2026-11-30T09:00:00+08:00'
    >>> sent_time("Mon, Nov 30, 2026 at 9:05 PM", None) is None
    True
    >>> sent_time("Mon, 30 Nov 2026 09:00:00 +0000", None).isoformat()
    '2026-11-30T09:00:00+00:00'
    >>> sent_time("Monday, November 30, 2026, 09:00:00 AM PST", None).isoformat()
    '2026-11-30T09:00:00-08:00'
    >>> sent_time("2026年11月30日 GMT+8 下午3:30:00", None).isoformat()
    '2026-11-30T15:30:00+08:00'
    """
    try:
        found = parsedate_to_datetime(value)
        if found.tzinfo is not None:
            return found
    except (TypeError, ValueError, IndexError):
        pass
    apart = _OFFSET.search(value)  # an offset before the clock is taken out of the way
    if apart is not None:
        value = value[: apart.start()] + " " + value[apart.end() :]
    for rule in _WRITTEN:
        match = rule.search(value)
        if match is None:
            continue
        named = match.groupdict()
        month = _MONTHS.get(named["mon"].lower()) if named.get("mon") else int(named["m"])
        if month is None:
            continue
        half, hour, minute, second, ampm, sign, zh, zm, word = match.groups()[-9:]
        hours = int(hour or 0)
        afternoon = half in ("下午", "晚上", "午後") or (half == "中午" and hours < 11)
        if (ampm and ampm[0].lower() == "p") or afternoon:
            hours += 12 if hours < 12 else 0
        elif (ampm and ampm[0].lower() == "a") or half in ("上午", "凌晨", "午前"):
            hours = 0 if hours == 12 else hours
        if apart is not None and not sign:
            sign, zh, zm = apart.groups()
        tz = _offset(sign, zh, zm) if sign else zone_named(word) if word else zone
        if tz is None:
            return None
        try:
            return datetime(
                int(named["y"]), month, int(named["d"]), hours, int(minute or 0), int(second or 0),
                tzinfo=tz,
            )  # fmt: skip
        except ValueError:
            return None
    return None


def _offset(sign: str, hours: str, minutes: str | None) -> timezone | None:
    offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if offset > timedelta(hours=14):
        return None
    return timezone(offset if sign == "+" else -offset)
