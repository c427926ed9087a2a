r"""A notice a seller forwarded: the original inside it, read as the mail it was.

Mail clients pass a mail on in two ways: attached whole (``message/rfc822``), or quoted in the
body below a separator and a block of its header lines ("---------- Forwarded message ---------",
"Begin forwarded message:", Outlook's "From: … Sent: … To: … Subject:", QQ Mail's and Foxmail's
"------------------ 原始邮件 ------------------" with 发件人/发送时间/收件人/主题). The original's
facts are the notice's; its sending time starts a counted deadline. Its authentication is not
carried over (SPF and DKIM are the forwarder's), so it is judged as a mail without any. Pasted
text is read alike: a forward copied out of a mail client, its own header lines (the forwarder's,
if copied too) above the note.

>>> text = ("FYI\n\n________________________________\n"
...     "From: Amazon <seller-performance@amazon.com>\nSent: Monday, November 30, 2026 9:00 AM\n"
...     "To: shop@example.com\nSubject: Deactivated\n\nYour account is deactivated.")
>>> original = quoted_original(text, timezone.utc, [])
>>> (original.from_address, original.subject, original.date.isoformat())
('seller-performance@amazon.com', 'Deactivated', '2026-11-30T09:00:00+00:00')
>>> original.text
'Your account is deactivated.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime

from ..errors import N_
from .deadlines import zone_named
from .parse import Link, ParsedNotice, read_email
from .quoted import quoted_sender
from .signals import WEAK, Signal, said

# A line that says a passed-on mail starts below it, in the clients' languages.
_SEPARATOR = re.compile(
    r"^[^\S\n>*]*(?:[-=_*]{2,}[^\S\n]*(?:forwarded message|original(?: message)?|message d'origine|"
    r"mensaje (?:original|reenviado)|weitergeleitete nachricht|urspr[üu]ngliche nachricht|"
    r"转发的?邮件(?:信息)?|轉寄的?郵件|原始邮件|原始郵件|邮件原文)[^\S\n]*[-=_*]{2,}|"
    r"begin forwarded message:|(?:开始|以下(?:是|为))转发的邮件[:：]|[_]{10,})[^\S\n]*$",
    re.I | re.M,
)
# One header line of the block a client writes above a passed-on mail; a client that sends the
# HTML's bold as plain text writes "*From:*".
_LINE = re.compile(
    r"^[^\S\n>*]*\*?(from|发件人|寄件人|寄件者|sender|date|sent|日期|发送时间|發送時間|发件时间|"
    r"发送日期|時間|时间|to|收件人|cc|抄送|副本|reply-to|subject|主题|主旨|標題)[^\S\n*]*[:：]\*?"
    r"[^\S\n*]*(.*?)[^\S\n]*$",
    re.I,
)
_FROM = {"from", "发件人", "寄件人", "寄件者", "sender"}
_SENT = {"date", "sent", "日期", "发送时间", "發送時間", "发件时间", "发送日期", "時間", "时间"}
_SUBJECT = {"subject", "主题", "主旨", "標題"}
# Outlook writes no separator line: a "From:" line opening a block with a time and a subject.
_BLOCK_START = re.compile(r"^[^\S\n>*]*\*?(?:from|发件人|寄件人|寄件者)[^\S\n*]*[:：]", re.I | re.M)
# Words a block cannot do without (a sender's and a subject's label): a text without both has no
# forward in it, and is not searched line by line for one.
_SENDER_WORDS = ("from", "发件人", "寄件", "sender")
_SUBJECT_WORDS = ("subject", "主题", "主旨", "標題")
# what a reply's subject starts with: the mail quoted below a reply is what it answers
_REPLY = re.compile(r"\s*(?:re|aw|sv|回复|回覆|答复)\s*[:：]", re.I)

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        )
    )  # fmt: skip
    for m in names.split()
}
_ZONE = (
    r"(?:\(?(?:gmt|utc)?[^\S\n]*([+-])(\d{1,2})(?::?(\d{2}))?\)?"
    r"|\b(gmt|utc|pst|pdt|est|edt|cet|cest|jst|sgt|hkt|msk)\b)?"
)
# an offset written anywhere in the time ("2026年11月30日 GMT+8 下午3:30:00")
_OFFSET = re.compile(r"\(?\b(?:gmt|utc)[^\S\n]*([+-])(\d{1,2})(?::?(\d{2}))?\)?", re.I)
_CLOCK = (
    r"(?:[^\S\n]*,?[^\S\n]*(?:at|um|à)?[^\S\n]*(上午|下午|中午|晚上|凌晨)?[^\S\n]*"
    r"(\d{1,2})[:：](\d{2})(?::(\d{2}))?[^\S\n]*([ap]\.?m\.?)?)?"
)
_WRITTEN = (
    # 2026年11月30日(星期一) 上午9:00, 2026-11-30 09:00, 2026/11/30 9:00
    re.compile(
        r"(?P<y>\d{4})[^\S\n]*(?:年|[-/.])[^\S\n]*(?P<m>\d{1,2})[^\S\n]*(?:月|[-/.])"
        r"[^\S\n]*(?P<d>\d{1,2})[^\S\n]*日?(?:[^\S\n]*[(（]?(?:星期|周|週)[一二三四五六日天][)）]?)?"
        + _CLOCK
        + r"[^\S\n]*"
        + _ZONE,
        re.I,
    ),
    # Monday, November 30, 2026 9:00 AM; Mon, Nov 30, 2026 at 9:00 AM
    re.compile(
        r"(?P<mon>[a-z]{3,9})\.?[^\S\n]+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?[^\S\n]+(?P<y>\d{4})"
        + _CLOCK
        + r"[^\S\n]*"
        + _ZONE,
        re.I,
    ),
    # 30 November 2026 09:00
    re.compile(
        r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\.?[^\S\n]+(?P<mon>[a-z]{3,9})\.?,?[^\S\n]+(?P<y>\d{4})"
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
        afternoon = half in ("下午", "晚上") or (half == "中午" and hours < 11)
        if (ampm and ampm[0].lower() == "p") or afternoon:
            hours += 12 if hours < 12 else 0
        elif (ampm and ampm[0].lower() == "a") or half in ("上午", "凌晨"):
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


def _block(lines: list[str]) -> tuple[dict[str, str], int] | None:
    """The header lines at the top of ``lines`` (blank lines between them allowed) and how many
    lines they take; None unless they name a sender and a subject."""
    found: dict[str, str] = {}
    used = 0
    last = None
    for i, line in enumerate(lines[:30]):
        match = _LINE.match(line)
        if match:
            name = match.group(1).lower()
            key = (
                "from"
                if name in _FROM
                else "sent"
                if name in _SENT
                else "subject"
                if (name in _SUBJECT)
                else name
            )
            found.setdefault(key, match.group(2))
            used = i + 1
            last = key
        elif not line.strip():
            if found and "subject" in found:
                break
            continue
        elif last == "to" or last == "cc" or last == "收件人" or last == "抄送":
            used = i + 1  # a long recipients line wrapped
        else:
            break
    return (found, used) if "from" in found and "subject" in found else None


@dataclass
class Forward:
    """A passed-on mail: the original as read from it, who passed it on ("" when pasted text
    does not say), and its sending time as its block writes it (to be read again in the
    platform's zone when it names none and the forward gives none)."""

    original: ParsedNotice
    by: str
    sent: str = ""


def _may_quote(text: str) -> bool:
    """Whether ``text`` has the words a header block cannot do without: a few plain-string
    searches, where a block is looked for at the start of every line."""
    low = text.lower()
    return any(w in low for w in _SENDER_WORDS) and any(w in low for w in _SUBJECT_WORDS)


def quoted_original(text: str, zone: tzinfo | None, links: list[Link]) -> ParsedNotice | None:
    """The mail quoted below the first forward separator or header block of ``text``."""
    found = quoted_forward(text, zone, links)
    return found.original if found is not None else None


def quoted_forward(
    text: str, zone: tzinfo | None, links: list[Link], *, pasted: bool = False
) -> Forward | None:
    """The mail quoted below the first forward separator or header block of ``text``. In
    ``pasted`` text a block that opens the text is the pasted mail's own header lines (the
    forwarder's, whose address is then ``by``), and a pasted reply ("Re:") passes nothing on."""
    if not _may_quote(text):
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    separator = _SEPARATOR.search(text)
    blocks = [m.start() for _, m in zip(range(5), _BLOCK_START.finditer(text), strict=False)]
    starts = blocks + ([separator.start()] if separator else [])
    for start in sorted(starts):
        lines = text[start:].splitlines()
        separated = bool(_SEPARATOR.match(lines[0]))
        if separated:
            lines = lines[1:]
        while lines and not lines[0].strip():
            lines = lines[1:]
        if pasted and not separated and not text[:start].strip():
            continue  # the pasted mail's own header lines
        block = _block(lines)
        # with no separator line, only a whole block (a time too, as Outlook writes) is a forward
        if block is None or not (separated or "sent" in block[0]):
            continue
        by = quoted_sender(text[:start]) if pasted else ""
        if pasted and _REPLY.match(_pasted_subject(text[:start])):
            return None
        found, used = block
        body = "\n".join(lines[used:]).strip()
        name, address = parseaddr(found["from"].strip().rstrip(";,"))
        address = address.strip().lower() if "@" in address and " " not in address else ""
        kept = [
            link
            for link in links
            if link.href in body or (len(link.text.strip()) > 3 and link.text.strip() in body)
        ]
        original = ParsedNotice(
            "email",
            has_headers=bool(address),
            from_name=name.strip().strip('"') if address else found["from"],
            from_address=address,
            subject=found["subject"][:500],
            date=sent_time(found.get("sent", ""), zone),
            text=body,
            links=kept,
        )
        return Forward(original, by, found.get("sent", ""))
    return None


def _pasted_subject(head: str) -> str:
    """The subject the pasted mail's own header lines give, if they open the text."""
    block = _block(head.strip().split("\n"))
    return block[0]["subject"] if block is not None else ""


def forwarded(notice: ParsedNotice, msg: Message | None) -> Forward | None:
    """The original a forwarded mail carries: an attached message, else the quoted one; the
    original pasted text quotes below a forward's separator or header lines."""
    if notice.kind == "text":
        zone = notice.date.tzinfo if notice.date is not None else None
        return quoted_forward(notice.text, zone, notice.links, pasted=True)
    if notice.kind != "email":
        return None
    for part in msg.walk() if msg is not None else ():
        if part.get_content_type() == "message/rfc822":
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, Message):
                original = read_email(inner)
                original.auth_results = []  # the receiving server's word was the forwarder's
                return Forward(original, notice.from_address)
    if _REPLY.match(notice.subject):
        return None  # what a reply quotes is what it answers: the reply is the notice
    zone = notice.date.tzinfo if notice.date is not None else None
    found = quoted_forward(notice.text, zone, notice.links)
    if found is not None:
        found.by = notice.from_address
    return found


def forwarded_signal(forwarder: str) -> Signal:
    if not forwarder:
        return said("forwarded", WEAK, N_("the text does not say who passed it on"))
    return said("forwarded", WEAK, N_("passed on by {sender}"), sender=forwarder)
