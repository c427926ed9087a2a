"""Schemathesis over /openapi.json, in process, with a real token: no request the schema allows
(or nearly allows) gets a server error. Bounded: a few examples per operation, no deadline."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

from .conftest import World, bearer

EXAMPLES = 12


def test_no_generated_request_gets_a_server_error(app: Any, world: World) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    token = bearer(world, "owner")
    failures: list[tuple[str, int, str]] = []
    calls = 0
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def exercise(case: Any) -> None:
            nonlocal calls
            response = case.call(headers=token)
            calls += 1
            if response.status_code >= 500:
                failures.append((case.operation.label, response.status_code, response.text[:300]))

        exercise()
    assert calls >= len(operations) * 3
    assert failures == []
