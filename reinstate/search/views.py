"""The read model of a search: what matched, where it is, and the words around the match.

Example::

    found = search(wb, actor, "B0CX1")   # found.hits[0].kind, .title, .link, .excerpt
"""

from __future__ import annotations

from ..errors import N_
from ..views import View

KIND_LABELS: dict[str, str] = {
    "account": N_("Seller account"),
    "case": N_("Case"),
    "notice": N_("Notice"),
    "document": N_("Evidence file"),
}


class SearchHit(View):
    kind: str  # account | case | notice | document
    id: int
    title: str
    excerpt: str  # the words around the match (plain text)
    codes: list[str] = []  # what a page shows as words instead of the excerpt (a case's violations)
    account_id: int | None
    link: str


class SearchResults(View):
    query: str
    full_text: bool  # PostgreSQL full-text search was used (else LIKE)
    hits: list[SearchHit]
