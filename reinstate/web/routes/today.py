"""Today, the home page after sign-in (and ``/api/v1/today``): what needs attention now."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from ...today.hub import AccountHub, account_hub
from ...today.service import today
from ...today.views import ACT_NOW, SECTIONS, SEVERITY_LABELS, Today
from ..context import language, page_actor, workbench
from ..routing import Router
from ..templating import render
from .api import ActorDep

router = Router(include_in_schema=False)
api_router = Router(prefix="/api/v1", tags=["v1"])


# the most urgent lines a section shows on the page; the rest are one click away
SHOWN = 20


@router.get("/today")
def today_page(request: Request, section: str = "") -> Response:
    """Every "Act now" line first, then the other lines section by section; each section's
    most urgent :data:`SHOWN` lines, with how many there are; with ``section``, every line of
    that one section (an unknown one: the whole page)."""
    actor = page_actor(request)
    shown = today(workbench(request), actor).urgent_first()
    only = section if section in SECTIONS or section == ACT_NOW else None
    if only is not None:
        shown = shown.model_copy(
            update={"sections": [s for s in shown.sections if s.section == only]}
        )
    context = {
        "today": shown,
        "actor": actor,
        "severity_labels": SEVERITY_LABELS,
        "only": only,
        "limit": None if only else SHOWN,
    }
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
