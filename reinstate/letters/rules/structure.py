"""missing_root_cause / missing_actions / missing_prevention: the Plan of Action's three parts
(a statement has none of them)."""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter

PARTS = (
    (
        "missing_root_cause",
        N_("The letter does not say what caused the problem (root cause)."),
        re.compile(
            r"root cause|caused by|the cause|the reason|because|due to|resulted from|"
            r"why (this|it) happened|our (investigation|review) (found|showed)|we found that|"
            r"根本原因|原因|由于|导致",
            re.I,
        ),
    ),
    (
        "missing_actions",
        N_("The letter does not say what has already been done (actions taken)."),
        re.compile(
            r"actions? (we )?(have )?(already )?taken|we have (\w+ )?(removed|updated|replaced|"
            r"corrected|refunded|contacted|deleted|retrained|hired|changed|suspended|"
            r"stopped|audited|reviewed|implemented|added)|we (removed|updated|replaced|"
            r"corrected|refunded|contacted|deleted|retrained|changed|stopped|audited|"
            r"reviewed|implemented|added)|"
            r"(corrective|remedial|immediate) (actions?|steps|measures)|"
            r"steps (we have )?(already )?taken|actions? (completed|already)|"
            r"what we have (already )?done|"
            r"已采取|已经|已完成|已(删除|下架|更换|整改|退款|联系|培训)",
            re.I,
        ),
    ),
    (
        "missing_prevention",
        N_("The letter does not say how recurrence will be prevented."),
        re.compile(
            r"prevent|preventive|going forward|from now on|in the future|to ensure|"
            r"to avoid|will not recur|recurrence|safeguards?|controls? (now )?in place|"
            r"预防|今后|避免再次|杜绝",
            re.I,
        ),
    ),
)


QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|『[^』\n]*』')


def _own_sentences(letter: Letter) -> list[str]:
    """The letter's sentences without quoted words: a quote from the notice ("suspended
    because ...") is the platform speaking, not the seller explaining."""
    found = []
    for line in letter.lines:
        for sentence in re.split(r"(?<=[.!?。！？])\s*", QUOTED.sub(" ", line)):
            if sentence.strip():
                found.append(sentence.strip())
    return found


def check(letter: Letter) -> list[Finding]:
    """Only a Plan of Action has these parts (a statement's are checked by ``statement``).
    A part is there when some sentence of the seller's speaks of it. A sentence naming all
    three at once
    ("below we give the root cause, the actions taken and the prevention") only announces them,
    so it counts for none: a letter of announcements alone has no Plan of Action."""
    if letter.letter_type != "plan_of_action":
        return []
    present: set[str] = set()
    for sentence in _own_sentences(letter):
        found = {code for code, _, pattern in PARTS if pattern.search(sentence)}
        if len(found) < len(PARTS):
            present |= found
    return [Finding(code, message, None) for code, message, _ in PARTS if code not in present]
