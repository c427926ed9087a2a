"""The JSON API under ``/api/v1``: bearer tokens, the error envelope, OpenAPI at /openapi.json."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine

from ... import __version__
from ...accounts import service
from ...auth.actor import Actor
from ...auth.service import actor_for
from ...cases import service as cases_service
from ...errors import N_, ConfigurationError, InvalidInput
from ...events import visible_events
from ...evidence import service as evidence_service
from ...notices import service as notices_service
from ...penalties import ledger
from ...penalties.standing import Standing
from ...policies.views import pack_document, pack_summary
from ...storage.migrate import is_current
from ...storage.tables import Case, Event, Notice, Penalty
from ...storage.tables import Document as Doc
from ..context import api_user, bearer_scheme, gettext, workbench

router = APIRouter(prefix="/api/v1", tags=["v1"])
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


class AccountOut(AccountIn):
    model_config = ConfigDict(extra="forbid")
    id: int
    org_id: int
    created_at: str
    updated_at: str


class AccountList(BaseModel):
    items: list[AccountOut]
    count: int


class EventOut(BaseModel):
    id: int
    created_at: str
    actor: str
    via: str
    name: str
    account_id: int | None
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class EventList(BaseModel):
    items: list[EventOut]


class Me(BaseModel):
    id: int
    email: str
    org_id: int
    role: str


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
    assert actor.user_id is not None
    return Me(id=actor.user_id, email=actor.label, org_id=actor.org_id, role=actor.role)


@router.get("/accounts", response_model=AccountList)
def list_accounts(request: Request, actor: ActorDep, platform: str | None = None) -> AccountList:
    accounts = service.list_accounts(workbench(request), actor, platform=platform)
    items = [AccountOut(**service.view(a)) for a in accounts]
    return AccountList(items=items, count=len(items))


@router.post("/accounts", response_model=AccountOut, status_code=201)
def create_account(request: Request, actor: ActorDep, body: AccountIn) -> AccountOut:
    account = service.create_account(workbench(request), actor, body.model_dump())
    return AccountOut(**service.view(account))


@router.get("/accounts/{account_id}", response_model=AccountOut)
def get_account(request: Request, actor: ActorDep, account_id: int) -> AccountOut:
    return AccountOut(**service.view(service.get_account(workbench(request), actor, account_id)))


@router.patch("/accounts/{account_id}", response_model=AccountOut)
def update_account(
    request: Request, actor: ActorDep, account_id: int, body: AccountPatch
) -> AccountOut:
    changes = body.model_dump(exclude_unset=True)
    account = service.update_account(workbench(request), actor, account_id, changes)
    return AccountOut(**service.view(account))


@router.delete("/accounts/{account_id}", status_code=204)
def delete_account(request: Request, actor: ActorDep, account_id: int) -> Response:
    service.delete_account(workbench(request), actor, account_id)
    return Response(status_code=204)


def _events(request: Request, actor: Actor, account_id: int | None, limit: int) -> EventList:
    with workbench(request).db.reading() as session:
        rows: list[Event] = visible_events(session, actor, account_id=account_id, limit=limit)
    items = [
        EventOut(
            id=e.id,
            created_at=e.created_at.isoformat(),
            actor=e.actor,
            via=e.via,
            name=e.name,
            account_id=e.account_id,
            subject=e.subject,
            before=e.before,
            after=e.after,
        )
        for e in rows
    ]
    return EventList(items=items)


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


@router.get("/platforms")
def platforms(request: Request, actor: ActorDep) -> dict[str, Any]:
    """Every platform pack, in brief."""
    packs = workbench(request).policies
    return {"items": [pack_summary(pack) for pack in packs.values()]}


@router.get("/platforms/{platform}")
def platform(request: Request, actor: ActorDep, platform: str) -> dict[str, Any]:
    """One platform's rules: senders, hosts, appeal, files, metrics, violations, penalties."""
    return pack_document(workbench(request).policies.get_pack(platform))


class PenaltyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    received_on: str = Field(examples=["2026-11-02"])
    violation: str = Field(examples=["late_shipment"])
    points: int
    serious: bool = False
    appeal_result: str = "not_appealed"
    note: str = ""


def _penalty(p: Penalty) -> dict[str, Any]:
    return {
        "id": p.id,
        "account_id": p.account_id,
        "platform": p.platform,
        "received_on": p.received_on.isoformat(),
        "violation": p.violation,
        "points": p.points,
        "serious": p.serious,
        "appeal_result": p.appeal_result,
        "note": p.note,
    }


def _standing(s: Standing) -> dict[str, Any]:
    return {
        "system": s.system,
        "points": s.points,
        "level": s.level,
        "serious_points": s.serious_points,
        "restrictions": [
            {"label": r.label.model_dump(), "ends_on": r.ends_on.isoformat() if r.ends_on else None}
            for r in s.restrictions
        ],
        "next_reset": s.next_reset.isoformat() if s.next_reset else None,
    }


@router.get("/accounts/{account_id}/penalties")
def account_penalties(request: Request, actor: ActorDep, account_id: int) -> dict[str, Any]:
    """The account's penalty ledger and where it stands today."""
    wb = workbench(request)
    items = [_penalty(p) for p in ledger.penalties_of(wb, actor, account_id)]
    return {"items": items, "standing": _standing(ledger.standing_of(wb, actor, account_id))}


@router.post("/accounts/{account_id}/penalties", status_code=201)
def record_penalty(
    request: Request, actor: ActorDep, account_id: int, body: PenaltyIn
) -> dict[str, Any]:
    penalty = ledger.record_penalty(workbench(request), actor, account_id, body.model_dump())
    return _penalty(penalty)


@router.get("/accounts/{account_id}/standing")
def account_standing(
    request: Request,
    actor: ActorDep,
    account_id: int,
    what_if_points: int | None = None,
    what_if_date: str | None = None,
) -> dict[str, Any]:
    """Where the account stands; with ``what_if_points`` (and a date), after such a penalty."""
    wb = workbench(request)
    entry = None
    if what_if_points is not None:
        entry = ledger.what_if_entry(what_if_points, what_if_date, wb.clock.now().date())
    return _standing(ledger.standing_of(wb, actor, account_id, what_if=entry))


class NoticeIn(BaseModel):
    """A notice for a seller account: ``content`` (text) or ``content_base64`` (file bytes)."""

    model_config = ConfigDict(extra="forbid")
    account_id: int
    filename: str | None = Field(None, examples=["suspension.eml"])
    content: str | None = None
    content_base64: str | None = None


def _notice(n: Notice) -> dict[str, Any]:
    return {
        "id": n.id,
        "account_id": n.account_id,
        "filename": n.filename,
        "size": n.size,
        "sha256": n.sha256,
        "created_at": n.created_at.isoformat(),
        **n.report,
    }


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


@router.post("/notices", status_code=201)
def create_notice(request: Request, actor: ActorDep, body: NoticeIn) -> dict[str, Any]:
    """Check a notice, keep it (byte-for-byte) on a seller account, and return the report."""
    notice = notices_service.store_notice(
        workbench(request), actor, body.account_id, _notice_bytes(body), body.filename
    )
    return _notice(notice)


@router.get("/notices")
def list_notices(
    request: Request, actor: ActorDep, account_id: int | None = None
) -> dict[str, Any]:
    items = notices_service.list_notices(workbench(request), actor, account_id=account_id)
    return {"items": [{k: v for k, v in _notice(n).items() if k != "text"} for n in items]}


@router.get("/notices/{notice_id}")
def get_notice(request: Request, actor: ActorDep, notice_id: int) -> dict[str, Any]:
    return _notice(notices_service.get_notice(workbench(request), actor, notice_id))


class CaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    account_id: int
    violations: list[str] = Field(examples=[["counterfeit"]])
    notice_id: int | None = None
    notice_date: datetime | None = None
    deadline: date | None = None
    assignee_id: int | None = None


class CaseEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event: str = Field(examples=["submitted"])
    at: datetime | None = None
    force: bool = False


def _case(request: Request, case: Case) -> dict[str, Any]:
    wb = workbench(request)
    return cases_service.case_view(case, wb.policies.get_pack(case.platform), wb.clock.now())


@router.get("/cases")
def list_cases(
    request: Request,
    actor: ActorDep,
    due_within_hours: Annotated[int | None, Query(ge=0, le=MAX_DUE_HOURS)] = None,
    state: str | None = None,
    platform: str | None = None,
    account_id: int | None = None,
) -> dict[str, Any]:
    """Cases by deadline, soonest first."""
    window = timedelta(hours=due_within_hours) if due_within_hours is not None else None
    found = cases_service.list_cases(
        workbench(request),
        actor,
        due_within=window,
        state=state,
        platform=platform,
        account_id=account_id,
    )
    return {"items": [_case(request, c) for c in found]}


@router.post("/cases", status_code=201)
def open_case(request: Request, actor: ActorDep, body: CaseIn) -> dict[str, Any]:
    case = cases_service.open_case(
        workbench(request),
        actor,
        body.account_id,
        body.violations,
        notice_id=body.notice_id,
        notice_date=body.notice_date,
        deadline=body.deadline,
        assignee_id=body.assignee_id,
    )
    return _case(request, case)


@router.get("/cases/{case_id}")
def get_case(request: Request, actor: ActorDep, case_id: int) -> dict[str, Any]:
    return _case(request, cases_service.get_case(workbench(request), actor, case_id))


@router.post("/cases/{case_id}/events")
def case_event(
    request: Request, actor: ActorDep, case_id: int, body: CaseEventIn
) -> dict[str, Any]:
    """Record what happened; 409 with the reason when the platform would refuse it."""
    outcome = cases_service.apply_event(
        workbench(request), actor, case_id, body.event, at=body.at, force=body.force
    )
    return {**_case(request, outcome.case), "notes": outcome.notes}


class CasePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assignee_id: int | None = None
    client_visible: bool | None = None
    deadline: date | None = None


@router.patch("/cases/{case_id}")
def update_case(request: Request, actor: ActorDep, case_id: int, body: CasePatch) -> dict[str, Any]:
    """Change the assignee, client visibility or deadline (only the fields sent)."""
    case = cases_service.update_case(
        workbench(request), actor, case_id, body.model_dump(exclude_unset=True)
    )
    return _case(request, case)


class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    filename: str
    content_base64: str
    materials: list[str] = []


def _document(d: Doc) -> dict[str, Any]:
    return {
        "id": d.id,
        "case_id": d.case_id,
        "filename": d.filename,
        "size": d.size,
        "sha256": d.sha256,
        "kind": d.kind,
        "materials": d.materials,
        "problems": [{"code": p["code"], "severity": p["severity"]} for p in d.problems],
    }


@router.post("/cases/{case_id}/documents", status_code=201)
def add_document(
    request: Request, actor: ActorDep, case_id: int, body: DocumentIn
) -> dict[str, Any]:
    """Add an evidence file (checked, kept byte-for-byte) to a case."""
    data = _notice_bytes(NoticeIn(account_id=0, content_base64=body.content_base64))
    document = evidence_service.add_document(
        workbench(request), actor, case_id, body.filename, data, body.materials
    )
    return _document(document)


@router.get("/cases/{case_id}/checklist")
def case_checklist(request: Request, actor: ActorDep, case_id: int) -> dict[str, Any]:
    items = evidence_service.checklist(workbench(request), actor, case_id)
    return {
        "items": [
            {
                "material": i.material_id,
                "mandatory": i.material.mandatory,
                "status": i.status,
                "documents": [_document(d) for d in i.documents],
            }
            for i in items
        ]
    }
