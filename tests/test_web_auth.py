"""Signing up, in and out in the web UI; cookies, CSRF and the language switch."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from reinstate.cases.service import open_case
from reinstate.web.app import PAGE_ROUTERS
from reinstate.workbench import Workbench

from .conftest import PASSWORD, WebUser, World, bearer


def test_it_sends_visitors_to_sign_in(client: TestClient) -> None:
    response = client.get("/accounts?platform=joom")
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=%2Faccounts%3Fplatform%3Djoom"


def test_it_signs_up_by_the_mailed_link_and_lands_on_an_empty_workbench(
    web: WebUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="reinstate.web")
    response = web.client.post(
        "/signup",
        data={
            "organisation": "Shenzhen Star 深圳星辰",
            "kind": "seller",
            "email": "chen@example.com",
            "password": "a-long-password",
            "csrf_token": web.csrf("/signup"),
        },
    )
    assert (
        response.status_code == 200 and "We have sent a link to chen@example.com" in response.text
    )
    link = re.search(r"/signup/confirm/[\w-]+", caplog.text)
    assert link, caplog.text
    assert web.client.get(link.group(0)).status_code == 200
    assert web.post(link.group(0), page=link.group(0)).headers["location"] == "/today"
    page = web.client.get("/accounts")
    assert "chen@example.com" in page.text and "No seller accounts yet." in page.text


def test_it_keeps_what_was_typed_when_sign_up_fails(web: WebUser, world: World) -> None:
    response = web.client.post(
        "/signup",
        data={
            "organisation": "Dup Co",
            "kind": "seller",
            "email": "owner@example.com",
            "password": "short",
            "csrf_token": web.csrf("/signup"),
        },
    )
    assert response.status_code == 422
    assert "Password is too short" in response.text
    assert 'value="Dup Co"' in response.text and 'value="owner@example.com"' in response.text
    assert 'value="short"' not in response.text


def test_it_signs_in_with_a_hardened_cookie(web: WebUser, world: World) -> None:
    response = web.sign_in("owner@example.com")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert web.client.get("/accounts").status_code == 200


def test_it_refuses_a_wrong_password_with_one_sentence(web: WebUser, world: World) -> None:
    response = web.sign_in("owner@example.com", "not-the-password")
    assert response.status_code == 401
    assert "Email or password is incorrect." in response.text
    assert web.client.get("/accounts").status_code == 303


def test_it_signs_out_and_the_old_cookie_stops_working(web: WebUser, world: World) -> None:
    web.sign_in("owner@example.com")
    stolen = dict(web.client.cookies)
    assert web.post("/signout", page="/accounts").status_code == 303
    assert web.client.get("/accounts").status_code == 303
    web.client.cookies.clear()
    for name, value in stolen.items():
        web.client.cookies.set(name, value)
    assert web.client.get("/accounts").status_code == 303  # the session was ended server-side


def test_it_never_redirects_to_another_site_after_sign_in(web: WebUser, world: World) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        web.client.cookies.clear()  # signing in starts a new session each time
        response = web.client.post(
            "/signin",
            data={
                "email": "owner@example.com",
                "password": PASSWORD,
                "next": target,
                "csrf_token": web.csrf("/signin"),
            },
        )
        assert response.headers["location"] == "/today"


def _form_routes() -> list[str]:
    return sorted(
        route.path
        for router in PAGE_ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and "POST" in route.methods
    )


def test_it_refuses_every_form_posted_without_its_csrf_token(web: WebUser, world: World) -> None:
    web.sign_in("owner@example.com")
    routes = _form_routes()
    assert len(routes) >= 10
    for path in routes:
        concrete = re.sub(r"\{\w+\}", "1", path.replace("{account_id}", str(world.account_a)))
        for data in ({}, {"csrf_token": "forged"}):
            response = web.client.post(
                concrete, data={**data, "email": "x@example.com", "password": PASSWORD}
            )
            assert response.status_code == 403, concrete
            assert "reload the page and try again" in response.text
    assert web.client.get(f"/accounts/{world.account_a}").status_code == 200


def test_it_takes_the_language_from_the_browser(client: TestClient) -> None:
    page = client.get("/signin", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-CN">' in page.text and "登录" in page.text
    assert page.headers["content-language"] == "zh-CN"
    page = client.get("/signin", headers={"Accept-Language": "en-US"})
    assert '<html lang="en">' in page.text


def test_it_keeps_the_language_a_user_chose(as_persona: Any, app: Any, world: World) -> None:
    user = as_persona("owner")
    response = user.post("/language", {"language": "zh_CN", "next": "/accounts"}, page="/accounts")
    assert response.headers["location"] == "/accounts"
    assert "店铺" in user.client.get("/accounts", headers={"Accept-Language": "en"}).text
    # in a new browser, after signing in again, the choice is still there
    fresh = WebUser(TestClient(app, follow_redirects=False))
    fresh.sign_in("owner@example.com")
    assert '<html lang="zh-CN">' in fresh.client.get("/accounts").text


@pytest.mark.parametrize("header", ["Bearer", "Basic b3duZXI6cHc="])
def test_it_refuses_api_calls_on_a_web_cookie_alone(
    as_persona: Any, header: str, world: World
) -> None:
    user = as_persona("owner")
    assert user.client.get("/api/v1/accounts").status_code == 401
    assert user.client.get("/api/v1/accounts", headers={"Authorization": header}).status_code == 401


def test_a_form_sent_after_the_session_ended_leads_back_to_its_page_after_sign_in(
    web: WebUser, world: World
) -> None:
    """A member writes a comment, their session ends meanwhile (signed out in another tab,
    expired), they send it: signing in again brings them back to the case, not to the address
    the form posts to (which answers only POST: "This address does not accept that method")."""
    web.sign_in("owner@example.com")
    case = web.client.post(
        "/api/v1/cases",
        json={"account_id": world.account_a, "violations": ["counterfeit"]},
        headers={"Authorization": f"Bearer {world.tokens['owner']}"},
    ).json()["id"]
    token = web.csrf(f"/cases/{case}")
    ended = dict(web.client.cookies)
    assert web.post("/signout", page="/accounts").status_code == 303
    for name, value in ended.items():
        web.client.cookies.set(name, value)
    sent = web.client.post(
        f"/cases/{case}/comment",
        data={"comment": "The carrier called back", "csrf_token": token},
        headers={"Referer": f"http://testserver/cases/{case}?tab=history"},
    )
    assert sent.headers["location"] == f"/signin?next=%2Fcases%2F{case}%3Ftab%3Dhistory"
    signed_in = web.client.post(
        "/signin",
        data={
            "email": "owner@example.com",
            "password": PASSWORD,
            "next": f"/cases/{case}?tab=history",
            "csrf_token": web.csrf("/signin"),
        },
    )
    assert web.client.get(signed_in.headers["location"]).status_code == 200
    # no page to go back to (no Referer, or another site's): Today
    for referer in ({}, {"Referer": "https://evil.example/cases/1"}):
        web.client.cookies.clear()
        web.client.cookies.set("reinstate_session", "ended")
        sent = web.client.post(f"/cases/{case}/comment", data={"comment": "x"}, headers=referer)
        assert sent.headers["location"] == "/signin?next=%2Ftoday"


def test_no_page_or_file_of_a_member_is_kept_in_a_cache(
    as_persona: Any, client: TestClient, world: World, wb: Workbench
) -> None:
    """On a computer an office shares, the Back button after signing out, or the browser's or a
    proxy's cache, showed a case page kept from before: what a member reads is never stored.
    The app's own stylesheets and scripts may be."""
    case = open_case(wb, world.actor(wb, "owner"), world.account_a, ["counterfeit"]).id
    client_user = as_persona("client")
    for path in ("/today", f"/cases/{case}", f"/accounts/{world.account_a}", "/signin"):
        assert client_user.client.get(path).headers["cache-control"] == "no-store", path
    api = client.get(f"/api/v1/accounts/{world.account_a}", headers=bearer(world, "client"))
    assert api.status_code == 200 and api.headers["cache-control"] == "no-store"
    assert "no-store" not in client.get("/static/style.css").headers.get("cache-control", "")
