"""A client's decision on a letter written as a person writes it ("Approved", "Changes
requested") is the decision; a word that is neither is refused naming the field in the
reader's language, never its code."""

from __future__ import annotations

from fastapi.testclient import TestClient

from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_provider_portal import _with_letter


def test_a_decision_written_in_capitals_or_with_spaces_is_the_decision(
    client: TestClient, world: World, wb: Workbench
) -> None:
    case = _with_letter(wb, world)
    url = f"/api/v1/cases/{case}/letters/1/approval"
    headers = bearer(world, "client")
    asked = client.post(
        url, headers=headers, json={"decision": "Changes requested", "comment": "Add the typhoon"}
    )
    assert asked.status_code == 201, asked.text
    assert asked.json()["decision"] == "changes_requested"
    approved = client.post(url, headers=headers, json={"decision": " APPROVED "})
    assert approved.status_code == 201 and approved.json()["decision"] == "approved"
    refused = client.post(
        url, headers=headers | {"Accept-Language": "zh-CN"}, json={"decision": "好的"}
    )
    assert refused.status_code == 422
    message = refused.json()["error"]["message"]
    assert message.startswith("对申诉信的决定必须是以下之一") and "decision" not in message
