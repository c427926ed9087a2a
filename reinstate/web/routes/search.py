"""Search from the page header (and ``/api/v1/search``): stores, cases, notices, files."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.responses import Response

from ...errors import InvalidInput
from ...search.service import search
from ...search.views import KIND_LABELS, SearchResults
from ..context import page_actor, render_error, workbench
from ..routing import Router
from ..templating import render
from .api import ActorDep

router = Router(include_in_schema=False)
api_router = Router(prefix="/api/v1", tags=["v1"])


@router.get("/search")
def search_page(request: Request, q: str = "") -> Response:
    actor = page_actor(request)
    context: dict[str, Any] = {"q": q, "results": None, "kind_labels": KIND_LABELS}
    if not q.strip():
        return render(request, "search.html", context)
    try:
        context["results"] = search(workbench(request), actor, q)
    except InvalidInput as exc:
        return render(request, "search.html", {**context, "error": render_error(request, exc)}, 422)
    return render(request, "search.html", context)


@api_router.get("/search", response_model=SearchResults)
def search_api(request: Request, actor: ActorDep, q: str) -> SearchResults:
    """Stores (name, seller id, company), cases (number, notice reference), notices (reference
    id, subject, order ids, ASINs, SKUs in their text) and evidence files by name."""
    return search(workbench(request), actor, q)
