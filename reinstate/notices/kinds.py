"""What kind of notice this is, read from the pack's patterns, and what it therefore offers.

Kinds are tried from the most specific to the most general; a notice none of them describes is
``informational``. A notice judged phishing or suspicious offers nothing, whatever it claims.

>>> from reinstate.policies.loader import load_policies
>>> amazon = load_policies()["amazon"]
>>> notice_kind("Your Amazon selling account has been deactivated.", amazon)
'suspension'
>>> offer("claim", "genuine"), offer("suspension", "phishing")
('claim_response', 'none')
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import N_
from ..policies.schema import Pack, Patterns
from .scan import pack_rules

KINDS = ("verification_invitation", "suspension", "claim", "metric_alert", "warning")
INFORMATIONAL = "informational"
OFFERS = {
    "suspension": "appeal_case",
    "warning": "appeal_case",
    "metric_alert": "appeal_case",
    "claim": "claim_response",
    "verification_invitation": "verification",
    INFORMATIONAL: "none",
}
KIND_LABELS = {
    "suspension": N_("Suspension"),
    "warning": N_("Warning"),
    "verification_invitation": N_("Verification invitation"),
    "claim": N_("Claim"),
    "metric_alert": N_("Metric alert"),
    "informational": N_("Information"),
}
OFFER_LABELS = {
    "appeal_case": N_("Open a case from this notice"),
    "claim_response": N_("Open a claim response from this notice"),
    "verification": N_("Open a video verification from this invitation"),
    "none": N_("Nothing to act on"),
}
# Only what the platform itself sent may be acted on.
ACTIONABLE_VERDICTS = ("genuine", "unverifiable")


def notice_kind(text: str, pack: Pack | None) -> str:
    if pack is None:
        return INFORMATIONAL
    for kind, rules in pack_rules(pack, "kinds", lambda: _described(pack), joined=True):
        if any(rule.search(text) for rule in rules):
            return kind
    return INFORMATIONAL


def _described(pack: Pack) -> Iterator[tuple[str, Patterns]]:
    """The kinds the pack describes, most specific first, with their patterns."""
    for kind in KINDS:
        described = pack.notice_kinds.get(kind)  # type: ignore[call-overload]
        if described is not None:
            yield kind, described.patterns


def offers(report: dict[str, Any]) -> str:
    """What a stored notice's report offers; one stored before kinds existed offers a case."""
    if "offers" in report:
        return str(report["offers"])
    return offer("suspension", str(report.get("verdict")))


def offer(kind: str, verdict: str) -> str:
    """``appeal_case``, ``claim_response``, ``verification`` or ``none``."""
    return OFFERS.get(kind, "none") if verdict in ACTIONABLE_VERDICTS else "none"
