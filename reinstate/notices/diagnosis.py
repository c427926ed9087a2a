"""What a notice means for the seller: causes, materials, deadline, review time, attempts, next
steps, and the platform's triage questions. All rules come from the platform pack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..errors import N_
from ..policies.schema import Material, Pack, Text, Triage, Violation
from .extract import Facts
from .scan import pack_rules

ADVICE: dict[str, list[str]] = {
    "phishing": [
        N_("Do not act on this notice."),
        N_("Do not click any link, open any attachment or reply."),
        N_("Sign in by typing the platform's official address yourself and check its messages."),
        N_("Report the email to the platform and delete it."),
    ],
    "suspicious": [
        N_("Do not act on this notice."),
        N_("Do not use this message's links or attachments."),
        N_(
            "Check whether the same notice appears in your seller centre, reached by typing its "
            "address yourself."
        ),
    ],
    "unverifiable": [
        N_("The sender cannot be checked: forward the original email (as .eml) to be sure."),
        N_("Confirm the notice in your seller centre before acting on it."),
    ],
    "genuine": [],
}

# an email file whose sender cannot be checked: it was saved or forwarded without the headers
# that carry the authentication results, so asking for "the email as .eml" again would not help
UNAUTHENTICATED_EMAIL = N_(
    "The sender cannot be checked: this email carries no authentication results. Save the "
    "original from your mailbox with all its headers (“Show original”) and check that file."
)

APPEAL_ADVICE = [
    N_("Collect the materials listed for each violation."),
    N_("Write the appeal: root cause, actions taken and prevention, for every violation."),
    N_("Submit before the deadline; every rejected attempt counts."),
]
# When the pack asks a triage question, its answer decides the letter (a plan of action or a
# statement), so the advice does not tell the seller to write a root cause yet.
TRIAGE_FIRST = N_(
    "First answer the question below: the answer decides the violations and whether the letter "
    "is a plan of action or a statement of facts."
)
# ... and once the question is answered on the notice's case
TRIAGE_ANSWERED = N_("Write the letter the answer below chose, covering every violation.")
KIND_ADVICE: dict[str, list[str]] = {
    "suspension": APPEAL_ADVICE,
    "warning": APPEAL_ADVICE,
    "metric_alert": APPEAL_ADVICE,
    "claim": [
        N_(
            "Answer the claim before its window closes, with the order, tracking and delivery "
            "records and your messages with the buyer."
        ),
    ],
    "verification_invitation": [
        N_("Book the video call only through the platform's own site, typed in yourself."),
        N_("Prepare the originals and the answers listed for the verification."),
    ],
    "informational": [N_("Nothing needs an answer; keep the notice for the record.")],
}


@dataclass
class Diagnosis:
    violations: list[tuple[str, Violation]] = field(default_factory=list)
    materials: list[tuple[str, Material]] = field(default_factory=list)
    deadline: date | None = None
    deadline_source: str | None = None
    days_left: int | None = None
    review_working_days: tuple[int, int] | None = None
    max_attempts: int | None = None
    after_max_attempts: Text | None = None
    min_resubmit_hours: int = 0
    advice: list[str] = field(default_factory=list)  # i18n message ids
    triage: list[Triage] = field(default_factory=list)


def _triage(pack: Pack, text: str, violations: list[str]) -> list[Triage]:
    """The questions the notice's wording asks, unless the notice names its reason and the
    question decides nothing of it (a deactivation for the order defect rate is not a matter of
    whether the listings are still for sale)."""
    named = {code for code in violations if code != "other"}
    rules = pack_rules(pack, "triage", lambda: ((t, t.applies_when) for t in pack.triage))
    return [
        t
        for t, when in rules
        if any(rule.search(text) for rule in when) and (not named or named & set(t.decides))
    ]


def diagnose(
    verdict: str, facts: Facts, pack: Pack | None, text: str, *, today: date, email: bool = False
) -> Diagnosis:
    """What the notice asks and what to do; ``email``: it was read from an email file."""
    result = Diagnosis(
        advice=list(ADVICE[verdict]), deadline=facts.deadline, deadline_source=facts.deadline_source
    )
    if verdict == "unverifiable" and email:
        result.advice[0] = UNAUTHENTICATED_EMAIL
    if facts.deadline:
        result.days_left = (facts.deadline - today).days
    if pack is None or verdict == "phishing":
        return result
    result.violations = [
        (code, pack.violations[code]) for code in facts.violations if code in pack.violations
    ]
    needed = dict.fromkeys(m for _, v in result.violations for m in v.materials)
    result.materials = [(m, pack.materials[m]) for m in needed]
    result.review_working_days = pack.appeal.review_working_days
    result.max_attempts = pack.appeal.attempt_limit(facts.kind)
    if result.max_attempts is not None:
        result.after_max_attempts = pack.appeal.after_max_attempts
    result.min_resubmit_hours = pack.appeal.min_resubmit_hours
    result.triage = _triage(pack, text, facts.violations)
    if verdict == "genuine" or verdict == "unverifiable":
        advice = KIND_ADVICE.get(facts.kind, [])
        if result.triage and advice is APPEAL_ADVICE:
            advice = [APPEAL_ADVICE[0], TRIAGE_FIRST, *APPEAL_ADVICE[2:]]
        result.advice += advice
    return result
