"""vague_promise: "it will never happen again" without the mechanism that makes it true."""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter

PROMISE = re.compile(
    r"(will|would) never happen again|won't happen again|never again|"
    r"we promise|we guarantee|i promise|100% sure|保证不再|绝不再|再也不会|"
    # a template's promise to obey: "we will strictly follow all Amazon policies"
    r"\bwe will (strictly |fully |carefully |always )?(follow|comply with|abide by|obey|adhere to)"
    r"\b[^.!?]{0,40}\b(polic(y|ies)|rules|guidelines|terms)\b|"
    r"(严格|认真)?(遵守|遵循)[^。！？]{0,10}(平台)?(规则|政策|规定)",
    re.I,
)
MECHANISM = re.compile(
    r"daily|weekly|monthly|every|each|checklist|audit|review|software|"
    r"system|sop|procedure|training|responsible|owner|manager|\d|每天|每周|"
    r"每月|制度|流程|系统|负责人|培训|审核",
    re.I,
)


def check(letter: Letter) -> list[Finding]:
    return [
        Finding(
            "vague_promise",
            N_("A promise without a mechanism: say what, who and how often."),
            number,
        )
        for number, sentence in letter.sentences()
        if PROMISE.search(sentence) and not MECHANISM.search(sentence)
    ]
