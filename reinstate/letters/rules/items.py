"""uncovered_item: each SKU, ASIN and order id the notice names appears in the letter."""

from __future__ import annotations

from ...errors import N_
from ..model import Finding, Letter


def check(letter: Letter) -> list[Finding]:
    return [
        Finding(
            "uncovered_item",
            N_("The letter never mentions {item}, which the notice names."),
            None,
            params={"item": item},
        )
        for item in letter.items
        if item not in letter.text
    ]
