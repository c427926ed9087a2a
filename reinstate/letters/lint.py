"""Lint an appeal letter the way a platform reviewer reads it.

The score starts at 100 and loses weight per problem: missing structure and unanswered
violations cost most, then evidence, identity numbers and language, then tone.

>>> from reinstate.policies.loader import load_policies
>>> result = lint(Letter("We are so sorry!!! It will never happen again.",
...                      load_policies()["joom"], ["counterfeit"]))
>>> result.score, [f.code for f in result.findings][:3]
(0, ['missing_root_cause', 'missing_actions', 'missing_prevention'])
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Finding, Letter
from .rules import RULES
from .rules.coverage import covered

WEIGHTS = {
    "missing_root_cause": 20,
    "missing_actions": 20,
    "missing_prevention": 20,
    "missing_position": 30,
    "missing_document": 10,
    "admission": 15,
    "uncovered_violation": 15,
    "template_similarity": 25,
    "placeholder": 15,
    "repeated_text": 15,
    "pii": 20,
    "no_evidence": 15,
    "wrong_language": 15,
    "wrong_platform": 15,
    "dangling_exhibit": 10,
    "blame": 10,
    "too_long": 10,
    "vague_promise": 8,
    "overpromise": 8,
    "uncovered_item": 5,
    "uncited_reference": 5,
    "emotive_language": 4,
}
CAPS = {
    "placeholder": 30,
    "repeated_text": 30,
    "missing_document": 30,
    "admission": 30,
    "uncovered_item": 20,
    "emotive_language": 12,
    "blame": 20,
    "dangling_exhibit": 20,
    "overpromise": 16,
    "vague_promise": 24,
}


@dataclass
class LintResult:
    score: int
    findings: list[Finding]
    covered: list[str]
    uncovered: list[str]


def score(findings: list[Finding]) -> int:
    spent: dict[str, int] = {}
    for finding in findings:
        weight = finding.weight or WEIGHTS.get(finding.code, 5)
        spent[finding.code] = min(
            spent.get(finding.code, 0) + weight, CAPS.get(finding.code, 10_000)
        )
    return max(0, 100 - sum(spent.values()))


def lint(letter: Letter) -> LintResult:
    findings = [finding for rule in RULES for finding in rule(letter)]
    answered = [code for code in letter.violations if covered(letter, code)]
    return LintResult(
        score(findings),
        findings,
        answered,
        [code for code in letter.violations if code not in answered],
    )
