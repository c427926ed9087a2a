"""A quote the API refuses for a value of the wrong type names the field as the reader knows it,
in the reader's language: never ``working_days`` or ``rush`` as the code, nor "Organisation
type" for the kind of case."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.cases.service import open_case
from reinstate.workbench import Workbench

from .conftest import World, bearer


@pytest.mark.parametrize(
    ("body", "english", "chinese"),
    [
        (
            {"working_days": 2.5},
            "Delivery time (working days) is not valid: a whole number is expected.",
            "交付时间（工作日）",
        ),
        ({"rush": "asap"}, "Rush delivery is not valid: true or false is expected.", "加急交付"),
        ({"advisory": [1]}, "Quarterly advisory is not valid:", "季度顾问"),
        ({"kind": 5}, "Kind of case must be one of: metric, suspension,", "案件类型必须是以下之一"),
    ],
)
def test_a_value_of_the_wrong_type_names_the_field_in_the_readers_words(
    body: dict[str, Any],
    english: str,
    chinese: str,
    client: TestClient,
    wb: Workbench,
    world: World,
) -> None:
    case = open_case(wb, world.actor(wb, "owner"), world.account_a, ["counterfeit"]).id
    url = f"/api/v1/cases/{case}/engagement/quote"
    for language, says in (("en", english), ("zh-CN", chinese)):
        headers = bearer(world, "teammate") | {"Accept-Language": language}
        refused = client.post(url, headers=headers, json=body)
        assert refused.status_code == 422
        message = refused.json()["error"]["message"]
        assert message.startswith(says) if language == "en" else says in message
        assert not message.startswith(("working_days", "rush ", "advisory"))
        assert "Organisation type" not in message and "组织类型" not in message
