"""Passwords that cannot be guessed, sign-ins that cannot be hammered, rehearsals that cannot
be used to test guesses."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.auth import service
from reinstate.auth.actor import Actor
from reinstate.clock import FrozenClock
from reinstate.errors import InvalidInput, NotAuthenticated, TooManyAttempts
from reinstate.workbench import Workbench

from .conftest import PASSWORD, WebUser, World


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("aaaaaaaaaa", "too short"),
        ("aaaaaaaaaaaa", "too common or too easy"),
        ("password1234", "too common or too easy"),
        ("qwertyuiop123", "too common or too easy"),
        ("newcomer@example.com", "must not contain your email"),
        ("NEWCOMER-blue-ocean-77", "must not contain your email"),
    ],
)
def test_it_refuses_weak_passwords_for_new_members(
    wb: Workbench, world: World, password: str, reason: str
) -> None:
    owner = world.actor(wb, "owner")
    with pytest.raises(InvalidInput, match=reason):
        service.create_user(wb, owner, "newcomer@example.com", "agent", password)


def test_it_accepts_the_personas_and_generated_passwords(wb: Workbench, world: World) -> None:
    owner = world.actor(wb, "owner")
    assert service.create_user(wb, owner, "newcomer@example.com", "agent", PASSWORD).id
    with wb.db.transaction() as session:
        user = service.user_by_email(wb, "newcomer@example.com")
        merged = session.merge(user)
        with pytest.raises(InvalidInput, match="too short"):
            service.reset_password(session, wb, Actor.command_line(world.org_a), merged, "short")


def _wrong(web: WebUser, email: str) -> int:
    return int(web.sign_in(email, "not-the-password-at-all").status_code)


def test_it_locks_an_account_after_ten_failures_and_lets_it_in_after_the_window(
    web: WebUser, world: World, clock: FrozenClock
) -> None:
    start = clock.now()
    assert [_wrong(web, "owner@example.com") for _ in range(10)] == [401] * 10
    refused = web.sign_in("owner@example.com", PASSWORD)  # the right password, too late
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.text
    assert 1 <= int(refused.headers["Retry-After"]) <= 15 * 60 + 1
    clock.set(start + timedelta(minutes=15, seconds=1))
    assert web.sign_in("owner@example.com", PASSWORD).status_code == 303


def test_it_throttles_a_client_address_that_tries_many_accounts(
    app: Any, world: World, clock: FrozenClock
) -> None:
    with TestClient(app, follow_redirects=False, client=("203.0.113.7", 4000)) as probing:
        prober = WebUser(probing)
        assert [_wrong(prober, f"guess{i}@example.com") for i in range(10)] == [401] * 10
        assert prober.sign_in("owner@example.com").status_code == 429
    with TestClient(app, follow_redirects=False, client=("198.51.100.1", 4000)) as elsewhere:
        assert WebUser(elsewhere).sign_in("owner@example.com").status_code == 303


def test_the_count_is_shared_by_workers_on_the_same_database(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    second = Workbench.open(wb.settings, clock)  # another worker: its own engine and pool
    failures: list[str] = []

    def fail(worker: Workbench) -> None:
        try:
            service.authenticate(worker, "teammate@example.com", "wrong-guess-123", client="x")
        except NotAuthenticated:
            failures.append("401")
        except TooManyAttempts:
            failures.append("429")

    try:
        threads = [threading.Thread(target=fail, args=(w,)) for w in (wb, second) * 5]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures.count("401") == 10
        with pytest.raises(TooManyAttempts):
            service.authenticate(second, "teammate@example.com", PASSWORD)
    finally:
        second.close()


def test_it_throttles_sign_ups_from_one_address(app: Any) -> None:
    with TestClient(app, follow_redirects=False) as browser:
        user = WebUser(browser)
        statuses = []
        for i in range(11):
            form = {
                "organisation": "",  # refused after it was counted
                "kind": "seller",
                "email": f"new{i}@example.com",
                "password": PASSWORD,
            }
            statuses.append(user.post("/signup", form, page="/signup").status_code)
    assert statuses == [422] * 10 + [429]


def test_it_refuses_a_common_password_at_sign_up(web: WebUser) -> None:
    form = {
        "organisation": "Red Sea",
        "kind": "seller",
        "email": "red@example.com",
        "password": "password1234",
    }
    response = web.post("/signup", form, page="/signup")
    assert response.status_code == 422 and "too common" in response.text


def test_viewers_cannot_rehearse_and_members_are_limited(
    as_persona: Any, world: World, clock: FrozenClock
) -> None:
    page = f"/accounts/{world.account_a}/rehearse"
    viewer = as_persona("viewer")
    assert viewer.client.get(page).status_code == 403
    guess = {"legal_rep_id_number": "11010519491231002X"}
    assert viewer.post(page, guess, page="/accounts").status_code == 403
    owner = as_persona("owner")
    answers = [owner.post(page, guess, page=page) for _ in range(21)]
    assert [a.status_code for a in answers] == [200] * 20 + [429]
    assert "Too many rehearsals" in answers[-1].text
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 15 * 60 + 1
    clock.set(clock.now() + timedelta(minutes=16))
    assert owner.post(page, guess, page=page).status_code == 200
