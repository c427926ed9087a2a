"""/api/v1 association risk: identifiers of a store, the groups, one store explained (issue 18)."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field

from ...association import service, views
from ...association.views import Explanation, IdentifierList, IdentifierView, NewAccountCheck, Scan
from ..context import language, workbench
from ..routing import Router
from .api import AccountIn, ActorDep

router = Router(prefix="/api/v1", tags=["v1"])


class IdentifierIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(examples=["bank_account"])
    value: str = Field(description="Kept only as a keyed hash and a masked form")
    first_seen: date | None = None
    last_seen: date | None = None


@router.get("/accounts/{account_id}/identifiers", response_model=IdentifierList)
def list_identifiers(request: Request, actor: ActorDep, account_id: int) -> IdentifierList:
    rows = service.identifiers_of(workbench(request), actor, account_id)
    return views.identifier_list(rows, language(request))


@router.post("/accounts/{account_id}/identifiers", status_code=201, response_model=IdentifierView)
def add_identifier(
    request: Request, actor: ActorDep, account_id: int, body: IdentifierIn
) -> IdentifierView:
    """Keep one identifier of the store; the same one again widens its dates."""
    row = service.add_identifier(
        workbench(request),
        actor,
        account_id,
        body.kind,
        body.value,
        body.first_seen,
        body.last_seen,
    )
    return views.identifier_list([row], language(request)).items[0]


@router.get("/association", response_model=Scan)
def scan(request: Request, actor: ActorDep) -> Scan:
    """The groups of stores you see that share identifiers, with the risk of each."""
    return views.scan(service.load_world(workbench(request), actor), language(request))


@router.get("/accounts/{account_id}/association", response_model=Explanation)
def explain(request: Request, actor: ActorDep, account_id: int) -> Explanation:
    world = service.load_world(workbench(request), actor)
    return views.explain(world, account_id, language(request))


@router.post("/association/check", response_model=NewAccountCheck)
def check_new_account(request: Request, actor: ActorDep, body: AccountIn) -> NewAccountCheck:
    """What a store with these details would share with your stores: ask before creating it."""
    actor.require_change()
    wb = workbench(request)
    matches = service.matches_for_new(wb, actor, body.model_dump())
    return views.new_account_check(matches, language(request))
