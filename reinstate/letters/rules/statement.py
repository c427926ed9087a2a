"""missing_position / missing_document / admission: what a statement needs (seed 002).

A statement answers a suspicion where no rule was broken: it says so, cites the identity and
business documents that prove who runs the store, and admits nothing. A Plan of Action is
checked by ``structure`` instead.
"""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter
from .structure import _own_sentences

POSITION = re.compile(
    r"\b(no|not any|none of (our|the))\b[^.;!?]{0,40}\b(polic(y|ies)|rules?|terms|"
    r"guidelines?)\b[^.;!?]{0,40}\b(broken|violated|breached|infringed)\b|"
    r"\b(did|do|does|have|has|had|was|were)( not|n't)( \w+)? (violate|violated|break|broken|"
    r"breach|breached)\b|"
    r"\bno (policy |rule )?(violation|breach)|"
    r"\b(in (full )?compliance with|complied with|compliant with)\b|"
    # the conduct denied by name: "we have never engaged in review manipulation", "our account
    # is not related to any other", "no relationship between our account and …"
    r"\b(we|i|our (store|shop|company|team|account))( have| has| had| did| do| does)?"
    r"( not| never|n't)( ever)? (engag|involv|participat|operat|us|manipulat|sold|sell|plac|"
    r"creat|control|shar|own|open|bought|buy|paid|pay|offer)\w*|"
    r"\b(is|are|was|were|has|have) (not|never) (been )?(related|linked|connected|associated) "
    r"(to|with)\b|\bno (relationship|connection|association|link) (between|with|to)\b|"
    r"(没有|未|并未|从未|不存在)[^，。；]{0,8}(违反|违规)|"
    # "我店不存在刷单行为", "从未有过虚假交易行为": the conduct named, denied
    r"(不存在|并不存在|并无|从未有过|没有任何)[^，。；]{0,10}行为",
    re.I,
)
ADMISSION = re.compile(
    r"\bwe (admit|confess)\b|"
    r"\bwe (acknowledge|accept|recognise|recognize) (that )?(we|our (store|team|company|shop))"
    r" (violated|broke|breached|made|were wrong)|"
    r"\bwe accept (full )?(responsibility|the (violations?|problems?|issues?))|"
    r"\btake (full |complete )?responsibility for\b|"
    r"\bour (own )?(mistake|fault|negligence|wrongdoing)\b|"
    r"\bwe (apologi[sz]e|are sorry|regret) (for|that) (violating|breaking|breaching|our|the "
    r"violation)|"
    r"(我们|本店|我司)(承认|认识到自己)|是(我们|本店)的(错误|过失|责任)|承担(全部)?责任",
    re.I,
)
ANY_DOCUMENT = re.compile(
    r"business licen[cs]e|\b(ID|identity) (card|document)|passport|bank (account|statement)|"
    r"account holder|utility bill|营业执照|身份证|护照|银行|收款账户",
    re.I,
)


def _documents(letter: Letter) -> list[Finding]:
    """Each mandatory document of the letter's violations the pack says how to name, named;
    without such documents, at least one identity or business document."""
    language = letter.pack.appeal.language
    wanted = dict.fromkeys(
        m
        for code in letter.violations
        if (violation := letter.pack.violation(code)) is not None
        for m in violation.materials
    )
    named = [
        material
        for m in wanted
        if (material := letter.pack.materials.get(m)) is not None
        and material.mandatory
        and material.patterns.en + material.patterns.zh
    ]
    if not named:
        if ANY_DOCUMENT.search(letter.text):
            return []
        return [
            Finding(
                "missing_document",
                N_(
                    "The statement cites no identity or business document (business licence, "
                    "ID card, bank account)."
                ),
                None,
            )
        ]
    return [
        Finding(
            "missing_document",
            N_("The statement does not cite the {document}."),
            None,
            params={"document": material.name.get(language)},
        )
        for material in named
        if not any(
            re.search(p, letter.text, re.I) for p in material.patterns.en + material.patterns.zh
        )
    ]


def check(letter: Letter) -> list[Finding]:
    if letter.letter_type != "statement":
        return []
    sentences = _own_sentences(letter)
    found = []
    if not any(POSITION.search(s) for s in sentences):
        found.append(
            Finding(
                "missing_position",
                N_("The statement does not say that no policy was broken."),
                None,
            )
        )
    found += _documents(letter)
    for number, line in enumerate(letter.lines, 1):
        if ADMISSION.search(line):
            found.append(
                Finding(
                    "admission",
                    N_("A statement admits nothing: this line reads as an admission."),
                    number,
                )
            )
    return found
