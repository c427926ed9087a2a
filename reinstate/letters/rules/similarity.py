"""template_similarity: near-identical to a letter of another account (platforms detect it).

Two sources: letters given to compare (``others``, read whole), and matches the organisation's
similarity index found before linting (``similar``)."""

from __future__ import annotations

from ...errors import N_
from ..index import THRESHOLD, jaccard, shingles
from ..model import Finding, Letter


def _finding(share: float, account: str) -> Finding:
    return Finding(
        "template_similarity",
        N_("{share}% the same as the letter of {account}: write this one afresh."),
        None,
        params={"share": round(share * 100), "account": account},
    )


def check(letter: Letter) -> list[Finding]:
    mine = shingles(letter.text)
    found = [
        (share, account)
        for account, text in letter.others.items()
        if (share := jaccard(mine, shingles(text))) >= THRESHOLD
    ]
    found += [(match.share, match.label) for match in letter.similar]
    return [_finding(share, account) for share, account in sorted(found, reverse=True)]
