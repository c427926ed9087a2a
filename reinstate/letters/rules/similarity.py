"""template_similarity: near-identical to a letter of another account (platforms detect it)."""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter

THRESHOLD = 0.7


def shingles(text: str, size: int = 5) -> set[str]:
    words = re.findall(r"[\w\u4e00-\u9fff]+", text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def check(letter: Letter) -> list[Finding]:
    mine = shingles(letter.text)
    found = []
    for account, text in letter.others.items():
        score = jaccard(mine, shingles(text))
        if score >= THRESHOLD:
            found.append(
                Finding(
                    "template_similarity",
                    N_("{share}% the same as the letter of {account}: write this one afresh."),
                    None,
                    params={"share": round(score * 100), "account": account},
                )
            )
    return found
