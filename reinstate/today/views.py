"""The read model of the Today page: what needs attention now, per section, each line with
where it is fixed. Built by :func:`reinstate.today.service.today` in one session at one ``now``.

Example::

    shown = today(wb, actor)
    shown.sections[0].items[0].text(gettext_for("zh_CN"), "zh_CN"), shown.sections[0].items[0].link
"""

from __future__ import annotations

from ..errors import N_
from ..i18n import Gettext
from ..policies.schema import Text
from ..views import Second, View

# The sections in the order the page shows them, with their titles.
SECTIONS: dict[str, str] = {
    "deadlines": N_("Deadlines in the next 72 hours"),
    "at_risk": N_("Accounts at risk"),
    "materials": N_("Missing or invalid materials"),
    "notices": N_("New notices"),
    "reviews": N_("Reviews overdue"),
}
SEVERITY_LABELS: dict[str, str] = {
    "high": N_("Act now"),
    "medium": N_("Soon"),
    "low": N_("For information"),
}
SEVERITIES = tuple(SEVERITY_LABELS)


class TodayItem(View):
    """One thing to do: a sentence (an i18n message id and its values), the account it is
    about, the moment it is due (if any), and the page where it is fixed."""

    section: str
    kind: str  # e.g. case_due, case_overdue, case_rejected, verification_slot, metric, penalty, …
    severity: str  # high | medium | low
    message: str  # an i18n message id with {placeholders}
    params: dict[str, str | int] = {}  # shown as they are (numbers, store names, subjects)
    labels: dict[str, str] = {}  # i18n message ids, translated before they are shown
    texts: dict[str, Text] = {}  # values given in both languages by the platform packs
    account_id: int | None = None
    store_name: str = ""
    at: Second | None = None
    link: str

    def text(self, gettext: Gettext, language: str) -> str:
        """The sentence in ``language``."""
        values: dict[str, str | int] = dict(self.params)
        values.update({k: gettext(v) for k, v in self.labels.items()})
        values.update({k: v.get(language) for k, v in self.texts.items()})
        return gettext(self.message).format(**values)


# Sections whose title counts accounts, not lines: one account can be at risk on several
# metrics, a penalty and by association at once, and is still one account at risk.
COUNTS_ACCOUNTS = frozenset({"at_risk"})


class TodaySection(View):
    section: str
    title: str  # an i18n message id
    items: list[TodayItem]

    @property
    def count(self) -> int:
        """The number shown beside the title, in the title's unit: distinct accounts for
        "Accounts at risk", lines elsewhere."""
        if self.section not in COUNTS_ACCOUNTS:
            return len(self.items)
        return len({i.account_id if i.account_id is not None else id(i) for i in self.items})


class Today(View):
    now: Second
    horizon_hours: int
    accounts: int  # the seller accounts the member sees
    sections: list[TodaySection]

    @property
    def empty(self) -> bool:
        return not any(s.items for s in self.sections)

    def urgent_first(self) -> Today:
        """The page's sections: every "Act now" line first, in a section of its own (those with
        a moment first, the earliest first: a deadline passed, a phishing mail just in, a call
        soon; then the rest in the sections' order), then each section with what is left. A
        phishing warning or an overdue appeal is never below a line that can wait; every line
        is listed once, so each title counts what it lists."""
        urgent = sorted(
            (i for s in self.sections for i in s.items if i.severity == URGENT),
            key=lambda i: i.at.timestamp() if i.at is not None else float("inf"),
        )
        rest = [
            s.model_copy(update={"items": [i for i in s.items if i.severity != URGENT]})
            for s in self.sections
        ]
        first = TodaySection(section=ACT_NOW, title=SEVERITY_LABELS[URGENT], items=urgent)
        return self.model_copy(update={"sections": [first, *rest]})


URGENT = "high"
ACT_NOW = "act_now"  # the page's first section: every line to act on now, from any section
