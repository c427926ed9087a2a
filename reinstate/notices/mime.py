"""The standard library's message for a notice's bytes, built faster where that is safe.

The stdlib feed parser reads a mail line by line through a stack of generators: for a notice of
one part, that is nearly all of the work of reading it. :func:`parse_email` splits the header
block the way the feed parser does (the same lines, the same ``header_source_parse``) and, when
the message is a single part, takes the rest of the text as its payload in one slice. Anything
else (multipart or ``message/*`` content, a header block the parser would note a defect in)
goes through the standard parser, nesting bounded. Both give the same :class:`Message`; the
suite compares them on every fixture and on odd header blocks.

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
_END_OF_LINE = re.compile(r"(\r\n|\r|\n)\Z")
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
            return index.get(name.lower(), [])
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


def _single_part(text: str) -> Message | None:
    """The feed parser's message for ``text`` when it is one part, else None (parse it)."""
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
            found = _END_OF_LINE.search(line)
            msg.set_unixfrom(line[: found.start()] if found else line)
            continue
        if line[0] == ":":
            return None  # a header without a name: a defect
        value = [line]
    if value:
        msg.set_raw(*policy.compat32.header_source_parse(value))
    if msg.get_content_maintype() in ("multipart", "message"):
        return None
    msg.set_payload(text[pos:])
    return msg


def parse_email(data: bytes) -> Message:
    """The message the standard feed parser reads from ``data`` (its payloads, headers and
    defects), bounded in nesting."""
    return _single_part(data.decode("ascii", "surrogateescape")) or standard_parse(data)
