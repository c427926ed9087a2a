"""Issue 21: a router refuses, from an address's first segments, what none of its routes could
match; a refusal never hides a route, and FastAPI still decides 404, 405 and the slash
redirect."""

from __future__ import annotations

import importlib
import pkgutil
import re

from fastapi.testclient import TestClient
from starlette.routing import Match, Route

import reinstate.web.routes as routes_package
from reinstate.web.routing import Router, leading, routes_key


def _routers() -> list[Router]:
    found = []
    for info in pkgutil.iter_modules(routes_package.__path__):
        module = importlib.import_module(f"reinstate.web.routes.{info.name}")
        found += [v for v in vars(module).values() if isinstance(v, Router)]
    return found


def _an_address(path: str) -> str:
    """An address the route's pattern matches: each parameter becomes a value of its kind."""
    return re.sub(r"\{[^}:]+:path\}", "a/b", re.sub(r"\{[^}:]+(:int)?\}", "7", path))


def _scope(path: str, method: str = "GET") -> dict[str, object]:
    return {"type": "http", "path": path, "method": method, "root_path": "", "headers": []}


def test_the_key_is_the_fixed_segments_every_route_starts_with() -> None:
    assert routes_key(["/", "/signin", "/signup/confirm/{token}"]) == (
        1,
        frozenset({"", "signin", "signup"}),
    )
    assert routes_key(["/api/v1/me", "/api/v1/cases/{id}/letter"]) == (
        3,
        frozenset({"api/v1/me", "api/v1/cases"}),
    )
    assert routes_key(["/cases", "/{anything}"]) is None  # a route that matches any start
    assert routes_key([]) is None
    assert leading("/api/v1/cases/7", 3) == "api/v1/cases"
    assert leading("/api/v1", 3) == "api/v1" and leading("/", 1) == ""


def test_a_refusal_never_hides_a_route_of_the_app() -> None:
    routers = _routers()
    assert len(routers) >= 20 and all(r.key() is not None for r in routers)
    addresses = [
        (_an_address(route.path), route)
        for router in routers
        for route in router.routes
        if isinstance(route, Route)
    ]
    refused = 0
    for router in routers:
        depth, starts = router.key() or (0, frozenset())
        for address, _route in addresses:
            if leading(address, depth) in starts:
                continue
            refused += 1
            assert router.matches(_scope(address))[0] == Match.NONE
            for own in router.routes:  # no route of the refusing router matches the address
                assert not (isinstance(own, Route) and own.path_regex.match(address)), address
        for address, route in addresses:
            if route in router.routes:  # its own routes' addresses are never refused
                assert leading(address, depth) in starts, address
    assert refused > len(addresses)  # most routers refuse most addresses


def test_unknown_addresses_wrong_methods_and_slashes_are_answered_as_before(
    client: TestClient,
) -> None:
    assert client.get("/nowhere").status_code == 404
    assert client.get("/api/v1").status_code == 404
    assert client.get("/api/v1/nothing-here").json()["ok"] is False
    assert client.put("/api/v1/health").status_code == 405
    assert client.delete("/cases").status_code == 405
    moved = client.get("/cases/")
    assert moved.status_code == 307 and moved.headers["location"].endswith("/cases")
    assert client.get("/api/v1/health").json()["ok"] is True
    assert client.get("/signin").status_code == 200
