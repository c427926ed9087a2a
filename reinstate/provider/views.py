"""Read models of the provider's work: a quote (amounts as strings with two decimals, the currency
stated once).

Example::

    QuoteView.of(make_quote(prices, request), gettext, "en").document()
    # {"currency": "CNY", "lines": [{"item": "Base fee: Amazon, ...", "amount": "2800.00"}],
    #  "total": "2800.00"}
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import N_
from ..i18n import Gettext
from ..labels import DECISION_LABELS
from ..views import Second, View
from .pricing import Line, Quote

if TYPE_CHECKING:
    from ..storage.tables import Engagement
    from .approvals import Approval


class QuoteLine(View):
    item: str
    amount: str


class QuoteView(View):
    currency: str
    lines: list[QuoteLine]
    total: str

    @classmethod
    def of(cls, quote: Quote, gettext: Gettext, language: str) -> QuoteView:
        return cls(
            currency=quote.currency,
            lines=[
                QuoteLine(item=line.item(gettext, language), amount=f"{line.amount:.2f}")
                for line in quote.lines
            ],
            total=f"{quote.total:.2f}",
        )


class QuotePreview(QuoteView):
    """A case's quote shown before it is accepted, with the digest that accepts exactly it."""

    case_id: int
    digest: str

    @classmethod
    def shown(
        cls, case_id: int, quote: Quote, digest: str, gettext: Gettext, language: str
    ) -> QuotePreview:
        priced = QuoteView.of(quote, gettext, language)
        return cls(case_id=case_id, digest=digest, **dict(priced))


# The SLA state of an engagement, derived from its clock at the moment it is read.
SLA_LABELS = {
    "on_track": N_("on track"),
    "due_soon": N_("due within 24 hours"),
    "overdue": N_("overdue"),
    "delivered": N_("delivered on time"),
    "delivered_late": N_("delivered late"),
}
DUE_SOON = timedelta(hours=24)


def sla_state(engagement: Engagement, now: datetime) -> str:
    if engagement.delivered_at is not None:
        return "delivered" if engagement.delivered_at <= engagement.due_at else "delivered_late"
    if now > engagement.due_at:
        return "overdue"
    return "due_soon" if engagement.due_at - now <= DUE_SOON else "on_track"


def _stored_line(line: dict[str, Any], gettext: Gettext, language: str) -> QuoteLine:
    stored = Line(
        str(line["message"]),
        tuple((str(k), str(v)) for k, v in dict(line.get("params") or {}).items()),
        Decimal(str(line["amount"])),
        line.get("platform"),
    )
    return QuoteLine(item=stored.item(gettext, language), amount=f"{stored.amount:.2f}")


class EngagementView(View):
    case_id: int
    store_name: str
    currency: str
    lines: list[QuoteLine]
    total: str
    rush: bool
    working_days: int
    accepted_at: Second
    due_at: Second
    delivered_at: Second | None
    sla: str
    sla_label: str
    agent: str | None  # the case's assignee; never shown to a client
    # the case's deadline on the platform, and whether the deliverables (not yet delivered)
    # fall due after it: the letter would come too late for the appeal window (seed 001)
    case_deadline_at: Second | None = None
    after_deadline: bool = False

    @classmethod
    def of(
        cls,
        engagement: Engagement,
        store_name: str,
        agent: str | None,
        now: datetime,
        gettext: Gettext,
        language: str,
        deadline: datetime | None = None,
    ) -> EngagementView:
        state = sla_state(engagement, now)
        pending = engagement.delivered_at is None
        late = pending and deadline is not None and engagement.due_at > deadline
        return cls(
            case_id=engagement.case_id,
            store_name=store_name,
            currency=engagement.currency,
            lines=[_stored_line(line, gettext, language) for line in engagement.lines],
            total=engagement.total,
            rush=engagement.rush,
            working_days=engagement.working_days,
            accepted_at=engagement.accepted_at,
            due_at=engagement.due_at,
            delivered_at=engagement.delivered_at,
            sla=state,
            sla_label=gettext(SLA_LABELS[state]),
            agent=agent,
            case_deadline_at=deadline,
            after_deadline=late,
        )


class SlaList(View):
    """Every engagement the reader sees, undelivered first and soonest due first."""

    engagements: list[EngagementView]


class PriceListView(View):
    currency: str
    platforms: list[str]
    text: str
    saved_at: Second | None  # None: the example list, not saved yet


class ApprovalView(View):
    case_id: int
    version: int
    decision: str
    decision_label: str
    comment: str
    by: str | None
    at: Second | None

    @classmethod
    def of(cls, approval: Approval, gettext: Gettext) -> ApprovalView:
        return cls(
            case_id=approval.case_id,
            version=approval.version,
            decision=approval.decision,
            decision_label=gettext(DECISION_LABELS[approval.decision]),
            comment=approval.comment,
            by=approval.by,
            at=approval.at,
        )


class Refused(View):
    category: str
    reason: str


class MissingFact(View):
    fact: str
    label: str


class IntakeView(View):
    """An intake request as its sender and the team see it (the verdict in their language)."""

    id: int
    state: str
    eligible: bool
    refusals: list[Refused]
    missing: list[MissingFact]
    platform: str
    store: str
    violation: str
    screenshot_name: str
    screenshot_problems: int
    case_id: int | None
    created_at: Second

    @classmethod
    def of(cls, sent: Any, gettext: Gettext, language: str) -> IntakeView:
        from .intake import FACT_LABELS, reason_of

        verdict, asked = sent.verdict, sent.request
        reasons = {code: reason_of(code) for code in verdict.get("refusals", [])}
        return cls(
            id=sent.id,
            state=sent.state,
            eligible=bool(verdict.get("eligible")),
            refusals=[
                Refused(category=code, reason=reason.get(language))
                for code, reason in reasons.items()
                if reason is not None
            ],
            missing=[
                MissingFact(fact=f, label=gettext(FACT_LABELS[f]))
                for f in verdict.get("missing", [])
                if f in FACT_LABELS
            ],
            platform=str(asked.get("platform", "")),
            store=str(asked.get("store", "")),
            violation=str(asked.get("violation", "")),
            screenshot_name=sent.screenshot_name,
            screenshot_problems=len(sent.screenshot_problems or []),
            case_id=sent.case_id,
            created_at=sent.created_at,
        )


class IntakeList(View):
    requests: list[IntakeView]


class IntakeLinkView(View):
    path: str  # /intake/<secret>: shown once, share it with the full address of the server
