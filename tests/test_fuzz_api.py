"""Schemathesis over /openapi.json, in process, with a real token: no request the schema allows
(or nearly allows) gets a server error. Bounded: a few examples per operation, no deadline.

The requests are generated once per run (derandomized, they come out the same for either
database), then every one of them is sent to each database's app."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

from .conftest import World, bearer

EXAMPLES = 12
GENERATED: dict[str, list[Any]] = {}  # operation -> its cases, from the first app's schema


def _cases(operation: Any) -> list[Any]:
    cases: list[Any] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def collect(case: Any) -> None:
        cases.append(case)

    collect()
    return cases


def _generated(app: Any) -> dict[str, list[Any]]:
    if not GENERATED:
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        for result in schema.get_all_operations():
            operation = result.ok()
            GENERATED[operation.label] = _cases(operation)
    return GENERATED


def test_no_generated_request_gets_a_server_error(app: Any, world: World) -> None:
    operations = _generated(app)
    assert len(operations) >= 30
    token = bearer(world, "owner")
    failures: list[tuple[str, int, str]] = []
    answered: dict[str, set[int]] = {}
    calls = 0
    for label, cases in operations.items():
        for case in cases:  # to this app, whichever app's schema generated it
            response = case.call(headers=token, app=app)
            calls += 1
            answered.setdefault(label, set()).add(response.status_code)
            if response.status_code >= 500:
                failures.append((label, response.status_code, response.text[:300]))
    assert calls >= len(operations) * 3
    assert 200 in answered["GET /api/v1/me"]  # this database's app, signed in with its token
    assert failures == []
