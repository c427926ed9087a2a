"""/api/v1 for a provider's work (issue 19): the price list, a case's accepted quote (the
engagement) and its SLA clock, the SLA list, and a client's approval of a letter version."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import Request
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ...cases import views as cases_views
from ...cases.views import CaseSummary
from ...errors import N_, InvalidInput
from ...provider import approvals, intake_service, service
from ...provider.sla import DEFAULT_WORKING_DAYS
from ...provider.views import (
    ApprovalView,
    EngagementView,
    IntakeLinkView,
    IntakeList,
    IntakeView,
    PriceListView,
    QuotePreview,
    SlaList,
)
from ..context import gettext, language, workbench
from ..routing import Router
from .api import ActorDep

router = Router(prefix="/api/v1", tags=["v1"])


class PriceListIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The price list in TOML (see the example list).")


@router.get("/price-list", response_model=PriceListView)
def price_list(request: Request, actor: ActorDep) -> PriceListView:
    """The organisation's price list, or the example one until an owner saves its own."""
    return service.price_list_view(service.price_list(workbench(request), actor))


@router.put("/price-list", response_model=PriceListView)
def save_price_list(request: Request, actor: ActorDep, body: PriceListIn) -> PriceListView:
    """Replace the organisation's price list (owners; refused whole when a line is wrong)."""
    return service.price_list_view(service.save_price_list(workbench(request), actor, body.text))


class QuoteIn(BaseModel):
    """The choices a case's quote is priced from (the platform is the case's)."""

    model_config = ConfigDict(extra="forbid")
    # any value is the service's to refuse, naming the kinds there are ("kind" alone is an
    # organisation's type in the field labels)
    kind: Annotated[str, BeforeValidator(str)] = "metric"
    metrics: int = Field(1, ge=1, le=service.MAX_METRICS)
    rush: bool = False
    languages: list[str] = Field([], max_length=10)
    tier: str | None = None
    reconstruction: bool = False
    history_repair: bool = False
    advisory: bool = False
    declaration: bool = False
    working_days: int = DEFAULT_WORKING_DAYS

    def options(self) -> service.QuoteOptions:
        values = self.model_dump(exclude={"digest"})
        values["languages"] = tuple(code.strip().lower() for code in self.languages)
        return service.QuoteOptions(**values)


class EngagementIn(QuoteIn):
    digest: str | None = Field(
        None,
        max_length=128,
        description="The digest of the quote shown by POST /api/v1/cases/{case_id}/engagement"
        "/quote. Given, the quote is accepted only if its choices and prices are still those "
        "shown (409 otherwise). Left out, the quote is accepted as priced now, as before the "
        "quote could be shown (kept for existing clients).",
    )


@router.post("/cases/{case_id}/engagement/quote", response_model=QuotePreview)
def show_quote(request: Request, actor: ActorDep, case_id: int, body: QuoteIn) -> QuotePreview:
    """Price the case's quote from the organisation's price list exactly as accepting it would:
    each line, its amount, the total, the currency and the digest that accepts exactly this
    quote. Nothing is stored (the team)."""
    options = body.options()
    quote, digest = service.preview_quote(workbench(request), actor, case_id, options)
    return QuotePreview.shown(case_id, quote, digest, gettext(request), language(request))


@router.post("/cases/{case_id}/engagement", status_code=201, response_model=EngagementView)
def accept_quote(
    request: Request, actor: ActorDep, case_id: int, body: EngagementIn
) -> EngagementView:
    """Accept the case's quote from the price list: the engagement, due on the SLA clock. With
    ``digest`` (from the quote shown), a quote whose choices or prices differ from it is
    refused with 409; without it the quote is accepted as priced now, for existing clients."""
    wb = workbench(request)
    service.accept_quote(wb, actor, case_id, body.options(), body.digest)
    return service.engagement_view(wb, actor, case_id, gettext(request), language(request))


@router.get("/cases/{case_id}/engagement", response_model=EngagementView)
def engagement(request: Request, actor: ActorDep, case_id: int) -> EngagementView:
    """The case's accepted quote and its SLA (a client sees its own cases', without the agent)."""
    wb = workbench(request)
    return service.engagement_view(wb, actor, case_id, gettext(request), language(request))


@router.post("/cases/{case_id}/engagement/delivered", response_model=EngagementView)
def delivered(request: Request, actor: ActorDep, case_id: int) -> EngagementView:
    """Mark the engagement's deliverables delivered, on time or late."""
    wb = workbench(request)
    service.deliver(wb, actor, case_id)
    return service.engagement_view(wb, actor, case_id, gettext(request), language(request))


@router.get("/engagements", response_model=SlaList)
def engagements(request: Request, actor: ActorDep) -> SlaList:
    """Every engagement by due time and agent: the SLA view."""
    return service.sla_list(workbench(request), actor, gettext(request), language(request))


class ApprovalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: str = Field(description="approved or changes_requested")
    comment: str = ""


@router.get("/cases/{case_id}/letters/{version}/approval", response_model=ApprovalView)
def letter_approval(request: Request, actor: ActorDep, case_id: int, version: int) -> ApprovalView:
    """The latest decision on a letter version (pending when nobody decided yet)."""
    decided = approvals.approval(workbench(request), actor, case_id, version)
    return ApprovalView.of(decided, gettext(request))


@router.post(
    "/cases/{case_id}/letters/{version}/approval", status_code=201, response_model=ApprovalView
)
def approve_letter(
    request: Request, actor: ActorDep, case_id: int, version: int, body: ApprovalIn
) -> ApprovalView:
    """Approve a letter version or ask for changes (a comment says which), recorded as an event
    of the case; marking the case submitted with an unapproved newest version warns."""
    wb = workbench(request)
    decided = approvals.decide(wb, actor, case_id, version, body.decision, body.comment)
    return ApprovalView.of(decided, gettext(request))


@router.post("/intake/links", status_code=201, response_model=IntakeLinkView)
def new_intake_link(request: Request, actor: ActorDep) -> IntakeLinkView:
    """A private intake link (owners): whoever holds it may send a request without signing in.
    Its secret is shown this once."""
    return IntakeLinkView(path=f"/intake/{intake_service.new_link(workbench(request), actor)}")


class IntakeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    request: dict[str, Any] = Field(
        description="platform, store, category, description, violation, happened_on, "
        "order_ids (3-5), earlier_attempts, wanted_by, cosmetics_registered"
    )
    screenshot_filename: str = ""
    screenshot_base64: str = ""


@router.post("/intake", status_code=201, response_model=IntakeView)
def send_intake(request: Request, actor: ActorDep, body: IntakeIn) -> IntakeView:
    """Send an intake request (a client member asking for a new case, or the team for one)."""
    try:
        data = base64.b64decode(body.screenshot_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(N_("The file is not valid base64."), field="file") from None
    screenshot = (body.screenshot_filename, data) if data else None
    sent = intake_service.submit(workbench(request), actor, body.request, screenshot)
    return IntakeView.of(sent, gettext(request), language(request))


@router.get("/intake", response_model=IntakeList)
def intake_requests(request: Request, actor: ActorDep) -> IntakeList:
    """The intake requests the reader sees: the team all of them, a client its own."""
    found = intake_service.requests_of(workbench(request), actor)
    return IntakeList(
        requests=[IntakeView.of(r, gettext(request), language(request)) for r in found]
    )


@router.post("/intake/{request_id}/accept", status_code=201, response_model=CaseSummary)
def accept_intake(request: Request, actor: ActorDep, request_id: int) -> CaseSummary:
    """Take an eligible request on: a seller account and a case (given to the client who sent
    it)."""
    wb = workbench(request)
    return cases_views.summarised(wb, intake_service.accept(wb, actor, request_id))
