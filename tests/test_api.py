"""The JSON API: bearer tokens, the error envelope, tenancy and roles on every route."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.auth.service import issue_credential, revoke_credential, user_by_email
from reinstate.clock import FrozenClock
from reinstate.workbench import Workbench

from .conftest import VALID_ID, World, bearer

ROUTES = [
    ("get", "/api/v1/accounts"),
    ("post", "/api/v1/accounts"),
    ("get", "/api/v1/accounts/{a}"),
    ("patch", "/api/v1/accounts/{a}"),
    ("delete", "/api/v1/accounts/{a}"),
    ("get", "/api/v1/accounts/{a}/activity"),
    ("get", "/api/v1/activity"),
    ("get", "/api/v1/me"),
]


def _call(client: TestClient, method: str, path: str, world: World, **kwargs: Any) -> Any:
    url = path.replace("{a}", str(world.account_a))
    body = {"platform": "joom", "store_name": "x"} if method in ("post", "patch") else None
    return client.request(method.upper(), url, json=body, **kwargs)


def test_it_answers_health_without_a_token(client: TestClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["ok"] is True and response.json()["database"] == "ok"


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_it_answers_401_in_the_envelope_without_a_valid_token(
    client: TestClient, world: World, method: str, path: str
) -> None:
    for headers in ({}, {"Authorization": "Bearer rst_forged"}, {"Authorization": "Basic eDp4"}):
        response = _call(client, method, path, world, headers=headers)
        assert response.status_code == 401, (path, headers)
        body = response.json()
        assert body["ok"] is False and body["status"] == 401
        assert body["error"]["code"] == "not_authenticated" and body["error"]["message"]
        assert response.headers["www-authenticate"] == "Bearer"


def test_it_refuses_expired_and_revoked_tokens_with_a_reason(
    client: TestClient, wb: Workbench, world: World, clock: FrozenClock
) -> None:
    user = user_by_email(wb, "owner@example.com")
    short = issue_credential(wb, user, "api", days=1).secret
    revoked = issue_credential(wb, user, "api")
    revoke_credential(wb, user, revoked.credential.id)
    answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {revoked.secret}"})
    assert answer.json()["error"]["message"] == "This token has been revoked."
    clock.set(clock.now() + timedelta(days=2))
    answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {short}"})
    assert answer.status_code == 401
    assert answer.json()["error"]["message"] == "This token expired on 2026-11-19."


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if "{a}" in r[1]])
def test_it_answers_an_outsider_404_for_another_organisations_account(
    client: TestClient, world: World, method: str, path: str
) -> None:
    response = _call(client, method, path, world, headers=bearer(world, "outsider"))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    owner = client.get(f"/api/v1/accounts/{world.account_a}", headers=bearer(world, "owner"))
    assert owner.json()["store_name"] == "Blue Ocean Home"


@pytest.mark.parametrize("persona", ["viewer", "client"])
@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if r[0] != "get"])
def test_it_lets_viewers_and_clients_change_nothing(
    client: TestClient, world: World, persona: str, method: str, path: str
) -> None:
    response = _call(client, method, path, world, headers=bearer(world, persona))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    listing = client.get("/api/v1/accounts", headers=bearer(world, "owner")).json()
    assert listing["count"] == 2


def test_it_lists_for_a_client_only_the_accounts_given_to_them(
    client: TestClient, world: World
) -> None:
    listing = client.get("/api/v1/accounts", headers=bearer(world, "client")).json()
    assert [a["id"] for a in listing["items"]] == [world.account_a]
    hidden = client.get(f"/api/v1/accounts/{world.account_a2}", headers=bearer(world, "client"))
    assert hidden.status_code == 404


def test_it_creates_reads_changes_and_deletes_an_account(client: TestClient, world: World) -> None:
    headers = bearer(world, "teammate")
    created = client.post(
        "/api/v1/accounts",
        headers=headers,
        json={
            "platform": "tiktok_shop",
            "store_name": "Blue Ocean Living UK",
            "marketplace": "UK",
            "legal_rep_id_number": VALID_ID,
        },
    )
    assert created.status_code == 201
    account = created.json()
    assert account["legal_rep_id_number"] == "110***********002X"
    assert account["org_id"] == world.org_a and account["created_at"].endswith("+00:00")
    url = f"/api/v1/accounts/{account['id']}"
    changed = client.patch(url, headers=headers, json={"seller_id": "GB7494123456"})
    assert changed.status_code == 200
    assert changed.json()["seller_id"] == "GB7494123456"
    assert changed.json()["store_name"] == "Blue Ocean Living UK"
    activity = client.get(url + "/activity", headers=headers).json()["items"]
    assert [e["name"] for e in activity] == ["account.updated", "account.created"]
    assert activity[0]["before"] == {"seller_id": ""}
    assert activity[0]["actor"] == "teammate@example.com" and activity[0]["via"] == "api"
    assert client.delete(url, headers=headers).status_code == 204
    assert client.get(url, headers=headers).status_code == 404
    listing = client.get("/api/v1/accounts?platform=tiktok_shop", headers=headers).json()
    assert listing == {"items": [], "count": 0}


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"platform": "joom", "store_name": ""}, "store_name", "Store name must not be empty."),
        ({"platform": "ebay", "store_name": "x"}, "platform", "Platform “ebay” is not known"),
        ({"store_name": "x"}, "platform", "Platform must not be empty."),
        (
            {"platform": "joom", "store_name": "x", "colour": "red"},
            "colour",
            "Unknown field: colour.",
        ),
        ({"platform": "joom", "store_name": 5}, "store_name", "Store name is not valid"),
        (
            {"platform": "joom", "store_name": "x", "uscc": "123"},
            "uscc",
            "A unified social credit code has 18 characters.",
        ),
    ],
)
def test_it_refuses_bad_bodies_with_one_sentence_and_stores_nothing(
    client: TestClient, world: World, body: dict[str, Any], field: str, message: str
) -> None:
    response = client.post("/api/v1/accounts", headers=bearer(world, "owner"), json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == field and error["message"].startswith(message)
    assert client.get("/api/v1/accounts", headers=bearer(world, "owner")).json()["count"] == 2


def test_it_refuses_a_body_that_is_not_json(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/accounts",
        headers={**bearer(world, "owner"), "Content-Type": "application/json"},
        content=b"{not json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "The request body is not valid JSON."


def test_it_answers_in_the_language_asked_for(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/accounts",
        headers={**bearer(world, "owner"), "Accept-Language": "zh-CN"},
        json={"platform": "joom", "store_name": " "},
    )
    assert response.json()["error"]["message"] == "店铺名称不能为空。"
    missing = client.get(
        "/api/v1/accounts/999999", headers={**bearer(world, "owner"), "Accept-Language": "zh-CN"}
    )
    assert missing.json()["error"]["message"] == "店铺 999999 不存在。"


def test_it_publishes_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/health", "/api/v1/accounts", "/api/v1/accounts/{account_id}"} <= set(
        spec["paths"]
    )
    assert not any(not path.startswith("/api/") for path in spec["paths"])
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    # Offline and in mainland China: every script and style of the page is served by the app.
    assets = re.findall(r'(?:src|href)="([^"]+)"|url: *[\'"]([^\'"]+)', docs.text)
    urls = [a or b for a, b in assets]
    assert urls and all(url.startswith("/") for url in urls), urls
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert "cdn" not in docs.text.lower()


def test_it_serves_the_charting_script_itself(client: TestClient) -> None:
    from reinstate.web.vendor import PLOTLY_JS

    script = client.get(PLOTLY_JS)
    assert script.status_code == 200 and b"plotly" in script.content[:2000].lower()


def test_it_answers_unknown_api_paths_in_the_envelope(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json()["ok"] is False
    response = client.put("/api/v1/health")
    assert response.status_code == 405 and response.json()["error"]["code"] == (
        "method_not_allowed"
    )
