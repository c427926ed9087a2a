"""What a mail's headers say about how it travelled, beyond what the reader keeps: whether a
mailing list delivered it (lists rewrite Reply-To to themselves), whom it was sent to, and
what the sender's address is hosted on; from the body only whether its style pushes text off
the screen. Read in linear time.

>>> read_envelope(b"From: a@b.org\\nList-Id: <dev.lists.example.org>\\n\\nHello").mailing_list
True
>>> read_envelope(b"From: a@b.org\\n\\nList-Id: in the body").mailing_list
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser

from ..errors import N_
from .bulk import STYLE_LIMIT, offscreen
from .domains import split_host
from .parse import parse_addresses
from .signals import MEDIUM, STRONG, Signal
from .signals import said as _said

_LIST_HEADERS = frozenset({"list-id", "list-post", "mailing-list", "x-mailing-list", "list-help"})
_HEAD_LIMIT = 256 * 1024
_MAX_RECIPIENTS = 50
# Default addresses of cloud mail tenants ("name.onmicrosoft.com"): an organisation that sends
# its customers notices sends them from its own domain.
TENANT_DEFAULT_DOMAINS = frozenset({"onmicrosoft.com"})
# Invisible characters written between Latin letters ("V\u2069e\u2069r\u2069ify"); the joiners
# Persian and emoji need are not among them, and soft hyphens only break long words.
_HIDDEN_IN_WORD = re.compile(
    r"[A-Za-z][\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]+[A-Za-z]"
)
_HIDDEN_ENOUGH = 3


@dataclass(frozen=True)
class Envelope:
    mailing_list: bool = False
    recipients: tuple[str, ...] = ()  # the To addresses
    offscreen: bool = False  # the body's style pushes content off the screen


NO_ENVELOPE = Envelope()  # text and pages: no headers to read


def read_envelope(data: bytes, msg: Message | None = None) -> Envelope:
    """The facts of the header block (empty when ``data`` has none, or no blank line ends it
    within ``_HEAD_LIMIT``). ``msg``: the message the mail reader made of the whole of
    ``data``, if read already. Its headers are this block's: the reader's header block ends at
    the latest at the first blank line, the line this block is cut at, and both read the same
    lines before it, so the block is not parsed a second time."""
    head = data[:_HEAD_LIMIT]
    end = blank_line(head)
    if end < 0:
        return Envelope()
    if msg is None:
        try:
            msg = BytesHeaderParser(policy=policy.compat32).parsebytes(head[:end] + b"\n\n")
        except Exception:  # a malformed header block tells nothing  # noqa: BLE001
            return Envelope()
    try:
        names = {key.lower() for key in msg.keys()}
        recipients = tuple(a for _, a in parse_addresses([str(v) for v in msg.get_all("To") or []]))
    except Exception:  # a malformed header tells nothing  # noqa: BLE001
        return Envelope()
    pushed = offscreen(data[end : end + STYLE_LIMIT])
    mailing_list = not _LIST_HEADERS.isdisjoint(names)
    return Envelope(mailing_list, recipients[:_MAX_RECIPIENTS], pushed)


def blank_line(head: bytes) -> int:
    """Where the first ``\\r?\\n\\r?\\n`` in ``head`` starts, or -1: two searches for a plain
    string (a regular expression is tried at every byte of the head)."""
    found = [at for at in (head.find(b"\n\n"), head.find(b"\n\r\n")) if at >= 0]
    if not found:
        return -1
    first = min(found)
    return first - 1 if head[first - 1 : first] == b"\r" else first


def tenant_sender(sender_domain: str) -> Signal | None:
    """Mail from a cloud tenant's default address (``x.onmicrosoft.com``)."""
    if sender_domain and split_host(sender_domain).registrable in TENANT_DEFAULT_DOMAINS:
        message = N_("sent from a mail service's default address ({sender})")
        return _said("sender_tenant_default", MEDIUM, message, sender=sender_domain)
    return None


def hidden_text(text: str, *, claims: bool) -> Signal | None:
    """Invisible characters inside the words of the text, as written to slip past filters."""
    found = 0
    for _ in _HIDDEN_IN_WORD.finditer(text[:50000]):
        found += 1
        if found >= _HIDDEN_ENOUGH:
            message = N_("invisible characters inside the words of the text")
            return _said("hidden_text", STRONG if claims else MEDIUM, message)
    return None
