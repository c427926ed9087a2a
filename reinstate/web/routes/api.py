"""The JSON API under ``/api/v1``: bearer tokens, the error envelope, OpenAPI at /openapi.json."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from fastapi import Depends, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine

from ... import __version__
from ...accounts import service
from ...accounts.views import AccountList, AccountSummary, EventList
from ...auth.actor import Actor
from ...auth.service import actor_for
from ...auth.views import Me
from ...cases import service as cases_service
from ...cases import triage as cases_triage
from ...cases import views as cases_views
from ...cases.views import CaseList, CaseOutcome, CaseSummary
from ...errors import N_, ConfigurationError, InvalidInput
from ...events import visible_events
from ...evidence import service as evidence_service
from ...evidence import views as evidence_views
from ...evidence.views import Checklist, DocumentView, PackList
from ...notices import service as notices_service
from ...notices.views import NoticeList, NoticeView, notice_list, notice_view
from ...penalties import ledger
from ...penalties.views import (
    PenaltyLedger,
    PenaltyView,
    StandingView,
    penalty_ledger,
    standing_view,
)
from ...policies.views import PlatformList, PlatformRules, platform_list, platform_rules
from ...storage.migrate import is_current
from ..context import api_user, bearer_scheme, gettext, language, workbench
from ..routing import Router

router = Router(prefix="/api/v1", tags=["v1"])
MAX_DUE_HOURS = 100 * 366 * 24  # a century: further than any deadline, nearer than year 9999


def api_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Actor:
    return actor_for(api_user(request, credentials), "api")


ActorDep = Annotated[Actor, Depends(api_actor)]


class Health(BaseModel):
    ok: bool
    version: str
    database: str = Field(description="ok, unreachable or not_migrated")
    message: str | None = None


class AccountIn(BaseModel):
    """A seller account. Only ``platform`` and ``store_name`` are required."""

    model_config = ConfigDict(extra="forbid")
    platform: str = Field(examples=["joom"])
    store_name: str = Field(examples=["Blue Ocean Home"])
    marketplace: str = ""
    seller_id: str = ""
    company_name: str = ""
    registered_address: str = ""
    uscc: str = Field("", description="Unified social credit code (checked)")
    legal_representative: str = ""
    legal_rep_id_number: str = Field("", description="Stored in full, always returned masked")
    registered_email: str = ""
    phone: str = ""


class AccountPatch(BaseModel):
    """Only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")
    platform: str | None = None
    store_name: str | None = None
    marketplace: str | None = None
    seller_id: str | None = None
    company_name: str | None = None
    registered_address: str | None = None
    uscc: str | None = None
    legal_representative: str | None = None
    legal_rep_id_number: str | None = None
    registered_email: str | None = None
    phone: str | None = None


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health(request: Request, response: Response) -> Health:
    """Liveness, database reachability and migrations applied; needs no token."""
    database, message = _database_state(workbench(request).db.engine)
    if database != "ok":
        response.status_code = 503
    text = gettext(request)(message) if message else None
    return Health(ok=database == "ok", version=__version__, database=database, message=text)


def _database_state(engine: Engine) -> tuple[str, str | None]:
    try:
        current = is_current(engine)
    except ConfigurationError:
        return "unreachable", N_("The database cannot be reached right now; try again in a moment.")
    if not current:
        return "not_migrated", N_(
            "The database is not set up yet: run `reinstate db upgrade` first."
        )
    return "ok", None


@router.get("/me", response_model=Me)
def me(actor: ActorDep) -> Me:
    return Me.of(actor)


@router.get("/accounts", response_model=AccountList)
def list_accounts(request: Request, actor: ActorDep, platform: str | None = None) -> AccountList:
    return AccountList.of(service.list_accounts(workbench(request), actor, platform=platform))


@router.post("/accounts", response_model=AccountSummary, status_code=201)
def create_account(request: Request, actor: ActorDep, body: AccountIn) -> AccountSummary:
    return AccountSummary.of(service.create_account(workbench(request), actor, body.model_dump()))


@router.get("/accounts/{account_id}", response_model=AccountSummary)
def get_account(request: Request, actor: ActorDep, account_id: int) -> AccountSummary:
    return AccountSummary.of(service.get_account(workbench(request), actor, account_id))


@router.patch("/accounts/{account_id}", response_model=AccountSummary)
def update_account(
    request: Request, actor: ActorDep, account_id: int, body: AccountPatch
) -> AccountSummary:
    changes = body.model_dump(exclude_unset=True)
    return AccountSummary.of(service.update_account(workbench(request), actor, account_id, changes))


@router.delete("/accounts/{account_id}", status_code=204)
def delete_account(request: Request, actor: ActorDep, account_id: int) -> Response:
    service.delete_account(workbench(request), actor, account_id)
    return Response(status_code=204)


def _events(request: Request, actor: Actor, account_id: int | None, limit: int) -> EventList:
    with workbench(request).db.reading() as session:
        return EventList.of(visible_events(session, actor, account_id=account_id, limit=limit))


@router.get("/activity", response_model=EventList)
def activity(
    request: Request, actor: ActorDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> EventList:
    """The organisation's activity, newest first."""
    return _events(request, actor, None, limit)


@router.get("/accounts/{account_id}/activity", response_model=EventList)
def account_activity(request: Request, actor: ActorDep, account_id: int) -> EventList:
    service.get_account(workbench(request), actor, account_id)
    return _events(request, actor, account_id, 500)


@router.get("/platforms", response_model=PlatformList)
def platforms(request: Request, actor: ActorDep) -> PlatformList:
    """Every platform pack, in brief."""
    return platform_list(workbench(request).policies)


@router.get("/platforms/{platform}", response_model=PlatformRules)
def platform(request: Request, actor: ActorDep, platform: str) -> PlatformRules:
    """One platform's rules: senders, hosts, appeal, files, metrics, violations, penalties."""
    return platform_rules(workbench(request).policies.get_pack(platform))


class PenaltyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    received_on: str = Field(examples=["2026-11-02"])
    violation: str = Field(examples=["late_shipment"])
    points: int
    serious: bool = False
    effective_on: str | None = Field(None, examples=["2026-11-20"])
    appeal_result: str = "not_appealed"
    note: str = ""


@router.get("/accounts/{account_id}/penalties", response_model=PenaltyLedger)
def account_penalties(request: Request, actor: ActorDep, account_id: int) -> PenaltyLedger:
    """The account's penalty ledger and where it stands today."""
    return penalty_ledger(workbench(request), actor, account_id)


@router.post("/accounts/{account_id}/penalties", status_code=201, response_model=PenaltyView)
def record_penalty(
    request: Request, actor: ActorDep, account_id: int, body: PenaltyIn
) -> PenaltyView:
    penalty = ledger.record_penalty(workbench(request), actor, account_id, body.model_dump())
    return PenaltyView.of(penalty)


@router.get("/accounts/{account_id}/standing", response_model=StandingView)
def account_standing(
    request: Request,
    actor: ActorDep,
    account_id: int,
    what_if_points: int | None = None,
    what_if_date: str | None = None,
    what_if_violation: str | None = None,
    what_if_serious: bool = False,
    what_if_orders: int | None = None,
) -> StandingView:
    """Where the account stands; with ``what_if_points`` (and a date), after such a penalty;
    on Taobao ``what_if_violation``, ``what_if_serious`` and (fake transactions)
    ``what_if_orders`` decide the points, the offence counted from the ledger."""
    return standing_view(
        workbench(request),
        actor,
        account_id,
        what_if_points=what_if_points,
        what_if_date=what_if_date,
        what_if_violation=what_if_violation,
        what_if_serious=what_if_serious,
        what_if_orders=what_if_orders,
    )


class NoticeIn(BaseModel):
    """A notice for a seller account: ``content`` (text) or ``content_base64`` (file bytes)."""

    model_config = ConfigDict(extra="forbid")
    account_id: int
    filename: str | None = Field(None, examples=["suspension.eml"])
    content: str | None = None
    content_base64: str | None = None


def _notice_bytes(body: NoticeIn) -> bytes:
    if body.content_base64 is not None:
        try:
            return base64.b64decode(body.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(
                N_("content_base64 is not valid base64."), field="content_base64"
            ) from None
    if body.content is not None:
        return body.content.encode("utf-8")
    raise InvalidInput(N_("Send the notice as content or content_base64."), field="content")


@router.post("/notices", status_code=201, response_model=NoticeView)
def create_notice(request: Request, actor: ActorDep, body: NoticeIn) -> NoticeView:
    """Check a notice, keep it (byte-for-byte) on a seller account, and return the report."""
    notice = notices_service.store_notice(
        workbench(request), actor, body.account_id, _notice_bytes(body), body.filename
    )
    return NoticeView.of(notice)


@router.get("/notices", response_model=NoticeList)
def list_notices(request: Request, actor: ActorDep, account_id: int | None = None) -> NoticeList:
    return notice_list(workbench(request), actor, account_id=account_id)


@router.get("/notices/{notice_id}", response_model=NoticeView)
def get_notice(request: Request, actor: ActorDep, notice_id: int) -> NoticeView:
    return notice_view(workbench(request), actor, notice_id)


class CaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    account_id: int
    violations: list[str] = Field(examples=[["counterfeit"]])
    notice_id: int | None = None
    notice_date: datetime | None = None
    deadline: date | None = None
    assignee_id: int | None = None
    kind: str | None = Field(
        None,
        examples=["claim"],
        description="What the case answers: suspension, warning, claim, metric_alert or "
        "verification_invitation (default: its notice's); the platform's attempt limit "
        "governs some kinds only.",
    )


class CaseEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event: str = Field(examples=["submitted"])
    at: datetime | None = None
    force: bool = Field(
        False, description="Record it despite the platform's wait before a resubmission."
    )
    confirm: bool = Field(
        False, description="Mark it submitted even though required materials are missing."
    )
    note: str = Field("", description="The platform's words, e.g. a rejection's reason.")


@router.get("/cases", response_model=CaseList)
def list_cases(
    request: Request,
    actor: ActorDep,
    due_within_hours: Annotated[int | None, Query(ge=0, le=MAX_DUE_HOURS)] = None,
    state: str | None = None,
    platform: str | None = None,
    account_id: int | None = None,
) -> CaseList:
    """Cases by deadline, soonest first."""
    wb = workbench(request)
    window = timedelta(hours=due_within_hours) if due_within_hours is not None else None
    found = cases_service.list_cases(
        wb,
        actor,
        due_within=window,
        state=state,
        platform=platform,
        account_id=account_id,
    )
    return cases_views.case_list(wb, found, language(request))


@router.post("/cases", status_code=201, response_model=CaseSummary)
def open_case(request: Request, actor: ActorDep, body: CaseIn) -> CaseSummary:
    """Open a case; from a notice whose case is still open, 409 naming that case."""
    wb = workbench(request)
    case = cases_service.open_case(
        wb,
        actor,
        body.account_id,
        body.violations,
        notice_id=body.notice_id,
        notice_date=body.notice_date,
        deadline=body.deadline,
        assignee_id=body.assignee_id,
        kind=body.kind,
    )
    return cases_views.summarised(wb, case, language(request))


@router.get("/cases/{case_id}", response_model=CaseSummary)
def get_case(request: Request, actor: ActorDep, case_id: int) -> CaseSummary:
    return cases_views.case_summary(workbench(request), actor, case_id, language(request))


@router.post("/cases/{case_id}/events", response_model=CaseOutcome)
def case_event(request: Request, actor: ActorDep, case_id: int, body: CaseEventIn) -> CaseOutcome:
    """Record what happened; 409 with the reason when the platform would refuse it."""
    wb = workbench(request)
    outcome = cases_service.apply_event(
        wb,
        actor,
        case_id,
        body.event,
        at=body.at,
        force=body.force,
        require_materials=not body.confirm,
        note=body.note,
    )
    shown = cases_views.case_outcome(wb, outcome, language(request))
    _ = gettext(request)  # the notes are message ids: sentences in the caller's language
    return shown.model_copy(update={"notes": [_(note) for note in shown.notes]})


class TriageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: Literal["yes", "no", "unknown"] = Field(examples=["yes"])
    question: str | None = Field(None, examples=["listings_for_sale"])


@router.post("/cases/{case_id}/triage", response_model=CaseSummary)
def case_triage(request: Request, actor: ActorDep, case_id: int, body: TriageIn) -> CaseSummary:
    """Answer the platform's triage question; violations and letter type follow the answer."""
    wb = workbench(request)
    case = cases_triage.answer_triage(wb, actor, case_id, body.answer, body.question)
    return cases_views.summarised(wb, case, language(request))


class CasePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str | None = Field(
        None, examples=["claim"], description="What the case answers (see POST /cases)."
    )
    assignee_id: int | None = None
    client_visible: bool | None = None
    deadline: date | None = None
    violations: list[str] | None = Field(
        None,
        examples=[["counterfeit"]],
        description="The platform's violation codes; the checklist and letter type follow.",
    )


@router.patch("/cases/{case_id}", response_model=CaseSummary)
def update_case(request: Request, actor: ActorDep, case_id: int, body: CasePatch) -> CaseSummary:
    """Change the assignee, client visibility, deadline or violations (only the fields sent)."""
    wb = workbench(request)
    case = cases_service.update_case(wb, actor, case_id, body.model_dump(exclude_unset=True))
    return cases_views.summarised(wb, case, language(request))


class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    filename: str
    content_base64: str
    materials: list[str] = []


@router.post("/cases/{case_id}/documents", status_code=201, response_model=DocumentView)
def add_document(request: Request, actor: ActorDep, case_id: int, body: DocumentIn) -> DocumentView:
    """Add an evidence file (checked, kept byte-for-byte) to a case."""
    data = _notice_bytes(NoticeIn(account_id=0, content_base64=body.content_base64))
    document = evidence_service.add_document(
        workbench(request), actor, case_id, body.filename, data, body.materials
    )
    return DocumentView.of(document).worded(gettext(request))


@router.get("/cases/{case_id}/checklist", response_model=Checklist)
def case_checklist(request: Request, actor: ActorDep, case_id: int) -> Checklist:
    listed = evidence_views.case_checklist(workbench(request), actor, case_id)
    return listed.worded(gettext(request))


@router.get("/cases/{case_id}/packs", response_model=PackList)
def case_packs(request: Request, actor: ActorDep, case_id: int) -> PackList:
    """The evidence packs built on the case, newest first: when, by whom, pages, size, exhibits
    and each part's file (``GET /api/v1/cases/{case_id}/packs/{sha256}``)."""
    return evidence_views.case_packs(workbench(request), actor, case_id)


class PackFile(BaseModel):
    """One part of a built pack, its PDF as base64 (as files are sent to the API)."""

    name: str
    sha256: str
    size: int
    content_base64: str


@router.get("/cases/{case_id}/packs/{digest}", response_model=PackFile)
def case_pack_file(request: Request, actor: ActorDep, case_id: int, digest: str) -> PackFile:
    """One part of a pack built on the case, by its ``sha256`` from the list of packs."""
    name, data = evidence_service.pack_part(workbench(request), actor, case_id, digest)
    content = base64.b64encode(data).decode("ascii")
    return PackFile(name=name, sha256=digest, size=len(data), content_base64=content)
