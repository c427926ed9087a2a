"""The standard library's message for a notice's bytes, built faster where that is safe.

The stdlib feed parser reads a mail line by line through a stack of generators: for a notice of
one part, that is nearly all of the work of reading it. :func:`parse_email` splits the header
block the way the feed parser does (the same lines, the same ``header_source_parse``) and takes
a single part's body in one slice; a multipart of single parts is cut at its boundary lines,
found by one search. Anything else (nested or ``message/*`` parts, a header block or boundaries
the parser would note a defect in, lines ending in a lone CR) goes through the standard parser,
nesting bounded. Both give the same :class:`Message`; the suite compares them on every fixture
and on odd header blocks and boundaries.

>>> msg = parse_email(b"Subject: Hi\\r\\nContent-Type: text/plain\\r\\n\\r\\nBody\\r\\n")
>>> (msg["subject"], msg.get_payload())
('Hi', 'Body\\r\\n')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import errors, policy
from email.feedparser import BytesFeedParser
from email.message import Message
from email.parser import BytesParser
from typing import Any

MAX_DEPTH = 12
# A line the feed parser takes as a header or a continuation (its ``headerRE``), with its end
# of line as ``StringIO.readlines`` cuts it (\r\n, \r or \n).
_HEADER_LINE = re.compile(r"(?:From |[\041-\071\073-\176]*:|[\t ])[^\r\n]*+(?:\r\n|\r|\n)?")
_LONE_CR = re.compile(r"\r(?!\n)")
_FAST_DEPTH = 4  # multiparts nested deeper go through the standard parser
_MISSING = object()


class _Message(Message):
    """The standard message, finding a header in a dictionary instead of reading every header
    for each question (a phishing mail has dozens; each part is asked its type, disposition,
    file name and charset, each a look-up). The same answers: first match, or all in order,
    through the same policy. Built on first use after parsing; any later change drops it."""

    _index: dict[str, list[tuple[str, Any]]] | None = None
    _indexed: tuple[int, int] = (0, -1)

    def _lookup(self, name: str) -> list[tuple[str, Any]]:
        headers = self._headers  # type: ignore[attr-defined]
        if self._index is None or self._indexed != (id(headers), len(headers)):
            index: dict[str, list[tuple[str, Any]]] = {}
            for key, value in headers:
                index.setdefault(key.lower(), []).append((key, value))
            self._index, self._indexed = index, (id(headers), len(headers))
            self.__dict__.pop("_params", None)
            self.__dict__.pop("_types", None)
        return self._index.get(name.lower(), [])

    def get(self, name: str, failobj: Any = None) -> Any:
        found = self._lookup(name)
        return self.policy.header_fetch_parse(*found[0]) if found else failobj

    def get_all(self, name: str, failobj: Any = None) -> Any:
        found = self._lookup(name)
        return [self.policy.header_fetch_parse(k, v) for k, v in found] if found else failobj

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self._lookup(name))

    def _get_params_preserve(self, failobj: Any, header: str) -> Any:
        """The parameters of ``header``, read once (type, charset and file name ask again)."""
        self._lookup(header)  # drops the memo too when the headers changed
        params: dict[str, Any] = self.__dict__.setdefault("_params", {})
        key = header.lower()
        if key not in params:
            params[key] = super()._get_params_preserve(_MISSING, header)  # type: ignore[misc]
        return failobj if params[key] is _MISSING else params[key]

    def get_content_type(self) -> str:
        """The standard answer, worked out once per default type (asked again and again)."""
        self._lookup("content-type")  # drops the memo too when the headers changed
        memo: dict[str, str] = self.__dict__.setdefault("_types", {})
        default = self.get_default_type()
        if default not in memo:
            memo[default] = super().get_content_type()
        return memo[default]

    def replace_header(self, _name: str, _value: Any) -> None:
        self._index = None  # changes a header in place
        self.__dict__.pop("_params", None)
        self.__dict__.pop("_types", None)
        super().replace_header(_name, _value)


class _TooDeep(Exception):
    pass


class _BoundedParser(BytesFeedParser):
    """The standard feed parser, refusing MIME nesting past ``MAX_DEPTH`` while it parses.

    The stdlib parser recurses once per nested multipart (each level a generator frame), so a
    68 KB file of 1,000 nested parts ends in a RecursionError before any limit applied after
    parsing could help. ``_parsegen`` is that recursion: counting it bounds it."""

    def __init__(self) -> None:
        self._depth = 0  # before the parent's __init__, which starts the first _parsegen
        super().__init__(_Message, policy=policy.compat32)

    def _parsegen(self) -> Iterator[object]:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH + 1:
                raise _TooDeep
            yield from super()._parsegen()  # type: ignore[misc]
        finally:
            self._depth -= 1


def standard_parse(data: bytes) -> Message:
    """The feed parser's message; nested past ``MAX_DEPTH``, only its headers."""
    parser = _BoundedParser()
    try:
        parser.feed(data)
        return parser.close()
    except _TooDeep:
        return BytesParser(_Message, policy=policy.compat32).parsebytes(data, headersonly=True)


def _read_headers(text: str) -> tuple[Message, int] | None:
    """A message with the header block of ``text`` and where its body starts, as the feed
    parser reads them; None for a block it would note a defect in (it reads that itself)."""
    msg = _Message(policy=policy.compat32)
    lines: list[str] = []
    pos, match = 0, _HEADER_LINE.match(text)
    while match:
        lines.append(match.group())
        pos = match.end()
        match = _HEADER_LINE.match(text, pos)
    if pos < len(text):
        if text[pos] in "\r\n":  # the blank line between the headers and the body
            pos += 2 if text.startswith("\r\n", pos) else 1
        else:
            msg.defects.append(errors.MissingHeaderBodySeparatorDefect())
    value: list[str] = []
    for number, line in enumerate(lines):
        if line[0] in " \t":
            if not value:
                return None  # a first line that continues nothing: a defect
            value.append(line)
            continue
        if value:
            msg.set_raw(*policy.compat32.header_source_parse(value))
            value = []
        if line.startswith("From "):
            if number:
                return None  # a misplaced envelope line, or the body's first line
            msg.set_unixfrom(_strip_end(line))
            continue
        if line[0] == ":":
            return None  # a header without a name: a defect
        value = [line]
    if value:
        msg.set_raw(*policy.compat32.header_source_parse(value))
    return msg, pos


def _fast(text: str, depth: int = 0) -> Message | None:
    """The message for ``text`` when it is one part, or multiparts of such parts whose
    boundaries are plain (no odd line ends, no missing or doubled boundary); else None.
    ``depth``: how deep in a multipart ``text`` is, whose last line end is its boundary's."""
    read = _read_headers(text)
    if read is None:
        return None
    msg, pos = read
    kind = msg.get_content_type()
    if not kind.startswith(("multipart/", "message/")):
        msg.set_payload(_strip_end(text[pos:]) if depth else text[pos:])
        return msg
    boundary = msg.get_boundary() if kind.startswith("multipart/") else None
    encoding = str(msg.get("content-transfer-encoding", "8bit")).lower()
    body = text[pos:]
    if boundary is None or kind == "multipart/digest" or depth >= _FAST_DEPTH:
        return None  # parts by other rules
    if encoding not in ("7bit", "8bit", "binary") or _LONE_CR.search(body):
        return None  # a defect the parser notes, or lines the boundary search would miss
    marks = re.finditer(rf"^--{re.escape(boundary)}(--)?[ \t]*(?:\r?\n|\Z)", body, re.M)
    first = next(marks, None)
    if first is None or first.group(1):
        return None  # no opening boundary
    if first.start():  # the line end before a boundary belongs to it (RFC 2046)
        msg.preamble = _strip_end(body[: first.start()])
    end = first.end()
    for mark in marks:
        part = _fast(body[end : mark.start()], depth + 1) if mark.start() > end else None
        if part is None:
            return None  # a part read otherwise, or boundaries one after another
        msg.attach(part)
        end = mark.end()
        if mark.group(1):
            epilogue = body[end:]
            if depth:  # its last line end is the enclosing boundary's; none left is none
                msg.epilogue = _strip_end(epilogue) if epilogue else None
            else:
                msg.epilogue = epilogue
            return msg
    return None  # no closing boundary


def _strip_end(text: str) -> str:
    """``text`` without its last line end (the parser's ``NLCRE_eol``, without a search)."""
    if text.endswith("\r\n"):
        return text[:-2]
    return text[:-1] if text.endswith(("\r", "\n")) else text


def parse_email(data: bytes) -> Message:
    """The message the standard feed parser reads from ``data`` (its payloads, headers and
    defects), bounded in nesting."""
    return _fast(data.decode("ascii", "surrogateescape")) or standard_parse(data)
