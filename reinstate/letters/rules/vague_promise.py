"""vague_promise: "it will never happen again" or "we will do better" without the mechanism
that makes it true (a promise of a result nobody can keep is ``overpromise``'s)."""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter
from .overpromise import overpromises

PROMISE = re.compile(
    r"(will|would) never happen again|won't happen again|never again|"
    r"we promise|we guarantee|i promise|100% sure|保证不再|绝不再|再也不会|"
    # a resolution with nothing behind it: "we will do better", "we have learned our lesson"
    # (improving a named thing, "improve the packaging with foam inserts", is an action)
    r"\b(we|i)( will| shall|'ll|’ll| are going to| promise to) (do better|work harder|try harder|"
    r"try our best|do our best|be more careful|pay more attention|improve(?=\s*[.,;!]|\s*$| "
    r"(our|the) (service|services|performance|management|work)\b| in (all|every) \w+))|"
    r"\blearn(ed|t) (our|my|a|the) lesson|"
    r"(?<![已把])(会|将|一定)(更加|更)?(注意(?!事项)|努力|用心|小心|改进(?=[，。！；、]|$|(我们的)?(服务|工作|管理)))|"
    r"吸取(了)?教训|下次注意|"
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
        if is_empty_promise(sentence) and not overpromises(sentence)
    ]


def is_empty_promise(sentence: str) -> bool:
    """A promise without a mechanism, which is no preventive measure."""
    return bool(PROMISE.search(sentence)) and not MECHANISM.search(sentence)
