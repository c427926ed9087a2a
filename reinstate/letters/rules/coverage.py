"""uncovered_violation: every violation of the notice or case answered (the pack's patterns or
the violation's name)."""

from __future__ import annotations

import re

from ...errors import N_
from ...labels import VIOLATION_LABELS
from ..model import Finding, Letter


def covered(letter: Letter, code: str) -> bool:
    violation = letter.pack.violation(code)
    if violation is None:
        return code.replace("_", " ") in letter.text.lower()
    names = [violation.name.en, violation.name.zh]
    patterns = violation.patterns.en + violation.patterns.zh
    return any(name.lower() in letter.text.lower() for name in names) or any(
        re.search(pattern, letter.text, re.I) for pattern in patterns
    )


def check(letter: Letter) -> list[Finding]:
    return [
        Finding(
            "uncovered_violation",
            N_("The letter does not answer the violation “{violation}”."),
            None,
            # the violation in words, which the reader's language translates
            params={"violation": VIOLATION_LABELS.get(code, code)},
        )
        for code in letter.violations
        if not covered(letter, code)
    ]
