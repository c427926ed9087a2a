r"""A notice a seller forwarded: the original inside it, read as the mail it was.

Mail clients pass a mail on in two ways: attached whole (``message/rfc822``), or quoted in the
body below a separator and a block of its header lines ("---------- Forwarded message ---------",
"Begin forwarded message:", Outlook's "From: … Sent: … To: … Subject:", QQ Mail's and Foxmail's
"------------------ 原始邮件 ------------------" with 发件人/发送时间/收件人/主题; the same
clients in German, French, Spanish, Italian, Portuguese and Japanese: "Weitergeleitete
Nachricht" with Von/Gesendet/Betreff, "Message transféré" with De/Envoyé/Objet, "転送メッセージ"
with 差出人/送信日時/件名 …). The original's
facts are the notice's; its sending time starts a counted deadline. Its authentication is not
carried over (SPF and DKIM are the forwarder's), so it is judged as a mail without any. Pasted
text is read alike: a forward copied out of a mail client, its own header lines (the forwarder's,
if copied too) above the note.

>>> text = ("FYI\n\n________________________________\n"
...     "From: Amazon <seller-performance@amazon.com>\nSent: Monday, November 30, 2026 9:00 AM\n"
...     "To: shop@example.com\nSubject: Deactivated\n\nYour account is deactivated.")
>>> from datetime import UTC
>>> original = quoted_original(text, UTC, [])
>>> (original.from_address, original.subject, original.date.isoformat())
('seller-performance@amazon.com', 'Deactivated', '2026-11-30T09:00:00+00:00')
>>> original.text
'Your account is deactivated.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo
from email.message import Message
from email.utils import parseaddr

from ..errors import N_
from .parse import Link, ParsedNotice, read_email
from .quoted import LABELS, label_key, quoted_sender
from .sent_times import sent_time
from .signals import WEAK, Signal, said

# A line that says a passed-on mail starts below it, in the clients' languages.
_SEPARATOR = re.compile(
    r"^[^\S\n>*]*(?:[-=_*]{2,}[^\S\n]*(?:forwarded message|original(?: message)?|"
    r"message (?:d'origine|transf[ée]r[ée])|mensaje (?:original|reenviado)|"
    r"weitergeleitete nachricht|urspr[üu]ngliche nachricht|messaggio (?:originale|inoltrato)|"
    r"mensagem (?:original|encaminhada)|転送メッセージ|元のメッセージ|"
    r"转发的?邮件(?:信息)?|轉寄的?郵件|原始邮件|原始郵件|邮件原文)[^\S\n]*[-=_*]{2,}|"
    # Apple Mail's line in each language
    r"(?:begin forwarded message|anfang der weitergeleiteten (?:e-mail|nachricht)|"
    r"d[ée]but du message r[ée]exp[ée]di[ée]|inicio del mensaje reenviado|"
    r"inizio messaggio inoltrato|in[íi]cio da mensagem reencaminhada|転送されたメッセージ)"
    r"[^\S\n]*[:：]|(?:开始|以下(?:是|为))转发的邮件[:：]|[_]{10,})[^\S\n]*$",
    re.I | re.M,
)
_LABEL = "|".join(LABELS.values())
# One header line of the block a client writes above a passed-on mail; a client that sends the
# HTML's bold as plain text writes "*From:*".
_LINE = re.compile(
    rf"^[^\S\n>*]*\*?({_LABEL})[^\S\n*]*[:：]\*?[^\S\n*]*(.*?)[^\S\n]*$",
    re.I,
)
# Outlook writes no separator line: a "From:" line opening a block with a time and a subject.
_BLOCK_START = re.compile(rf"^[^\S\n>*]*\*?(?:{LABELS['from']})[^\S\n*]*[:：]", re.I | re.M)
# Words a block cannot do without (a subject's label): a text without one has no forward in it,
# and is not searched line by line for one.
_SUBJECT_WORDS = tuple(LABELS["subject"].split("|"))
# what a reply's subject starts with: the mail quoted below a reply is what it answers
_REPLY = re.compile(r"\s*(?:re|aw|sv|r|res|antw|回复|回覆|答复|返信)\s*[:：]", re.I)


def _block(lines: list[str]) -> tuple[dict[str, str], int] | None:
    """The header lines at the top of ``lines`` (blank lines between them allowed) and how many
    lines they take; None unless they name a sender and a subject."""
    found: dict[str, str] = {}
    used = 0
    last = None
    for i, line in enumerate(lines[:30]):
        match = _LINE.match(line)
        if match:
            key = label_key(match.group(1))
            found.setdefault(key, match.group(2))
            used = i + 1
            last = key
        elif not line.strip():
            if found and "subject" in found:
                break
            continue
        elif last in ("to", "cc"):
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
    """Whether ``text`` has a word a header block cannot do without: a few plain-string
    searches, where a block is looked for at the start of every line."""
    low = text.lower()
    return any(w in low for w in _SUBJECT_WORDS)


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
    original pasted text, or a saved page (a browser's "save page" of a webmail's view, the
    HTML a webmail exports), quotes below a forward's separator or header lines."""
    if notice.kind in ("text", "html"):
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
    # the forwarder's clock, unless its Date is in UTC: that is only a mail server's (a time
    # the block writes without a zone is then read on the platform's clock)
    offset = notice.date.utcoffset() if notice.date is not None else None
    zone = notice.date.tzinfo if notice.date is not None and offset else None
    found = quoted_forward(notice.text, zone, notice.links)
    if found is not None:
        found.by = notice.from_address
    return found


def forwarded_signal(forwarder: str) -> Signal:
    if not forwarder:
        return said("forwarded", WEAK, N_("the text does not say who passed it on"))
    return said("forwarded", WEAK, N_("passed on by {sender}"), sender=forwarder)
