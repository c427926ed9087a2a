"""uncovered_item: each SKU, ASIN, product id and order id the notice names appears in the letter;
uncited_reference: so does the notice's reference id (seed 000: answer each violation quoting
the notice), written with or without its hyphens and spaces."""

from __future__ import annotations

import re
import unicodedata

from ...errors import N_
from ..model import Finding, Letter


def _bare(text: str) -> str:
    """Letters and digits only, full-width ones (ＪＭ－２０２６) as the half-width."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text)).casefold()


def check(letter: Letter) -> list[Finding]:
    reference = []
    if letter.reference and _bare(letter.reference) not in _bare(letter.text):
        reference.append(
            Finding(
                "uncited_reference",
                N_("The letter never cites the notice's reference {reference}."),
                None,
                severity="warning",
                params={"reference": letter.reference},
            )
        )
    return reference + [
        Finding(
            "uncovered_item",
            N_("The letter never mentions {item}, which the notice names."),
            None,
            params={"item": item},
        )
        for item in letter.items
        if item not in letter.text
    ]
