"""The header lines pasted text quotes above a copied or forwarded mail: its subject, the time it
was sent and the sender it names. Shown, never judged: nothing in pasted text proves them."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parseaddr, parsedate_to_datetime

# The labels of the header lines a mail client writes above a copied or forwarded mail, in the
# languages sellers' clients speak (English, Chinese, German, French, Spanish, Italian,
# Portuguese, Japanese), each by what it labels.
LABELS = {
    "from": "from|sender|发件人|寄件人|寄件者|von|de|da|mittente|remitente|差出人|送信者",
    "sent": "date|sent|日期|发送时间|發送時間|发件时间|发送日期|時間|时间|gesendet|datum|envoyé"
    "|envoye|fecha|enviado el|enviado|enviada em|inviato|data|送信日時|日付|日時",
    "to": "to|收件人|an|à|a|para|pour|宛先",
    "cc": "cc|抄送|副本|kopie",
    "reply-to": "reply-to",
    "subject": "subject|主题|主旨|標題|betreff|objet|sujet|asunto|oggetto|assunto|件名",
}
LABEL_KEYS = {word: key for key, words in LABELS.items() for word in words.split("|")}
# a header line a mail client shows above a copied or forwarded mail: its subject and the time
# it was sent
_QUOTED = re.compile(
    rf"^[ \t>*]*({LABELS['subject']}|{LABELS['sent']})[ \t]*[:：][ \t]*(\S.*?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def label_key(label: str) -> str:
    """What a header line's label names ("Betreff" → "subject", "Enviado el" → "sent")."""
    low = " ".join(label.lower().split())
    return LABEL_KEYS.get(low, low)


def quoted_headers(text: str) -> tuple[str, datetime | None]:
    r"""The subject and sending time that pasted text quotes in its first lines ("Subject: …",
    "Date: Mon, 30 Nov 2026 09:00:00 +0000"); a time without a zone is not taken (nothing says
    where it was).

    >>> quoted_headers("From: a@b.c\nDate: Mon, 30 Nov 2026 09:00:00 +0000\nSubject: Hi\n")
    ('Hi', datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.timezone.utc))
    """
    subject, sent = "", None
    head = "\n".join(text.lstrip().splitlines()[:20])
    for found in _QUOTED.finditer(head):
        name, value = label_key(found.group(1)), found.group(2)
        if name == "subject":
            subject = subject or value[:500]
        elif sent is None:
            sent = _when(value)
    return subject, sent


_QUOTED_FROM = re.compile(
    rf"^[ \t>*]*(?:{LABELS['from']})[ \t]*[:：][ \t]*(\S.*?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def quoted_sender(text: str) -> str:
    r"""The address on the "From:" line that pasted text quotes in its first lines, if any.

    >>> quoted_sender("From: Joom Support <Support@Joom.com>\nSubject: Hi\n\nDear seller")
    'support@joom.com'
    >>> quoted_sender("From: the team\n")
    ''
    """
    head = "\n".join(text.lstrip().splitlines()[:20])
    for found in _QUOTED_FROM.finditer(head):
        address = parseaddr(found.group(1))[1].strip().lower()
        if "@" in address and " " not in address:
            return address[:254]
    return ""


def _when(value: str) -> datetime | None:
    try:
        found = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            found = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return found if found.tzinfo is not None else None
