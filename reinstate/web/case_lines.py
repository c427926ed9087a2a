"""The case list's rows as the reader sees them, written out once in Python: a Jinja macro
and filters per cell were a third of the page's CPU time (issue 21), and the template's loop
over the cells, escaping each through a Markup object, still a tenth of it: ``table_rows``
writes the rows' HTML with each cell escaped as Jinja escapes it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from ..cases.rules import WAITING
from ..cases.views import deadline_urgency
from ..i18n import Gettext, gettext_for
from ..labels import CASE_STATE_LABELS
from ..platforms import platform_label
from ..timezones import shown_in


def _escaped(text: str) -> str:
    """A cell escaped by markupsafe, as Jinja's autoescape does: the same bytes a template wrote."""
    return str(escape(text))


class CaseLine(NamedTuple):
    """A row of the case list, its words and times written out once in Python (issue 21: a
    Jinja macro and filters per cell were a third of the page's CPU time)."""

    id: str
    store: str
    platform: str
    state: str
    deadline: str
    urgency: str  # "", "soon", "urgent" or "overdue": the row's class
    left: str  # the time left, or "—" for a case not waiting or without a deadline
    attempts_used: str
    assignee: str


def _countdown(due_at: datetime | None, now: datetime, _: Gettext) -> str:
    if due_at is None:
        return "—"
    left = (due_at - now).total_seconds()
    hours = int(abs(left) / 3600)
    words = _("overdue by {d} d {h} h") if left < 0 else _("in {d} d {h} h")
    return words.format(d=hours // 24, h=hours % 24)


def case_lines(
    rows: Sequence[Any],
    accounts: dict[int, str],
    members: dict[int, str],
    now: datetime,
    *,
    language: str,
    zone: str,
) -> list[CaseLine]:
    """The rows of ``listing.case_page`` (its LIST_COLUMNS first) as the list shows them to a
    reader of ``language`` in ``zone``: ``accounts`` gives store names, ``members`` emails."""
    _ = gettext_for(language)
    show = shown_in(zone)
    platforms: dict[str, str] = {}
    lines = []
    # unpacked, not read by name: a Row's attribute is a Python call, its tuple is not
    for case_id, account_id, code, state, due_at, attempts_used, assignee_id, *_rest in rows:
        u = deadline_urgency(state, due_at, now)
        store = accounts.get(account_id)
        platform = platforms.get(code)
        if platform is None:
            platform = platforms[code] = platform_label(code, language)
        lines.append(
            CaseLine(
                str(case_id),  # numbers as text: Jinja escapes text faster than numbers
                store if store is not None else "—",
                platform,
                _(CASE_STATE_LABELS[state]),
                show(due_at) if due_at else "—",
                u,
                _countdown(due_at, now, _) if u or state in WAITING else "—",
                str(attempts_used),
                members.get(assignee_id, "—") if assignee_id else "—",
            )
        )
    return lines


def _escaped_all(cells: list[str]) -> list[str]:
    """Each of ``cells`` escaped by markupsafe, in one call: the cells joined by a character
    escaping leaves alone, escaped, and split again (500 calls, each building a Markup object,
    were a tenth of the page's CPU, issue 21). A cell holding that character itself would shift
    the split, so then each cell is escaped on its own."""
    parts = str(escape(_SEPARATOR.join(cells))).split(_SEPARATOR)
    if len(parts) == len(cells):
        return parts
    return [_escaped(cell) for cell in cells]


_SEPARATOR = "\x00"  # not one of the five characters markupsafe replaces
_WIDTH = len(CaseLine._fields)


def table_rows(lines: list[CaseLine]) -> Markup:
    """The ``<tr>`` rows of the list's table, every cell escaped."""
    cells = _escaped_all([cell for line in lines for cell in line])
    written = []
    for start in range(0, len(cells), _WIDTH):
        case_id, store, platform, state, deadline, u, left, attempts, assignee = cells[
            start : start + _WIDTH
        ]
        shown = f'<span class="urgency {u}">{left}</span>' if u else left
        written.append(
            f'  <tr class="{u}">\n'
            f'    <td><a href="/cases/{case_id}">#{case_id}</a></td>\n'
            f"    <td>{store}</td>\n"
            f"    <td>{platform}</td>\n"
            f"    <td>{state}</td>\n"
            f"    <td>{deadline}</td>\n"
            f"    <td>{shown}</td>\n"
            f"    <td>{attempts}</td>\n"
            f"    <td>{assignee}</td>\n"
            "  </tr>"
        )
    return Markup("\n".join(written))


def account_options(accounts: dict[int, str], chosen: int) -> Markup:
    """The account filter's ``<option>``s, store names escaped (up to ACCOUNT_CHOICES of them,
    a Jinja loop's fifth of the page's render, issue 21), ``chosen`` selected."""
    names = _escaped_all(list(accounts.values()))
    return Markup(
        "".join(
            f'<option value="{i}"{" selected" if i == chosen else ""}>{name}</option>'
            for i, name in zip(accounts, names, strict=True)
        )
    )
