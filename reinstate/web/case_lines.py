"""The case list's rows as the reader sees them, written out once in Python: a Jinja macro
and filters per cell were a third of the page's CPU time (issue 21)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from ..cases.rules import WAITING
from ..cases.views import deadline_urgency
from ..i18n import Gettext, gettext_for
from ..labels import CASE_STATE_LABELS
from ..platforms import platform_label
from ..timezones import shown


class CaseLine(NamedTuple):
    """A row of the case list, its words and times written out once in Python (issue 21: a
    Jinja macro and filters per cell were a third of the page's CPU time)."""

    id: int
    store: str
    platform: str
    state: str
    deadline: str
    urgency: str  # "", "soon", "urgent" or "overdue": the row's class
    left: str  # the time left, or "—" for a case not waiting or without a deadline
    attempts_used: int
    assignee: str


def _countdown(due_at: datetime | None, now: datetime, _: Gettext) -> str:
    if due_at is None:
        return "—"
    left = (due_at - now).total_seconds()
    hours = int(abs(left) / 3600)
    words = _("overdue by {d} d {h} h") if left < 0 else _("in {d} d {h} h")
    return words.format(d=hours // 24, h=hours % 24)


def case_lines(
    rows: list[Any],
    accounts: dict[int, Any],
    members: dict[int, str],
    now: datetime,
    *,
    language: str,
    zone: str,
) -> list[CaseLine]:
    """The rows of ``listing.case_page`` as the list shows them to a reader of ``language``
    in ``zone``: ``accounts`` gives store names, ``members`` assignees' emails."""
    _ = gettext_for(language)
    lines = []
    for c in rows:
        u = deadline_urgency(c.state, c.due_at, now)
        store = accounts.get(c.account_id)
        lines.append(
            CaseLine(
                id=c.id,
                store=store.store_name if store is not None else "—",
                platform=platform_label(c.platform, language),
                state=_(CASE_STATE_LABELS[c.state]),
                deadline=shown(c.due_at, zone) if c.due_at else "—",
                urgency=u,
                left=_countdown(c.due_at, now, _) if u or c.state in WAITING else "—",
                attempts_used=c.attempts_used,
                assignee=members.get(c.assignee_id, "—") if c.assignee_id else "—",
            )
        )
    return lines
