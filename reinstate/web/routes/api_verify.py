"""/api/v1/verifications: Amazon video verifications of seller accounts (issue 17)."""

from __future__ import annotations

from fastapi import Request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ...verification import service, views
from ...verification.monitor import import_changes, record_change
from ...verification.practice import run_drill
from ...verification.views import (
    AccountRiskList,
    ChangeLogView,
    DrillView,
    VerificationList,
    VerificationView,
)
from ..context import language, workbench
from ..routing import Router
from .api import ActorDep

router = Router(prefix="/api/v1", tags=["v1"])


class VerificationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    account_id: int
    notice_id: int | None = Field(None, description="A stored invitation notice.")
    invited_at: AwareDatetime | None = Field(None, description="Else: when it arrived.")


class VerificationEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event: str = Field(examples=["booked"])
    slot: AwareDatetime | None = Field(None, description="The booked slot (event booked).")
    at: AwareDatetime | None = None


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item: str = Field(examples=["device_test"])
    done: bool = True


@router.get("/accounts/{account_id}/verifications", response_model=VerificationList)
def list_verifications(request: Request, actor: ActorDep, account_id: int) -> VerificationList:
    return views.verification_list(workbench(request), actor, account_id, language(request))


@router.post("/verifications", status_code=201, response_model=VerificationView)
def open_verification(request: Request, actor: ActorDep, body: VerificationIn) -> VerificationView:
    """Open one from a stored invitation (refused with the reasons unless it is genuine), or by
    hand from the time the invitation arrived."""
    wb = workbench(request)
    row = service.open_verification(
        wb, actor, body.account_id, notice_id=body.notice_id, invited_at=body.invited_at
    )
    return views.shown(wb, actor, row, language(request))


@router.get("/verifications/{verification_id}", response_model=VerificationView)
def get_verification(request: Request, actor: ActorDep, verification_id: int) -> VerificationView:
    return views.verification_view(workbench(request), actor, verification_id, language(request))


@router.post("/verifications/{verification_id}/events", response_model=VerificationView)
def verification_event(
    request: Request, actor: ActorDep, verification_id: int, body: VerificationEventIn
) -> VerificationView:
    """Record what happened; 409 with the reason when the platform's rules refuse it."""
    wb = workbench(request)
    row = service.apply_event(wb, actor, verification_id, body.event, at=body.at, slot=body.slot)
    return views.shown(wb, actor, row, language(request))


@router.post("/verifications/{verification_id}/checks", response_model=VerificationView)
def verification_check(
    request: Request, actor: ActorDep, verification_id: int, body: CheckIn
) -> VerificationView:
    """Tick (or untick, ``done: false``) one readiness item in your name."""
    wb = workbench(request)
    service.set_check(wb, actor, verification_id, body.item, done=body.done)
    return views.verification_view(wb, actor, verification_id, language(request))


@router.get("/verifications/{verification_id}/drill", response_model=DrillView)
def verification_drill(request: Request, actor: ActorDep, verification_id: int) -> DrillView:
    """The reviewer's questions against the stored licence and ID documents (ID numbers
    masked), the fix-the-profile tasks, and a fresh 8-digit string to read aloud."""
    return views.drill_view(workbench(request), actor, verification_id, language(request))


@router.post("/verifications/{verification_id}/drill", response_model=DrillView)
def run_verification_drill(request: Request, actor: ActorDep, verification_id: int) -> DrillView:
    """Compare now: a task (due in 24 h) for each new mismatch; fixed ones are closed."""
    wb = workbench(request)
    run_drill(wb, actor, verification_id)
    return views.drill_view(wb, actor, verification_id, language(request))


class ChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(examples=["password_reset"])
    occurred_at: AwareDatetime
    detail: str = Field("", max_length=500)


class ChangesImportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    content: str = Field(
        max_length=2_000_000, description="CSV: occurred_at,kind,detail (times with offset)"
    )


@router.get("/accounts/{account_id}/changes", response_model=ChangeLogView)
def account_changes(request: Request, actor: ActorDep, account_id: int) -> ChangeLogView:
    """The account's change log and the video-verification triggers it sets off."""
    return views.change_log_view(workbench(request), actor, account_id, language(request))


@router.post("/accounts/{account_id}/changes", status_code=201, response_model=ChangeLogView)
def add_account_change(
    request: Request, actor: ActorDep, account_id: int, body: ChangeIn
) -> ChangeLogView:
    wb = workbench(request)
    record_change(wb, actor, account_id, body.kind, body.occurred_at, body.detail)
    return views.change_log_view(wb, actor, account_id, language(request))


@router.post("/accounts/{account_id}/changes/import", status_code=201, response_model=ChangeLogView)
def import_account_changes(
    request: Request, actor: ActorDep, account_id: int, body: ChangesImportIn
) -> ChangeLogView:
    """Every row of a CSV change log, or none (a bad row is named by its line)."""
    wb = workbench(request)
    import_changes(wb, actor, account_id, body.content)
    return views.change_log_view(wb, actor, account_id, language(request))


@router.get("/verification-risk", response_model=AccountRiskList)
def verification_risk(request: Request, actor: ActorDep) -> AccountRiskList:
    """The accounts you may see that may be asked for video verification, and why."""
    return views.risk_list(workbench(request), actor, language(request))
