"""wrong_platform: the letter names another platform and never its own: one written for Joom
("Dear Joom Seller Policy Team") and sent to Amazon, the copied letter reviewers reject first.
A letter that names its own platform may mention others ("we also sell on Shopee")."""

from __future__ import annotations

import re
from functools import cache

from ...errors import N_
from ...policies.schema import Pack
from ..model import Finding, Letter


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Each name as a word of its own: Joom in "Dear Joom team" and 尊敬的Joom团队, not in
    "Joomla" nor in a SKU (JOOM-12345): Chinese characters around a Latin name do not join it,
    a hyphen and letters or digits do."""
    return re.compile(
        "|".join(
            rf"(?<![A-Za-z0-9])(?<![A-Za-z0-9]-){re.escape(w)}(?![A-Za-z0-9]|-[A-Za-z0-9])"
            for w in words
        ),
        re.I,
    )


def _names(pack: Pack) -> tuple[str, ...]:
    return tuple(sorted({pack.names.en, pack.names.zh, *pack.brands}, key=len, reverse=True))


def _others() -> list[Pack]:
    from ...policies.loader import load_policies

    return list(load_policies().values())


def check(letter: Letter) -> list[Finding]:
    lines = list(letter.lines)
    for item in sorted(letter.items, key=len, reverse=True):  # SKU JOOM-12345 names no one
        lines = [line.replace(item, " ") for line in lines]
    text = "\n".join(lines)
    if _pattern(_names(letter.pack)).search(text):
        return []
    for other in _others():
        if other.platform == letter.pack.platform:
            continue
        found = _pattern(_names(other)).search(text)
        if found:
            return [
                Finding(
                    "wrong_platform",
                    N_(
                        "The letter names {other} but never {platform}: is it for another platform?"
                    ),
                    text.count("\n", 0, found.start()) + 1,
                    severity="warning",
                    params={"other": found.group(0), "platform": letter.pack.names.en},
                )
            ]
    return []
