"""What ``reinstate quote`` and ``reinstate engagement accept`` share: the options a quote is
priced from (read the same way by both, so a dry run prices what accepting stores) and the quote
printed as one line per item and its total; and the padding every table the command line prints
lines its columns up with, Chinese or not (``columns``, ``padded``). Defines no command.

Example::

    def command(metrics: MetricsOption = 1, rush: RushOption = False) -> None: ...
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated
from unicodedata import east_asian_width

import typer

if TYPE_CHECKING:
    from ..i18n import Gettext
    from ..provider.views import QuoteView

MetricsOption = Annotated[int, typer.Option("--metrics", help="Metrics appealed together.")]
RushOption = Annotated[
    bool, typer.Option("--rush", help="Deliver within the price list's rush hours (24).")
]
LanguagesOption = Annotated[
    str | None, typer.Option("--languages", help="Extra letter languages, e.g. de,fr.")
]
TierOption = Annotated[
    str | None,
    typer.Option("--tier", help="Account tier: standard, brand_registered, vendor, top."),
]
ReconstructionOption = Annotated[
    bool, typer.Option("--reconstruction", help="Evidence reconstruction.")
]
HistoryRepairOption = Annotated[
    bool, typer.Option("--history-repair", help="90-day history repair.")
]
AdvisoryOption = Annotated[bool, typer.Option("--advisory", help="Quarterly advisory.")]
DeclarationOption = Annotated[
    bool, typer.Option("--declaration", help="Stamped declaration of compliance.")
]


def languages(value: str | None) -> tuple[str, ...]:
    """``de, FR`` -> ``("de", "fr")``: apart by commas, spaces or semicolons, as people write
    lists (``de fr``, ``德语，法语``).

    >>> languages(" de, FR ,"), languages("de fr;es"), languages("德语，法语")
    (('de', 'fr'), ('de', 'fr', 'es'), ('德语', '法语'))
    >>> languages(None)
    ()
    """
    parts = re.split(r"[\s,;，；、]+", value or "")
    return tuple(part.lower() for part in parts if part)


def tier(value: str | None) -> str | None:
    """The tier as the price list spells it, or None when none is given.

    >>> tier(" Top "), tier(None), tier("  ")
    ('top', None, None)
    """
    return value.strip().lower() or None if value else None


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes: a Chinese character takes two.

    >>> columns("Total"), columns("合计 (CNY)")
    (5, 10)
    """
    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)


def padded(text: str, width: int) -> str:
    """``text`` and the spaces that make it ``width`` terminal columns wide, as
    ``f"{text:<{width}}"`` does for Latin letters: a Chinese character takes two.

    >>> padded("Amazon", 8) + "|", padded("亚马逊", 8) + "|", padded("TikTok Shop", 4)
    ('Amazon  |', '亚马逊  |', 'TikTok Shop')
    """
    return text + " " * max(0, width - columns(text))


def quote_text(view: QuoteView, gettext: Gettext) -> str:
    """One line per item with its amount, then the total in the list's currency, the amounts
    aligned in a terminal whatever the language of the items."""
    total = f"{gettext('Total')} ({view.currency})"
    width = max((columns(line.item) for line in view.lines), default=0)
    rows = [(line.item, line.amount) for line in view.lines] + [(total, view.total)]
    return "\n".join(f"{padded(item, width)}  {amount:>12}" for item, amount in rows)
