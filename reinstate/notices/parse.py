"""Read a notice as an email (.eml), a web page (.html) or text, never running or rendering it.

Untrusted input is bounded: at most ``MAX_BYTES``, MIME trees walked to ``MAX_DEPTH`` and
``MAX_PARTS``, unknown charsets decoded by fall-back. Every link keeps its visible text and its
real target.

>>> m = read_notice(b"Subject: Hi\\nFrom: A <a@amazon.com>\\n\\nSee https://amazon.com/x")
>>> (m.has_headers, m.from_address, m.links[0].host)
(True, 'a@amazon.com', 'amazon.com')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from html import parser as _html_parser
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from ..errors import N_, InvalidInput
from .charsets import decode_bytes, page_charset
from .mime import MAX_DEPTH, parse_email
from .quoted import quoted_headers, quoted_sender

MAX_BYTES = 10 * 1024 * 1024
MAX_PARTS = 200
_CONTROLS = bytes([*range(9), *range(14, 32)])  # control bytes no text file has
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{1,60}:[ \t]", re.M)
_URL = re.compile(r"""(?:https?://|www\.)[^\s<>"'()\[\]{}]+""", re.I)
_TRAILING = ".,;:!?)\u3002\uff0c"


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    host: str  # lower-case, without port or user-info ("" when the target has none)
    userinfo: bool = False  # a user@ part hides the real host after it


@dataclass
class ParsedNotice:
    kind: str  # "email", "html" or "text"
    has_headers: bool = False
    from_name: str = ""
    from_address: str = ""
    other_senders: list[str] = field(default_factory=list)  # more mailboxes in From
    reply_to: list[str] = field(default_factory=list)
    return_path: str = ""
    subject: str = ""
    date: datetime | None = None
    auth_results: list[str] = field(default_factory=list)
    text: str = ""
    links: list[Link] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    html: bool = False  # the mail has an HTML body: made to be seen, not read as text
    # pasted text that quotes a mail's "Subject:" line: its title only, never judged as a
    # subject (the line is judged with the rest of the text)
    quoted_subject: str = ""
    # and its "From:" line's address: shown as the sender the text names, never judged as one
    # (nothing in pasted text says who sent it)
    quoted_from: str = ""


def link_for(href: str, text: str = "") -> Link:
    target = href.strip()
    if target.lower().startswith("www."):
        target = "http://" + target
    try:
        parts = urlsplit(target)
        netloc = parts.netloc
    except ValueError:
        return Link(text.strip(), href.strip(), "")
    userinfo = "@" in netloc
    host = netloc.rsplit("@", 1)[-1]
    host = host[1:].split("]", 1)[0] if host.startswith("[") else host.split(":", 1)[0]
    return Link(text.strip(), href.strip(), host.lower().rstrip("."), userinfo)


# The attributes after a tag's name, as the standard parser reads them one by one (each
# reading atomic, as its loop's): one match finds where they end.
_STANDARD: dict[str, Any] = vars(_html_parser)
_TAG_NAME: re.Pattern[str] = _STANDARD["tagfind_tolerant"]
_ATTRIBUTES = re.compile(f"(?>{_STANDARD['attrfind_tolerant'].pattern})*")


# tags that start a line of their own where a browser shows the page
_BLOCKS = frozenset(
    "br p div tr li h1 h2 h3 h4 h5 h6 table ul ol dl dt dd blockquote section article header "
    "footer hr address center".split()
)


class _Html(HTMLParser):
    """Text and links of an HTML body; scripts and styles dropped, nothing fetched.

    The standard parser, less two costs that buy nothing here: it counts lines for error
    positions (``updatepos``), and it decodes every attribute of every tag where only a link's
    ``href`` is read. Start tags other than ``<a>`` are read by :meth:`parse_starttag` below,
    the standard method without its attribute list; the text and links are the same."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.links: list[Link] = []
        self._skip = 0
        self._pre = 0  # inside <pre>: its line breaks are kept
        self._href: str | None = None
        self._anchor: list[str] = []

    def updatepos(self, i: int, j: int) -> int:
        return j  # positions are never reported

    def parse_starttag(self, i: int) -> int:
        endpos = self.check_for_whole_start_tag(i)
        if endpos < 0:
            return endpos
        rawdata = self.rawdata
        match = _TAG_NAME.match(rawdata, i + 1)
        if match is None or match.group(1).lower() == "a":
            return int(super().parse_starttag(i))
        self._HTMLParser__starttag_text = rawdata[i:endpos]
        self.lasttag = tag = match.group(1).lower()
        attributes = _ATTRIBUTES.match(rawdata, match.end())
        end = rawdata[attributes.end() if attributes else match.end() : endpos].strip()
        if end not in (">", "/>"):
            self.handle_data(rawdata[i:endpos])
        elif end.endswith("/>"):
            self.handle_startendtag(tag, [])
        else:
            self.handle_starttag(tag, [])
            if tag in self.CDATA_CONTENT_ELEMENTS:
                self.set_cdata_mode(tag)
        return endpos

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip += 1
        elif tag in ("pre", "textarea", "plaintext", "xmp"):
            self._pre += 1
            self.chunks.append("\n")
        elif tag == "a":
            # browsers drop the spaces padding an address ("  http://x"); so does the reader
            self._href = (dict(attrs).get("href") or "").strip()
            self._anchor = []
        elif tag in _BLOCKS:
            self.chunks.append("\n")
        elif tag in ("td", "th"):  # cells side by side are apart, as a browser shows them
            self.chunks.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("pre", "textarea", "plaintext", "xmp"):
            self._pre = max(0, self._pre - 1)
            self.chunks.append("\n")
        elif tag in _BLOCKS:
            self.chunks.append("\n")
        elif tag == "a" and self._href is not None:
            if self._href.lower().startswith(("http:", "https:", "www.")):
                self.links.append(link_for(self._href, " ".join("".join(self._anchor).split())))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if not self._pre:  # a line break in the markup is a space where a browser shows it
            data = data.replace("\r", " ").replace("\n", " ")
        self.chunks.append(data)
        if self._href is not None:
            self._anchor.append(data)


def html_to_text(markup: str) -> tuple[str, list[Link]]:
    parser = _Html()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # malformed markup: keep what was read
        pass
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.chunks)).replace("\n ", "\n")
    return re.sub(r"\n\s*\n+", "\n\n", text).strip(), parser.links


def _text_links(text: str, known: list[Link] | None = None) -> list[Link]:
    """Addresses written in ``text``, each once, leaving out those already ``known``."""
    seen = {link.href for link in known or []}
    found = []
    for match in _URL.finditer(text):
        href = match.group(0).rstrip(_TRAILING)
        if href not in seen:
            seen.add(href)
            found.append(link_for(href))
    return found


def _check_size(data: bytes) -> None:
    if not data or data.isspace():  # strip() would copy the whole file to say the same
        raise InvalidInput(N_("The notice is empty."), field="file")
    if len(data) > MAX_BYTES:
        raise InvalidInput(
            N_("The notice is larger than {limit} MB."),
            field="file",
            limit=MAX_BYTES // (1024 * 1024),
        )
    if is_binary(data):
        raise InvalidInput(N_("This file is not an email, a web page or text."), field="file")


def is_binary(data: bytes) -> bool:
    r"""Whether ``data`` is not text (a program, an image, a Word or PDF file): a NUL byte, or
    more control bytes than any text has, in its first 4 KB.

    >>> is_binary("申诉信\n".encode("gbk")), is_binary(b"PK\x03\x04\x14\x00\x06\x00")
    (False, True)
    """
    sample = data[:4096]
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    return b"\x00" in sample or controls > len(sample) // 20


def from_utf16(data: bytes) -> bytes:
    r"""Text saved as UTF-16 with its byte-order mark (Windows Notepad's "Unicode") as UTF-8;
    anything else as it is.

    >>> from_utf16("申诉".encode("utf-16")), from_utf16(b"PK\x03\x04")
    (b'\xe7\x94\xb3\xe8\xaf\x89', b'PK\x03\x04')
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data  # not text after all: refused as binary
    return data


def looks_like_email(data: bytes) -> bool:
    head = data.lstrip()[:2048]
    found = {m.group(0).split(b":")[0].lower() for m in _HEADER_LINE.finditer(head)}
    return b"from" in found or (len(found) >= 2 and bool(found & {b"subject", b"received", b"to"}))


def read_notice(data: bytes, filename: str | None = None) -> ParsedNotice:
    """The notice in ``data``; ``filename`` helps tell an .eml from a page or text."""
    return read_notice_headers(data, filename)[0]


def read_notice_headers(
    data: bytes, filename: str | None = None
) -> tuple[ParsedNotice, Message | None]:
    """The notice, and the mail it was read from (None for a page or text), for the readers of
    the header block not to parse it again."""
    data = from_utf16(data)
    _check_size(data)
    name = (filename or "").lower()
    if name.endswith(".eml") or (
        not name.endswith((".html", ".htm", ".txt")) and looks_like_email(data)
    ):
        msg = parse_email(data)
        return _read_email(msg), msg
    text = decode_bytes(data, page_charset(data))
    if name.endswith((".html", ".htm")) or re.search(r"<(html|body|a\s|div|p>|table)", text, re.I):
        body, links = html_to_text(text)
        notice = ParsedNotice("html", text=body, links=links + _text_links(body, links))
        text = body  # a page's header lines are read from what it shows, as pasted text's
    else:
        notice = ParsedNotice("text", text=text.strip(), links=_text_links(text))
    notice.quoted_subject, notice.date = quoted_headers(text)
    notice.quoted_from = quoted_sender(text)
    return notice, None


# The parser keeps a header's bytes above ASCII as these stand-ins (surrogateescape).
_RAW_BYTES = re.compile("[\udc80-\udcff]")


def _decoded(value: object) -> str:
    """An RFC 2047 header value as text; undecodable parts are kept as they came."""
    text = str(value)
    if _RAW_BYTES.search(text):  # 8-bit header bytes (RFC 6532 UTF-8, or a Chinese mailer's GBK)
        text = decode_bytes(text.encode("utf-8", "surrogateescape"))
    if "=?" in text:  # without an encoded word, decoding gives the text back as it is
        try:
            text = str(make_header(decode_header(text)))
        except Exception:  # a malformed header must not stop the reading  # noqa: BLE001
            pass
    return " ".join(text.split())


def _raw(msg: Message, name: str) -> list[str]:
    """A header's values as they came: ``get`` would hand 8-bit ones back as a Header whose
    text is replacement characters."""
    wanted = name.lower()
    return [str(v) for k, v in msg.raw_items() if k.lower() == wanted]


def _header(msg: Message, name: str) -> str:
    try:
        value = next(iter(_raw(msg, name)), None)
    except Exception:  # noqa: BLE001
        return ""
    return _decoded(value) if value is not None else ""


# A header of one plain address, bare or in angle brackets after a name of plain words: what
# ``getaddresses`` reads it as, without its character-by-character parse (most headers).
# Anchored: tried from the start only, in linear time, even when searched for.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]++"
_PLAIN_ADDRESS = re.compile(
    rf"\A[ \t]*+(?:((?:[A-Za-z0-9]++ )*+[A-Za-z0-9]++) ?+)?"
    rf"(?:<({_ATOM}(?:\.{_ATOM})*+@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)*+)>"
    rf"|({_ATOM}(?:\.{_ATOM})*+@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)*+))[ \t]*+"
)


def parse_addresses(values: list[str]) -> list[tuple[str, str]]:
    """``email.utils.getaddresses(values)``, read directly when there is one plain address."""
    if len(values) == 1:
        plain = _PLAIN_ADDRESS.fullmatch(values[0])
        if plain is not None and (plain.group(2) or not plain.group(1)):
            return [(plain.group(1) or "", plain.group(2) or plain.group(3))]
    return getaddresses(values)


def _addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    try:
        values = [_decoded(v) for v in _raw(msg, name)]
        return [(n, a.strip("<> ").lower()) for n, a in parse_addresses(values) if a]
    except Exception:  # noqa: BLE001
        return []


# One way to split an attempt (no "@" in the local part, possessive tail), so "<a@a@a@…" is
# read in linear time.
_ANGLE_ADDRESS = re.compile(r"<\s*+([^<>\s@]++@[^<>\s]*+)\s*+>\s*+$")


def _sender(msg: Message) -> tuple[str, str]:
    """(display name, mailbox) as a mail client shows them: the address in angle brackets is
    the mailbox, whatever the name before it looks like ("support@amazon.com <x@evil>")."""
    raw = next((str(v) for k, v in msg.raw_items() if k.lower() == "from"), "")
    raw = " ".join(raw.split())
    match = _ANGLE_ADDRESS.search(raw)
    if match:
        name = _decoded(raw[: match.start()].strip()).strip('"').strip()
        return name, match.group(1).lower()
    found = _addresses(msg, "From")
    return (found[0][0], found[0][1]) if found else (_header(msg, "From"), "")


def _date(msg: Message) -> datetime | None:
    """The ``Date`` header; one without a zone (or "-0000") is read as UTC, as its deadline
    already is, for every time shown to carry an offset."""
    raw = _header(msg, "Date")
    try:
        sent = parsedate_to_datetime(raw) if raw else None
    except (TypeError, ValueError, IndexError):
        return None
    return sent.replace(tzinfo=UTC) if sent is not None and sent.tzinfo is None else sent


def _walk(msg: Message, depth: int = 0) -> list[Message]:
    """Leaf parts, depth-first, bounded in depth and number."""
    if depth > MAX_DEPTH:
        return []
    if not msg.is_multipart():
        return [msg]
    leaves: list[Message] = []
    payload = msg.get_payload()
    for part in payload if isinstance(payload, list) else []:
        if isinstance(part, Message):
            if msg.get_content_type() == "message/rfc822":
                leaves.append(_forwarded_header(part))
            leaves += _walk(part, depth + 1)
        if len(leaves) >= MAX_PARTS:
            break
    return leaves[:MAX_PARTS]


def _forwarded_header(inner: Message) -> Message:
    """A mail forwarded as an attachment, shown as a mail client shows it: a forwarded-message
    line, then its sender, date and subject, before its text."""
    lines = ["---------- Forwarded message ---------"]
    for name in ("From", "Date", "Subject"):
        value = _header(inner, name)
        if value:
            lines.append(f"{name}: {value}")
    shown = Message()
    shown.set_payload("\n".join(lines) + "\n", charset="utf-8")
    return shown


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        declared = part.get_content_charset()
    except Exception:  # noqa: BLE001
        declared = None
    return decode_bytes(payload, declared)


def _read_email(msg: Message) -> ParsedNotice:
    # compat32 leaves headers unparsed; the few we read are decoded by _decoded().
    from_name, from_address = _sender(msg)
    notice = ParsedNotice(
        "email",
        has_headers=True,
        from_name=from_name,
        from_address=from_address,
        other_senders=[a for _, a in _addresses(msg, "From") if a != from_address][:10],
        reply_to=[a for _, a in _addresses(msg, "Reply-To")],
        return_path=(_addresses(msg, "Return-Path") or [("", "")])[0][1],
        subject=_header(msg, "Subject"),
        date=_date(msg),
        auth_results=[" ".join(str(v).split()) for v in _safe_all(msg, "Authentication-Results")],
    )
    plain: list[str] = []
    html: list[str] = []
    for part in _walk(msg):
        filename = _filename(part)
        kind = part.get_content_type()
        if filename or part.get_content_disposition() == "attachment":
            notice.attachments.append(filename or kind)
        elif kind == "text/plain" or (
            part.get_content_maintype() == "multipart" and part.get_boundary() is None
        ):
            # a multipart declared without its boundary is one part: its text as it stands
            plain.append(_part_text(part) or str(part.get_payload()))
        elif kind == "text/html":
            html.append(_part_text(part))
    links: list[Link] = []
    notice.html = bool(html)
    shown = []
    for markup in html:
        text, found = html_to_text(markup)
        links += found
        shown.append(text)
    written = "\n\n".join(p.strip() for p in plain if p.strip())
    seen = "\n\n".join(p.strip() for p in shown if p.strip())
    # The page is what the reader sees; the plain part is read instead unless it is a stub:
    # far shorter than the page, or shorter and sending the reader to the HTML ("use an
    # HTML-capable client to view this message").
    stub = len(written) * 2 < len(seen) or (len(written) < len(seen) and "html" in written.lower())
    notice.text = seen if stub else written
    notice.links = links + _text_links(notice.text, links)
    return notice


read_email = _read_email  # a mail attached to another, read as the mail it is


def _safe_all(msg: Message, name: str) -> list[object]:
    try:
        return list(msg.get_all(name) or [])
    except Exception:  # noqa: BLE001
        return []


def _filename(part: Message) -> str:
    try:
        # A file name is a parameter named so in one of these two headers: without the word
        # in them (most parts), there is none to parse for.
        disposition, kind = part.get("content-disposition"), part.get("content-type")
        if (disposition is None or "filename" not in str(disposition).lower()) and (
            kind is None or "name" not in str(kind).lower()
        ):
            return ""
        name = part.get_filename()
    except Exception:  # noqa: BLE001
        return ""
    return _decoded(name) if name else ""
