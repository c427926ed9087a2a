"""Seller account and organisation pages, for every persona: owner, teammate, client, viewer and
an outsider from another organisation."""

from __future__ import annotations

from typing import Any

import pytest

from reinstate.accounts.service import get_account
from reinstate.workbench import Workbench

from .conftest import VALID_ID, World


def _id_routes(world: World) -> dict[str, str]:
    a = world.account_a
    return {
        f"/accounts/{a}": "get",
        f"/accounts/{a}/edit": "get",
        f"/accounts/{a}/activity": "get",
        f"/accounts/{a}/edit?post": "post",
        f"/accounts/{a}/delete": "post",
        f"/accounts/{a}/clients": "post",
    }


def test_it_answers_an_outsider_404_on_every_account_route(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    outsider = as_persona("outsider")
    for path, method in _id_routes(world).items():
        if method == "get":
            response = outsider.client.get(path)
        else:
            response = outsider.post(
                path.removesuffix("?post"),
                {"store_name": "Mine now", "email": "client@example.com"},
                page="/accounts",
            )
        assert response.status_code == 404, path
        assert "Blue Ocean Home" not in response.text
    assert "Blue Ocean Home" not in outsider.client.get("/accounts").text
    assert "owner@example.com" not in outsider.client.get("/activity").text
    owner = world.actor(wb, "owner")
    assert get_account(wb, owner, world.account_a).store_name == "Blue Ocean Home"


def test_it_answers_an_outsider_404_on_members_and_tokens_of_others(
    as_persona: Any, world: World
) -> None:
    outsider = as_persona("outsider")
    owner = as_persona("owner")
    members = owner.client.get("/members").text
    teammate_id = members.split('action="/members/')[2].split("/role")[0]
    response = outsider.post(f"/members/{teammate_id}/role", {"role": "viewer"}, page="/members")
    assert response.status_code == 404
    assert "teammate@example.com" not in outsider.client.get("/members").text
    # the owner's API token was made for the tests (credential 1); the outsider cannot revoke it
    assert outsider.post("/tokens/1/revoke", page="/tokens").status_code == 404


@pytest.mark.parametrize("persona", ["viewer", "client"])
def test_it_lets_viewers_and_clients_change_nothing(
    as_persona: Any, persona: str, world: World, wb: Workbench
) -> None:
    user = as_persona(persona)
    a = world.account_a
    assert user.client.get("/accounts/new").status_code == 403
    assert user.client.get(f"/accounts/{a}/edit").status_code == 403
    attempts = {
        "/accounts/new": {"platform": "joom", "store_name": "Sneaky"},
        f"/accounts/{a}/edit": {"store_name": "Sneaky"},
        f"/accounts/{a}/delete": {},
        f"/accounts/{a}/clients": {"email": "client@example.com", "action": "remove"},
        "/members": {"email": "x@example.com", "role": "owner", "password": "a-long-password"},
    }
    for path, data in attempts.items():
        response = user.post(path, data, page="/accounts")
        assert response.status_code == 403, path
        # a client adds to its cases, so it is told it cannot do this, not that it changes nothing
        refusal = "cannot do this" if persona == "client" else "cannot change anything"
        assert refusal in response.text or "Only an owner" in response.text
    page = user.client.get(f"/accounts/{a}").text
    assert "Blue Ocean Home" in page and f"/accounts/{a}/edit" not in page
    assert get_account(wb, world.actor(wb, "owner"), a).store_name == "Blue Ocean Home"


def test_it_shows_a_client_only_their_accounts(as_persona: Any, world: World) -> None:
    client = as_persona("client")
    listing = client.client.get("/accounts").text
    assert "Blue Ocean Home" in listing and "Blue Ocean US" not in listing
    assert client.client.get(f"/accounts/{world.account_a2}").status_code == 404
    assert "Blue Ocean US" not in client.client.get("/activity").text


def test_it_lets_a_teammate_add_edit_and_delete_an_account(as_persona: Any, world: World) -> None:
    agent = as_persona("teammate")
    response = agent.post(
        "/accounts/new",
        {
            "platform": "shopee",
            "store_name": "blueocean.ph",
            "marketplace": "PH",
            "legal_rep_id_number": VALID_ID,
        },
        page="/accounts/new",
    )
    assert response.status_code == 303
    location = response.headers["location"]
    page = agent.client.get(location).text
    assert "blueocean.ph" in page and "Shopee" in page
    edit = agent.client.get(location + "/edit").text
    assert VALID_ID not in edit and 'placeholder="110***********002X"' in edit
    # an empty ID field keeps the number on file
    response = agent.post(
        location + "/edit",
        {"platform": "shopee", "store_name": "Blue Ocean PH", "legal_rep_id_number": ""},
        page=location,
    )
    assert response.status_code == 303
    page = agent.client.get(location).text
    assert "Blue Ocean PH" in page and "110***********002X" in page
    activity = agent.client.get(location + "/activity").text
    assert "Changed the seller account" in activity and "blueocean.ph" in activity
    assert agent.post(location + "/delete", page=location).status_code == 303
    assert "Blue Ocean PH" not in agent.client.get("/accounts").text
    assert "Deleted the seller account" in agent.client.get("/activity").text


def test_it_redisplays_the_form_with_one_clear_sentence(as_persona: Any, world: World) -> None:
    owner = as_persona("owner")
    response = owner.post(
        "/accounts/new", {"platform": "ebay", "store_name": "My <b>shop</b>"}, page="/accounts/new"
    )
    assert response.status_code == 422
    assert "Platform “ebay” is not known" in response.text
    assert 'value="My &lt;b&gt;shop&lt;/b&gt;"' in response.text


def test_it_escapes_what_users_typed(as_persona: Any, world: World) -> None:
    owner = as_persona("owner")
    response = owner.post(
        "/accounts/new",
        {"platform": "joom", "store_name": "<script>alert('x')</script>"},
        page="/accounts/new",
    )
    page = owner.client.get(response.headers["location"]).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)" in page
    assert "default-src 'self'" in owner.client.get("/accounts").headers["content-security-policy"]


def test_it_never_shows_a_full_identity_number(as_persona: Any, world: World) -> None:
    owner = as_persona("owner")
    for path in (
        f"/accounts/{world.account_a}",
        f"/accounts/{world.account_a}/edit",
        f"/accounts/{world.account_a}/activity",
        "/activity",
    ):
        page = owner.client.get(path).text
        assert VALID_ID not in page, path
    assert "110***********002X" in owner.client.get(f"/accounts/{world.account_a}").text


def test_it_shows_the_organisation_activity_with_before_and_after(
    as_persona: Any, world: World
) -> None:
    owner = as_persona("owner")
    owner.post(
        f"/accounts/{world.account_a2}/edit",
        {"platform": "amazon", "store_name": "Blue Ocean USA"},
        page=f"/accounts/{world.account_a2}",
    )
    page = owner.client.get("/activity").text
    row = page.split("Changed the seller account")[1].split("</tr>")[0]
    assert "Blue Ocean US<" in row and "Blue Ocean USA" in row and "Store name" in row


def test_it_lets_an_owner_add_members_and_change_roles(as_persona: Any, world: World) -> None:
    owner = as_persona("owner")
    response = owner.post(
        "/members",
        {"email": "new@example.com", "role": "client", "password": "a-long-password"},
        page="/members",
    )
    assert response.status_code == 200 and "new@example.com can now sign in" in response.text
    response = owner.post(
        "/members",
        {"email": "new@example.com", "role": "client", "password": "a-long-password"},
        page="/members",
    )
    assert response.status_code == 409
    response = owner.post(
        "/members",
        {"email": "x@example.com", "role": "client", "password": "short"},
        page="/members",
    )
    assert response.status_code == 422 and "at least 12 characters" in response.text
    response = owner.post(
        f"/accounts/{world.account_a2}/clients",
        {"email": "new@example.com", "action": "add"},
        page=f"/accounts/{world.account_a2}",
    )
    assert response.status_code == 303
    assert "new@example.com" in owner.client.get(f"/accounts/{world.account_a2}").text


def test_it_creates_shows_once_and_revokes_api_tokens(as_persona: Any, world: World) -> None:
    owner = as_persona("owner")
    page = owner.post("/tokens", {"name": "ERP sync", "days": "30"}, page="/tokens").text
    token = page.split('<code id="new-token">')[1].split("</code>")[0]
    assert (
        owner.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()["email"]
        == "owner@example.com"
    )
    listing = owner.client.get("/tokens").text
    assert token not in listing and "ERP sync" in listing
    revoke = listing.split("ERP sync")[1].split('action="')[1].split('"')[0]
    assert owner.post(revoke, page="/tokens").status_code == 303
    answer = owner.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401 and answer.json()["error"]["message"] == (
        "This token has been revoked."
    )
    bad = owner.post("/tokens", {"name": "x", "days": "many"}, page="/tokens")
    assert bad.status_code == 422 and "1 to 3650 days" in bad.text


def test_it_renders_unknown_pages_in_the_users_language(client: Any) -> None:
    response = client.get("/nowhere", headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 404 and "页面不存在。" in response.text


def test_every_file_a_page_asks_for_is_served_from_the_workbench_itself(
    as_persona: Any, world: World, client: Any
) -> None:
    """The icon, style sheet and scripts of the sign-in page and of signed-in pages: each is
    ours and answers 200 (a browser asks for /favicon.ico, a 404, where no icon is named)."""
    import re

    owner = as_persona("owner")
    for path in ("/signin", "/today", f"/accounts/{world.account_a}"):
        page = (client if path == "/signin" else owner.client).get(path).text
        assert re.search(r'<link rel="icon" href="/static/[^"]+"', page), path
        asked = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
        assert asked, path
        for url in asked:
            assert owner.client.get(url).status_code == 200, url
