"""overpromise: a result nobody can promise (100% satisfaction, zero complaints, never a single
late order): a reviewer reads it as a form letter's flourish, and the next defect proves it
false. What the seller checks, and how often, is what can be promised.

>>> from reinstate.policies.loader import load_policies
>>> letter = Letter("We ensure zero cancellations from now on.", load_policies()["temu"])
>>> [f.params["words"] for f in check(letter)]
['zero']
"""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter

# a sentence about what will be (a fact about the past, "we checked 100% of listings", is not)
PROMISSORY = re.compile(
    r"\b(will|shall|guarantee\w*|promis\w*|ensur\w*|commit\w*|pledge\w*)\b|"
    r"\bfrom now on\b|\bgoing forward\b|保证|承诺|确保|今后|以后|将会|一定",
    re.I,
)
ABSOLUTE = re.compile(
    r"\b100 ?%|\bone hundred per ?cent\b|\bzero\b(?![- ]tolerance)|\bforever\b|"
    r"\bnot (a|one) single\b|"
    r"\bnever\b[^.!?]{0,30}\b(a single|any (more )?(complaints?|claims?|defects?|errors?|"
    r"mistakes?|problems?|issues?|delays?|late \w+|negative \w+))\b|"
    r"\bnever (again )?(receive|get|see)\b|"
    r"百分之百|100%|零(投诉|差评|失误|延迟|延误|错误|退货|纠纷|违规|缺陷)|永远|永不|"
    r"(不会|不再|绝不)(有|出现|发生)?任何(一笔|一个|一条|一次)?(投诉|差评|问题|违规|纠纷|延误)",
    re.I,
)


# a result a system enforces ("the ERP blocks an order without tracking: 100% have it") can be
# promised; one that people's effort is to reach cannot
ENFORCED = re.compile(
    r"\b(system|software|ERP|automatic(ally)?|blocks?|blocked|cannot|can't|impossible)\b|"
    r"系统|自动|无法",
    re.I,
)


def overpromises(sentence: str) -> str | None:
    """The absolute words of a sentence that promises them, or None."""
    found = ABSOLUTE.search(sentence)
    if not found or not PROMISSORY.search(sentence) or ENFORCED.search(sentence):
        return None
    return found.group(0)


def check(letter: Letter) -> list[Finding]:
    found = []
    for number, sentence in letter.sentences():
        words = overpromises(sentence)
        if words:
            found.append(
                Finding(
                    "overpromise",
                    N_(
                        "A result no seller can promise (“{words}”): say what you check and "
                        "how often instead."
                    ),
                    number,
                    params={"words": words},
                )
            )
    return found
