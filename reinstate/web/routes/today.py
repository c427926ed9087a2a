"""Today, the home page after sign-in (and ``/api/v1/today``): what needs attention now."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from ...today.hub import AccountHub, account_hub
from ...today.service import today
from ...today.views import SEVERITY_LABELS, Today
from ..context import language, page_actor, workbench
from ..routing import Router
from ..templating import render
from .api import ActorDep

router = Router(include_in_schema=False)
api_router = Router(prefix="/api/v1", tags=["v1"])


@router.get("/today")
def today_page(request: Request) -> Response:
    actor = page_actor(request)
    shown = today(workbench(request), actor)
    context = {"today": shown, "actor": actor, "severity_labels": SEVERITY_LABELS}
    return render(request, "today.html", context)


@api_router.get("/today", response_model=Today)
def today_api(request: Request, actor: ActorDep) -> Today:
    """What needs the member's attention now: deadlines in the next 72 hours, accounts at
    risk, missing or invalid materials, new notices and overdue reviews, each with its link."""
    return today(workbench(request), actor)


@api_router.get("/accounts/{account_id}/hub", response_model=AccountHub)
def account_hub_api(request: Request, actor: ActorDep, account_id: int) -> AccountHub:
    """One account on one page: what needs attention, open cases, metrics, verifications."""
    return account_hub(workbench(request), actor, account_id, language(request))
