"""Intake through a private link (no sign-in, counted per address, the screenshot checked like
evidence) and from a client member; an accepted request becomes an account and a case the client
sees (issue 19)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from reinstate.provider.intake_service import new_link, requests_of
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .persona_world import INTAKE, INTAKE_FORM
from .test_evidence_checks import image_bytes

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _send(client: TestClient, link: str, data: dict[str, str], files: Any = None) -> Any:
    page = client.get(f"/intake/{link}")
    assert page.status_code == 200
    token = _CSRF.search(page.text)
    assert token
    return client.post(
        f"/intake/{link}", data={**data, "csrf_token": token.group(1)}, files=files or {}
    )


def test_anyone_with_the_link_sends_a_request_without_signing_in(
    client: TestClient, wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    link = new_link(wb, owner)
    screenshot = {"file": ("status.png", image_bytes((1200, 800), "PNG"), "image/png")}
    sent = _send(client, link, {**INTAKE_FORM, "screenshot": ""}, screenshot)
    assert sent.status_code == 200, sent.text
    assert "Thank you: we have your request" in sent.text
    [stored] = requests_of(wb, owner)
    assert stored.request["order_ids"] == ["J-1001", "J-1002", "J-1003"]
    assert stored.screenshot_name == "status.png" and len(stored.screenshot_sha256) == 64
    assert stored.verdict == {"eligible": True, "refusals": [], "missing": []}
    # out of scope: refused with the reason; missing facts listed
    refused = _send(client, link, {"category": "medical_devices", "platform": "amazon"})
    assert "Appeals for medical devices are out of scope." in refused.text
    assert "Missing: 3 to 5 typical order ids" in refused.text
    # a link nobody made does not exist
    assert client.get("/intake/not-a-link").status_code == 404


def test_the_link_is_rate_limited_per_address(
    client: TestClient, wb: Workbench, world: World
) -> None:
    link = new_link(wb, world.actor(wb, "owner"))
    statuses = [_send(client, link, {"platform": "joom"}).status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]


def test_a_client_asks_for_a_case_and_sees_it_once_accepted(
    client: TestClient, wb: Workbench, world: World
) -> None:
    sent = client.post("/api/v1/intake", headers=bearer(world, "client"), json={"request": INTAKE})
    assert sent.status_code == 201, sent.text
    request_id = sent.json()["id"]
    assert sent.json()["eligible"] is True
    # the client sees its own requests only; the team sees all, including an anonymous one
    link = new_link(wb, world.actor(wb, "owner"))
    _send(client, link, {"platform": "joom"})
    mine = client.get("/api/v1/intake", headers=bearer(world, "client")).json()["requests"]
    assert [r["id"] for r in mine] == [request_id]
    team = client.get("/api/v1/intake", headers=bearer(world, "teammate")).json()["requests"]
    assert len(team) == 2
    incomplete = team[0]["id"]
    refused = client.post(f"/api/v1/intake/{incomplete}/accept", headers=bearer(world, "owner"))
    assert refused.status_code == 422
    accepted = client.post(f"/api/v1/intake/{request_id}/accept", headers=bearer(world, "teammate"))
    assert accepted.status_code == 201, accepted.text
    case = accepted.json()
    assert case["violations"] == ["valid_tracking"]
    again = client.post(f"/api/v1/intake/{request_id}/accept", headers=bearer(world, "owner"))
    assert again.status_code == 409
    seen = client.get(f"/api/v1/cases/{case['id']}", headers=bearer(world, "client"))
    assert seen.status_code == 200
    assert (
        client.post(
            f"/api/v1/intake/{request_id}/accept", headers=bearer(world, "client")
        ).status_code
        == 403
    )
    assert client.post("/api/v1/intake/links", headers=bearer(world, "teammate")).status_code == 403
    made = client.post("/api/v1/intake/links", headers=bearer(world, "owner"))
    assert made.status_code == 201 and made.json()["path"].startswith("/intake/")
    assert client.get(made.json()["path"]).status_code == 200
