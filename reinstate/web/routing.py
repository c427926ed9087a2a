"""The routers of the app's pages and API: FastAPI's, made to say "not mine" at once for an
address none of their routes could match.

FastAPI (0.116 and later) keeps each included router as a branch that it asks in turn, and a
branch tries every one of its routes' patterns: a request for ``/cases`` tried the sixty API
routes and the pages of four routers before it reached its own, about a tenth of the page's
CPU time (issue 21). A route's pattern can only match an address that starts with the route's
fixed segments (those before its first parameter), so a router knows from an address's first
few segments alone that none of its routes can match it; it answers those with no match, and
leaves every other decision (methods, parameters, the slash redirect, 404 and 405) to FastAPI.

Routers are included without a prefix of their own (``app.py``): their routes carry the full
path, which is what the segments are read from.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.routing import Match
from starlette.types import Scope

Key = tuple[int, frozenset[str]]  # how many segments to read, and the ones of the routes


def fixed_segments(path: str) -> list[str]:
    """``/cases/{id}/letter`` → ``["cases"]``, ``/`` → ``[""]``: the segments before the first
    parameter."""
    fixed = []
    for segment in path[1:].split("/"):
        if "{" in segment:
            break
        fixed.append(segment)
    return fixed


def routes_key(paths: list[str]) -> Key | None:
    """The number of leading segments every route fixes (at most 3) and their values; None
    when a route fixes none or does not start with a slash (it could match anything)."""
    fixed = [fixed_segments(path) if path.startswith("/") else [] for path in paths]
    depth = min((len(f) for f in fixed), default=0)
    if depth == 0:
        return None
    depth = min(depth, 3)
    return depth, frozenset("/".join(f[:depth]) for f in fixed)


def leading(path: str, depth: int) -> str:
    """The first ``depth`` segments of an address: ``leading("/api/v1/me/x", 3)`` is
    ``api/v1/me``."""
    return "/".join(path[1:].split("/", depth)[:depth])


class Router(APIRouter):
    """An ``APIRouter`` that refuses, from the first segments alone, addresses none of its
    routes start like."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key_for = -1
        self._key: Key | None = None

    def key(self) -> Key | None:
        if self._key_for != len(self.routes):  # routes are added by decorators, at import
            self._key = routes_key([getattr(route, "path", "") for route in self.routes])
            self._key_for = len(self.routes)
        return self._key

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        key = self.key()
        if key is not None and not scope.get("root_path"):
            depth, starts = key
            if leading(scope["path"], depth) not in starts:
                return Match.NONE, {}
        return super().matches(scope)
