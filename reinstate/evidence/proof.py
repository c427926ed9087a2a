"""The written pack proven free of active content from its own bytes, without reading it back.

pypdf's writer lays a file out in a way that makes the proof one search of the dictionaries'
text: every object in the open (no object streams), a plain cross-reference table giving where
each object starts, names spelt as they are (it escapes only delimiters, white space, "#" and
non-ASCII letters) and strings with every byte other than a letter, a digit or a space escaped,
so the line ``stream`` can only be the keyword that starts a stream's data. The dictionaries'
text is therefore each object's bytes up to that keyword; stream data (page drawings, images) is
never searched, so bytes of an image that happen to spell ``/JS`` cannot raise a false alarm.

Whatever does not look exactly like that layout proves nothing, and the caller reads the file
back with :func:`reinstate.evidence.safety.has_active_content` instead.
"""

from __future__ import annotations

import re

from .safety import ACTIVE_ACTIONS, ACTIVE_KEYS

# Every name has_active_content looks for, and the structures that hide objects in a stream.
_NAMES = sorted(
    {name[1:] for name in ACTIVE_KEYS | ACTIVE_ACTIONS | {"/EmbeddedFile"}} | {"ObjStm", "XRef"}
)
_ACTIVE = re.compile(b"/(?:" + b"|".join(re.escape(n.encode()) for n in _NAMES) + b")")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SECTION = re.compile(rb"xref\n0 (\d+)\n")
_ENTRY = 20  # "0000012345 00000 n \n"


def _object_starts(data: bytes) -> tuple[list[int], int] | None:
    """Where each object starts and where the cross-reference table starts, or None."""
    found = _STARTXREF.search(data, max(0, len(data) - 64))
    if found is None:
        return None
    table = int(found.group(1))
    section = _SECTION.match(data, table)
    if section is None:
        return None
    first, count = section.end(), int(section.group(1))
    entries = data[first : first + count * _ENTRY]
    if len(entries) != count * _ENTRY or not data.startswith(b"trailer", first + len(entries)):
        return None
    starts = []
    for at in range(0, len(entries), _ENTRY):
        entry = entries[at : at + _ENTRY]
        if entry[17:18] == b"n":
            starts.append(int(entry[:10]))
        elif entry[17:18] != b"f":
            return None
    starts.sort()
    if not starts or starts[-1] >= table:
        return None
    return starts, table


def proven_inactive(data: bytes) -> bool:
    """Whether ``data``, written by pypdf's writer, certainly holds no active content: no
    dictionary of it names any. False proves nothing: read the file back then.

    >>> from pypdf import PdfWriter
    >>> import io
    >>> buffer = io.BytesIO()
    >>> _ = PdfWriter().write(buffer)
    >>> proven_inactive(buffer.getvalue()), proven_inactive(b"<< /S /JavaScript >>")
    (True, False)
    """
    layout = _object_starts(data)
    if layout is None:
        return False
    starts, table = layout
    # The header before the first object, and the table and trailer after the last.
    if _ACTIVE.search(data, 0, starts[0]) or _ACTIVE.search(data, table):
        return False
    for start, end in zip(starts, [*starts[1:], table], strict=True):
        keyword = data.find(b"\nstream\n", start, end)
        if _ACTIVE.search(data, start, end if keyword == -1 else keyword):
            return False
    return True
