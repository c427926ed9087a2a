"""A notice's deadline to the minute: what it states, else the platform's window for its kind.

In order: an explicit date (and time, and zone, if given) after a deadline cue; a relative
window ("within 72 hours", "N 小时内", "within 5 business days") counted from the email's
``Date``; the pack's window for the notice's kind (Amazon A-to-z: 72 h); the pack's usual
submission window for a suspension. A date or a time without a zone is read in the zone the
notice is written in: its ``Date`` header's, when that names one (an offset other than UTC's,
which is only a mail server's clock), else the platform's; a date without a time ends at the
last second of that day there. A counted deadline is given in that zone too: the instant the
count ends (working days on the platform's calendar), on the day and clock a stated one is.

>>> from reinstate.policies.loader import load_policies
>>> sent = datetime(2026, 11, 10, 3, 20, tzinfo=UTC)
>>> at, source = deadline_at("Please respond within 72 hours.", sent, None, "claim")
>>> (at.isoformat(), source)
('2026-11-13T03:20:00+00:00', 'relative')
>>> taobao = load_policies()["taobao"]
>>> at, _ = deadline_at("截止时间：2026年11月20日 18:00", sent, taobao, "warning")
>>> at.isoformat()
'2026-11-20T18:00:00+08:00'
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from ..policies.calendars import Marketplace
from ..policies.schema import Pack
from .domains import official_sender
from .scan import compile_rule
from .text import as_read

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_MONTHS = {name[:3]: number for number, name in enumerate(_MONTH_NAMES, 1)}
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# Deadline cues in English, and in Chinese (looked for only in a text with other letters than
# ASCII's): two searches, as a Chinese cue and an English one never share a character, at a
# fraction of the cost of one alternation of both tried at every place of an English notice.
_CUE = compile_rule(
    r"\b(?:by|before|no later than|not later than|until|deadline(?: is)?[:\s]"
    r"|due(?: by| date)?[:\s]|expires?(?: on)?|(?:closes|ends) on"
    # what happens on the day unless the seller acts: "will be removed on December 5, 2026"
    r"|(?:will|may) be (?:removed|deactivated|suspended|closed|blocked|deleted|delisted|"
    r"restricted|cancell?ed|frozen|terminated) on)\s*",
    re.I,
)
_CUE_ZH = compile_rule(
    r"截止(?:日期|时间|時間)?\s*(?:为|為|是)?[:：]?\s*|请于|須於|须于|请在|應於"
    r"|(?:申诉|申訴|整改|处理|處理|回复|回覆)?期限\s*(?:为|為|是)?[:：]?\s*|最(?:晚|迟|遲)(?:于|於|在)?\s*"
    # "请您务必在…前", "需在…之前": the reader is told to act, then when (not "应于", which
    # also says when an order should have shipped)
    r"|(?:请您|务必|務必|必须|必須|需|须|須)(?:在|于|於)\s*",
)
# Japanese names the day before its cue: "2026年12月5日(土) 23:59までに" (looked for only in a
# text that has "まで")
_UNTIL_JA = re.compile(
    r"((?:\d{4}\s?年\s?)?\d{1,2}\s?月\s?\d{1,2}\s?日)(?:\s?\([月火水木金土日]\))?"
    r"([^。\n]{0,16}?)まで"
)
_DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]"), ("y", "m", "d")),
    # a mail wraps its lines anywhere: "December⏎5, 2026"
    (
        re.compile(_MONTH + r"\.?\s{1,3}(\d{1,2})(?:st|nd|rd|th)?,?\s{1,3}(\d{4})", re.I),
        ("M", "d", "y"),
    ),
    (
        re.compile(
            r"(\d{1,2})(?:st|nd|rd|th)?(?:\s{1,3}|-)" + _MONTH + r"\.?,?(?:\s{1,3}|-)(\d{4})", re.I
        ),
        ("d", "M", "y"),
    ),
    # without a year: the first such day not before the notice
    (re.compile(r"(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]"), ("m", "d")),
    (
        re.compile(_MONTH + r"\.?\s{1,3}(\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s{1,3}\d)", re.I),
        ("M", "d"),
    ),
    (
        re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s{1,3}" + _MONTH + r"\b(?!\.?,?\s{1,3}\d)", re.I),
        ("d", "M"),
    ),
)
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s{1,4}", re.I)
_ZONE_WORD = (
    r"(z(?![a-z])|utc|gmt|pst|pdt|pt|est|edt|cet|cest|bst|jst|sgt|hkt|msk|北京时间|北京時間)?\s*+"
    r"([+-]\d{1,2}(?::?\d{2})?)?"
)
# Read where a date ends (``_LEAD`` skipped first): every quantifier is bounded or possessive.
_LEAD = re.compile(r"[\sT,]{0,4}(?:at\s{1,4})?", re.I)
_TIME = re.compile(
    r"(\d{1,2})(?:[:：](\d{2})(?:[:：](\d{2}))?|[时時点點](?:(\d{1,2})分)?)"
    r"\s*+(a\.?m\.?|p\.?m\.?)?\s*+(?:\(?\s*+" + _ZONE_WORD + r"\)?)?",
    re.I,
)
# a zone named after a date without a time: "2026年12月5日（北京时间）", "December 5, 2026 (PST)"
_DAY_ZONE = re.compile(r"[ \t]{0,4}[(（]\s{0,4}" + _ZONE_WORD + r"\s{0,4}[)）]", re.I)
_ZONES: dict[str, tzinfo] = {
    "z": UTC,
    "utc": UTC,
    "gmt": UTC,
    "pst": timezone(timedelta(hours=-8)),
    "pdt": timezone(timedelta(hours=-7)),
    "pt": ZoneInfo("America/Los_Angeles"),
    "est": timezone(timedelta(hours=-5)),
    "edt": timezone(timedelta(hours=-4)),
    "cet": timezone(timedelta(hours=1)),
    "cest": timezone(timedelta(hours=2)),
    "mez": timezone(timedelta(hours=1)),  # CET and CEST as German mail clients write them
    "mesz": timezone(timedelta(hours=2)),
    "bst": timezone(timedelta(hours=1)),
    "jst": timezone(timedelta(hours=9)),
    "sgt": timezone(timedelta(hours=8)),
    "hkt": timezone(timedelta(hours=8)),
    "msk": timezone(timedelta(hours=3)),
    "北京时间": timezone(timedelta(hours=8)),
    "北京時間": timezone(timedelta(hours=8)),
}
_HOUR, _BUSINESS_DAY = as_read("時"), as_read("営業日")  # Japanese, as read


def zone_named(name: str) -> tzinfo | None:
    """The zone an abbreviation names ("PST", "GMT", "北京时间"), or None.

    >>> zone_named("PST")
    datetime.timezone(datetime.timedelta(days=-1, seconds=57600))
    """
    return _ZONES.get(name.lower())


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-one": 21, "twenty-four": 24, "twenty-eight": 28, "thirty": 30, "forty-five": 45,
    "forty-eight": 48, "sixty": 60, "seventy-two": 72, "ninety": 90,
}  # fmt: skip
_RELATIVE = compile_rule(
    r"\b(?:within(?:\s+the\s+next)?|in the next|in|no later than|you have)\s+(\d{1,3}|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")\s*(?:\(\d{1,3}\)\s*)?(calendar |business |working )?(hours?|hrs?|days?|weeks?|months?)\b"
    r"|(\d{1,3}|[一二两兩三四五六七八九十]{1,3})\s*(?:个|個)?"
    # months only with their measure word ("1个月内"): "12月内" may as well say in December;
    # Japanese (Amazon Japan) as the reader reads it: "72時間以内", "3営業日以内", "1か月以内"
    r"(小时|小時|自然日|工作日|个工作日|個工作日|天|日|周|週|星期|个月|個月|"
    + as_read("時間|営業日|日間|週間|か月|ヶ月|カ月|ケ月")
    + r")(?:之|以)?[内內]",
    re.I,
)


# "05/12/2026": day first in most of the world, month first in the United States; a deadline
# read as the earlier of the two possible days that is not before the notice is never missed.
_SLASHED = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)")


def _slashed_date(match: re.Match[str], after: date | None) -> date | None:
    first, second, year = (int(g) for g in match.groups())
    days = set()
    for day, month in ((first, second), (second, first)):
        try:
            days.add(date(year, month, day))
        except ValueError:
            continue
    later = sorted(d for d in days if after is None or d >= after)
    return later[0] if later else max(days, default=None)


_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _chinese_number(text: str) -> int:
    """A count written in digits or in Chinese numerals up to 99 ("五", "十四", "七十二").

    >>> [_chinese_number(t) for t in ("7", "五", "十", "十四", "三十", "七十二")]
    [7, 5, 10, 14, 30, 72]
    """
    if text.isdigit():
        return int(text)
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return _DIGITS.get(text, 0)
    return (_DIGITS.get(tens, 1) if tens else 1) * 10 + _DIGITS.get(ones, 0)


def _as_date(match: re.Match[str], order: tuple[str, ...], after: date | None) -> date | None:
    values = dict(zip(order, match.groups(), strict=True))
    try:
        month = int(values["m"]) if "m" in values else _MONTHS[values["M"].lower()[:3]]
        if "y" in values:
            return date(int(values["y"]), month, int(values["d"]))
        if after is None:
            return None
        day = date(after.year, month, int(values["d"]))
        return day if day >= after else date(after.year + 1, month, int(values["d"]))
    except (ValueError, KeyError):
        return None


def _zone(name: str | None, offset: str | None, default: tzinfo) -> tzinfo:
    if offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = (
            (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        )
        if hours > 14 or minutes > 59:
            return default
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    return _ZONES.get((name or "").lower(), default)


def _time_match(window: str) -> re.Match[str] | None:
    lead = _LEAD.match(window)
    return _TIME.match(window, lead.end() if lead else 0)


def _time(window: str, zone: tzinfo) -> tuple[time, tzinfo] | None:
    match = _time_match(window)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or match.group(4) or 0)
    second = int(match.group(3) or 0)
    meridiem = (match.group(5) or "").lower().replace(".", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second), _zone(match.group(6), match.group(7), zone)


def _stated(window: str, zone: tzinfo, after: date | None = None) -> datetime | None:
    """The moment a deadline cue is followed by: a date, with its time after or before it
    ("by 2026-11-20 18:00 UTC", "by 18:00 UTC on 20 November 2026")."""
    lead = _time(window, zone)
    rest = window
    if lead is not None:
        tail = window[_time_match(window).end() :]  # type: ignore[union-attr]
        rest = re.sub(r"^\s*(?:on\s+|,\s*)?", "", tail, count=1, flags=re.I)
    rest = rest.lstrip(" ：:")
    if weekday := _WEEKDAY.match(rest):
        rest = rest[weekday.end() :]
    for pattern, order in (_SLASHED, ()), *_DATE_FORMS:
        match = pattern.match(rest)
        if not match:
            continue
        day = _slashed_date(match, after) if not order else _as_date(match, order, after)
        if day is None:
            continue
        moment = _time(rest[match.end() :], zone) or lead
        if moment is None:
            named = _DAY_ZONE.match(rest, match.end())
            if named and (named[1] or named[2]):
                zone = _zone(named[1], named[2], zone)
            return datetime.combine(day, time(23, 59, 59), tzinfo=zone)
        return datetime.combine(day, moment[0], tzinfo=moment[1])
    return None


def explicit_deadline(text: str, zone: tzinfo = UTC, after: date | None = None) -> datetime | None:
    """The earliest moment that follows a deadline cue ("by", "before", "截止", ...); ``after``
    (the notice's day) decides between a day-first and a month-first "05/12/2026".

    >>> explicit_deadline("Appeal by 08/12/2026.", UTC, date(2026, 12, 1)).date()
    datetime.date(2026, 12, 8)
    >>> explicit_deadline("Update your price by 12/05/2026.", UTC, date(2026, 12, 1)).date()
    datetime.date(2026, 12, 5)
    >>> explicit_deadline("Fix it by 2026-12-06T23:59:59Z.", UTC).isoformat()
    '2026-12-06T23:59:59+00:00'
    """
    found = []
    for cues in (_CUE, _CUE_ZH) if not text.isascii() else (_CUE,):
        for cue in cues.finditer(text):
            moment = _stated(text[cue.end() : cue.end() + 80], zone, after)
            if moment is not None:
                found.append(moment)
    if "まで" in text:
        for until in _UNTIL_JA.finditer(text):
            moment = _stated(f"{until[1]} {until[2]}", zone, after)
            if moment is not None:
                found.append(moment)
    # a day before the notice is what happened ("orders not shipped before 28 November"),
    # not what is asked: the earliest day from the notice's on, else the earliest of all
    upcoming = [moment for moment in found if after is None or moment.date() >= after]
    return min(upcoming or found) if found else None


# What a window describes when it is what the seller failed to keep, not what is asked now:
# "did not respond to buyers within 24 hours", "orders not shipped within 48 hours",
# "未在24小时内回复" (but "如未在7天内提交" and "if you do not respond within 7 days" ask).
_MISSED = re.compile(
    r"\b(?:did not|didn't|failed to|were not|was not|weren't|wasn't|had not|hadn't|not "
    r"(?:been )?(?:shipped|dispatched|delivered|answered|responded|replied|resolved|handled)"
    r"|(?:was|were|been) (?:shipped|dispatched|delivered|answered|resolved|handled))\b[^.!?\n]*$"
    r"|(?:未能?|没有|未曾)(?:在|于)?[^。！？，,\n]{0,6}$",
    re.I,
)
_IF_ZH = re.compile("如|若|倘")


def _missed(text: str, at: int) -> bool:
    """Whether the window at ``at`` tells what was missed: a failure or a past deed before it
    in its sentence (a Chinese one not after "if").

    >>> text = "您未在24小时内回复买家。如未在3天内提交整改，店铺将被限制。"
    >>> [_missed(text, m.start()) for m in _RELATIVE.finditer(text)]
    [True, False]
    """
    found = _MISSED.search(text, max(0, at - 80), at)
    if found is None or found.group(0).isascii():
        return found is not None
    return _IF_ZH.search(text, max(0, found.start() - 6), found.start()) is None


def _relative(
    text: str, start: datetime, pack: Pack | None, local: Marketplace | None = None
) -> datetime | None:
    match = next((m for m in _RELATIVE.finditer(text) if not _missed(text, m.start())), None)
    if not match:
        return _relative_europe(text, start, pack, local)
    if match.group(1):
        raw = match.group(1).lower()
        number = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        unit, working = match.group(3).lower(), (match.group(2) or "").strip().lower()
    else:
        number, unit = _chinese_number(match.group(4)), match.group(5)
        working = "working" if unit.endswith(("工作日", _BUSINESS_DAY)) else ""
    if unit.startswith(("h", "小", _HOUR)):
        return start + timedelta(hours=number)
    if unit.startswith(("w", "周", "週", "星")):
        return start + timedelta(weeks=number)
    if unit.startswith("mo") or unit.endswith("月"):
        return _months_after(start, number)
    if working in ("business", "working") and pack is not None:
        from ..cases.rules import working_days_after  # holidays: only when a notice needs it

        return working_days_after(start, number, pack, local).astimezone(start.tzinfo)
    return start + timedelta(days=number)


# Amazon's European marketplaces write their windows in their languages: "innerhalb von 17
# Tagen", "sous 7 jours", "en un plazo de 5 días hábiles", "entro 3 giorni lavorativi".
_RELATIVE_EUROPE = compile_rule(
    r"\b(?:innerhalb(?: von| der nächsten)?|binnen|sous|dans un délai de|d'ici|"
    r"en un plazo de|dentro de|en los próximos|entro|nei prossimi|no prazo de)\s+(\d{1,3})\s+"
    r"(stunden|tage[n]?|werktage[n]?|arbeitstage[n]?|heures?|jours? ouvr(?:és|ables)|jours?|"
    r"horas?|días? hábiles|días?|ore|giorni lavorativi|giorni|dias úteis|dias?)(?!\w)",
    re.I,
)
_WORKING_WORDS = ("werk", "arbeit", "ouvr", "hábil", "lavorativ", "úteis")


def _relative_europe(
    text: str, start: datetime, pack: Pack | None, local: Marketplace | None
) -> datetime | None:
    """
    >>> start = datetime(2026, 12, 2, 9, tzinfo=UTC)
    >>> _relative_europe("Bitte innerhalb von 17 Tagen.", start, None, None).isoformat()
    '2026-12-19T09:00:00+00:00'
    >>> _relative_europe("Répondez sous 48 heures.", start, None, None).isoformat()
    '2026-12-04T09:00:00+00:00'
    """
    match = _RELATIVE_EUROPE.search(text)
    if match is None:
        return None
    number, unit = int(match.group(1)), match.group(2).lower()
    if unit.startswith(("stunden", "heure", "hora", "ore")):
        return start + timedelta(hours=number)
    if any(word in unit for word in _WORKING_WORDS) and pack is not None:
        from ..cases.rules import working_days_after

        return working_days_after(start, number, pack, local).astimezone(start.tzinfo)
    return start + timedelta(days=number)


def _months_after(start: datetime, months: int) -> datetime:
    """The same day ``months`` calendar months on (the month's last day when it has fewer).

    >>> _months_after(datetime(2026, 1, 31, 9, tzinfo=UTC), 1).isoformat()
    '2026-02-28T09:00:00+00:00'
    """
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, monthrange(year, month)[1]))


def pack_zone(pack: Pack | None, local: Marketplace | None = None) -> tzinfo:
    """The platform's clock: its ``local`` marketplace's, when the notice is that one's."""
    if local is not None:
        return ZoneInfo(local.timezone)
    return ZoneInfo(pack.appeal.timezone) if pack is not None else UTC


_KANA = re.compile("[\u3040-\u30ff]")  # hiragana and katakana: Japanese, never Chinese


def marketplace_of(pack: Pack | None, sender: str, text: str) -> Marketplace | None:
    """The marketplace of the platform a notice comes from when that one keeps its own calendar
    and clock: the one whose domain sent it, else the one whose language it is written in.

    >>> from reinstate.policies.loader import load_policies
    >>> amazon = load_policies()["amazon"]
    >>> marketplace_of(amazon, "", "出品者様、3営業日以内にご提出ください。").calendar
    'JP'
    >>> marketplace_of(amazon, "seller-performance@amazon.com", "Within 3 business days.")
    """
    if pack is None or not pack.appeal.marketplaces:
        return None
    domain = sender.rpartition("@")[2].lower()
    for marketplace in pack.appeal.marketplaces:
        if domain and marketplace.senders and official_sender(domain, marketplace.senders):
            return marketplace
    if text.isascii():
        return None
    japanese = _KANA.search(text) is not None
    return next((m for m in pack.appeal.marketplaces if m.language == "ja" and japanese), None)


def written_zone(
    sent: datetime | None, pack: Pack | None, local: Marketplace | None = None
) -> tzinfo:
    """The zone a notice's dates are written in: its ``Date`` header's offset, unless that is
    UTC's (mail servers send in UTC whatever the reader's zone) or absent; else the platform's.

    >>> written_zone(datetime(2026, 11, 17, 14, tzinfo=timezone(timedelta(hours=3))), None)
    datetime.timezone(datetime.timedelta(seconds=10800))
    >>> written_zone(datetime(2026, 11, 17, 14, tzinfo=UTC), None)
    datetime.timezone.utc
    """
    offset = sent.utcoffset() if sent is not None else None
    return sent.tzinfo if sent is not None and sent.tzinfo and offset else pack_zone(pack, local)


def deadline_at(
    text: str,
    start: datetime,
    pack: Pack | None,
    kind: str,
    zone: tzinfo | None = None,
    local: Marketplace | None = None,
) -> tuple[datetime | None, str | None]:
    """The deadline and where it came from: ``explicit``, ``relative``, ``platform_window``
    (the pack's window for this kind) or ``platform_default`` (its usual appeal window).
    ``zone``: the one the notice is written in (:func:`written_zone`), else the platform's;
    ``local``: the platform's marketplace the notice comes from (:func:`marketplace_of`), whose
    calendar its working days are counted on."""
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    zone = zone or pack_zone(pack, local)
    day = start.astimezone(zone).date()
    explicit = explicit_deadline(text, zone, day)
    if explicit is not None and explicit.date() >= day:
        return explicit, "explicit"
    # a counted deadline is shown in the notice's zone too, as a stated one is: the same
    # instant, on the day and clock the notice is read by (working days are still counted on
    # the platform's calendar)
    relative = _relative(text, start, pack, local)
    if relative is not None:
        return relative.astimezone(zone), "relative"
    if explicit is not None:  # only a day before the notice: a pasted old notice's deadline
        return explicit, "explicit"
    if pack is None:
        return None, None
    notice_kind = pack.notice_kinds.get(kind)  # type: ignore[call-overload]
    if notice_kind is not None and notice_kind.window:
        window = next(w for w in pack.appeal.windows if w.code == notice_kind.window)
        return (start + timedelta(hours=window.hours)).astimezone(zone), "platform_window"
    if kind == "suspension" and pack.appeal.submission_days:
        moment = start + timedelta(days=pack.appeal.submission_days)
        return moment.astimezone(zone), "platform_default"
    return None, None
