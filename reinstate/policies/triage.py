"""What a triage answer makes of a case (seed 002), and the letter type that answers it.

Pure: the pack and the case's violations in, the violations and letter type out.

>>> from reinstate.policies.loader import load_policies
>>> amazon = load_policies()["amazon"]
>>> answered(amazon, ["inaccurate_information"], "listings_for_sale", "yes")
(['buyer_account_association'], 'statement')
>>> answered(amazon, ["inaccurate_information", "late_shipment"], "listings_for_sale", "no")
(['inaccurate_information', 'late_shipment'], 'plan_of_action')
>>> answered(amazon, ["inaccurate_information"], "listings_for_sale", "unknown")
(['inaccurate_information'], None)
"""

from __future__ import annotations

import re

from ..errors import N_, InvalidInput
from ..validation import clean_choice
from .schema import LETTER_TYPES, Pack, Triage

ANSWERS = ("yes", "no", "unknown")
# an answer as a seller types it, in English or Chinese, in any case
_SAID = {
    "y": "yes", "true": "yes", "是": "yes", "是的": "yes", "对": "yes", "有": "yes",
    "n": "no", "false": "no", "否": "no", "不是": "no", "不": "no", "没有": "no",
    "?": "unknown", "不确定": "unknown", "不知道": "unknown", "未知": "unknown",
}  # fmt: skip


def answer_value(value: str) -> str:
    """The answer ``value`` names ("Yes", "是", "不确定"), else ``value`` for the refusal.

    >>> [answer_value(v) for v in ("Yes", " NO ", "是", "不确定", "maybe")]
    ['yes', 'no', 'yes', 'unknown', 'maybe']
    """
    said = value.strip().casefold() if isinstance(value, str) else value
    return said if said in ANSWERS else _SAID.get(said, value)


def question(pack: Pack, question_id: str | None) -> Triage:
    """The pack's triage question ``question_id`` (its only one when None), or one sentence."""
    if not pack.triage:
        raise InvalidInput(
            N_("{platform} asks no triage question."), field="question", platform=pack.names.en
        )
    found = pack.triage[0] if question_id is None else pack.triage_question(question_id)
    if found is None:
        raise InvalidInput(
            N_("{field} “{value}” is not known: choose one of {choices}."),
            field="question",
            value=question_id,
            choices=", ".join(t.id for t in pack.triage),
        )
    return found


def answered(
    pack: Pack, violations: list[str], question_id: str, value: str
) -> tuple[list[str], str | None]:
    """The case's violations and letter type after ``value`` (yes, no or unknown). An answer
    puts its own violations in place of those the question decides between (the deactivation
    boilerplate "may have provided inaccurate information" is then not a second violation);
    ``unknown`` changes no violation and leaves the letter type to the violations."""
    triage = question(pack, question_id)
    clean_choice(value, "answer", ANSWERS)
    answer = triage.answer(value)
    if answer is None:
        return list(violations), None
    result: list[str] = []
    # "other" only stood for a notice whose violation was not read: the answer names it now
    named = [code for code in violations if code != "other"] if answer.violations else violations
    for code in named:  # the answer's codes take the place of the first decided one
        result += list(answer.violations) if code in triage.decides else [code]
    result += list(answer.violations)  # none of them was there: they come last
    return list(dict.fromkeys(result)), answer.letter_type


def default_letter_type(pack: Pack, violations: list[str]) -> str:
    """A statement when every violation is one no rule was broken for, else a Plan of Action."""
    kinds = {v.letter for code in violations if (v := pack.violation(code)) is not None}
    return "statement" if kinds == {"statement"} else "plan_of_action"


def for_letter_type(pack: Pack, violations: list[str], text: str, letter_type: str) -> list[str]:
    """The notice's violations as a letter of ``letter_type`` answers them: choosing a statement
    for a notice the triage applies to is answering its question with the statement's answer."""
    if letter_type not in LETTER_TYPES:
        raise InvalidInput(
            N_("{field} “{value}” is not known: choose one of {choices}."),
            field="type",
            value=letter_type,
            choices=", ".join(LETTER_TYPES),
        )
    for triage in pack.triage:
        patterns = triage.applies_when.en + triage.applies_when.zh
        if not any(re.search(p, text, re.I) for p in patterns):
            continue
        if not set(violations) & set(triage.decides):
            continue
        for answer in triage.answers:
            if answer.letter_type == letter_type:
                return answered(pack, violations, triage.id, answer.value)[0]
    return list(violations)
