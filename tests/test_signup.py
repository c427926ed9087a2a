"""Signing up by an emailed link: the page says the same whether or not the email is taken, the
link makes the organisation once, within 24 hours, and its token stays out of the access log."""

from __future__ import annotations

import logging
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import func, select

from reinstate.auth.service import authenticate
from reinstate.auth.signups import confirm_sign_up, request_sign_up
from reinstate.clock import FrozenClock, SystemClock
from reinstate.errors import NotFound
from reinstate.logs import RedactUrlSecrets
from reinstate.settings import Settings
from reinstate.storage.tables import Organisation, SignUp, User
from reinstate.web import create_app
from reinstate.workbench import Workbench

from .conftest import NOW, PASSWORD, WebUser, World
from .live import serve_command

LINK = re.compile(r"https?://\S+/signup/confirm/([A-Za-z0-9_-]+)")


def _form(email: str, organisation: str = "Shenzhen Star 深圳星辰") -> dict[str, str]:
    return {"organisation": organisation, "kind": "seller", "email": email, "password": PASSWORD}


def _count(wb: Workbench, column: Any, *where: Any) -> int:
    with wb.db.reading() as session:
        return int(session.scalar(select(func.count(column)).where(*where)) or 0)


def _app(wb: Workbench, **changes: Any) -> Any:
    """The app of a server configured otherwise, on the same database."""
    changed = replace(wb, settings=wb.settings.model_copy(update=changes))
    return create_app(changed.settings, workbench=changed)


def _confirm(web: WebUser, token: str) -> Any:
    """Open the mailed link, then press its button (opening it alone makes nothing)."""
    page = web.client.get(f"/signup/confirm/{token}")
    if page.status_code != 200:
        return page
    return web.post(f"/signup/confirm/{token}", page=f"/signup/confirm/{token}")


def _links(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [m.group(1) for r in caplog.records for m in LINK.finditer(r.getMessage())]


@pytest.fixture
def mail_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING, logger="reinstate.web")
    return caplog


def test_a_new_and_a_taken_email_get_the_same_answer(
    web: WebUser, world: World, wb: Workbench, mail_log: pytest.LogCaptureFixture
) -> None:
    users = _count(wb, User.id)
    new = web.post("/signup", _form("chen@example.com"), page="/signup")
    taken = web.post("/signup", _form("owner@example.com"), page="/signup")
    assert new.status_code == taken.status_code == 200
    strip = re.compile(r'name="csrf_token" value="[^"]+"')
    assert strip.sub("", new.text.replace("chen@example.com", "EMAIL")) == strip.sub(
        "", taken.text.replace("owner@example.com", "EMAIL")
    )
    assert (
        "We have sent a link to chen@example.com to finish creating Shenzhen Star 深圳星辰. "
        "The link works for 24 hours." in new.text
    )
    # nothing is made yet; the taken address gets a notice and no pending sign-up
    assert (
        _count(wb, User.id) == users
        and _count(wb, Organisation.id, Organisation.name.like("Shenzhen%")) == 0
    )
    assert _count(wb, SignUp.id, SignUp.email == "chen@example.com") == 1
    assert _count(wb, SignUp.id, SignUp.email == "owner@example.com") == 0
    assert len(_links(mail_log)) == 1
    assert "Someone tried to create an organisation" in mail_log.text


def test_the_link_makes_the_organisation_once_and_signs_in(
    web: WebUser, world: World, wb: Workbench, mail_log: pytest.LogCaptureFixture
) -> None:
    web.post("/signup", _form("chen@example.com"), page="/signup")
    (token,) = _links(mail_log)
    with wb.db.reading() as session:
        stored = session.scalar(select(SignUp.token_hash))
    assert stored is not None and token not in stored  # only its digest is kept
    opened = web.client.get(f"/signup/confirm/{token}")  # what a mail scanner does too
    assert opened.status_code == 200 and "Shenzhen Star 深圳星辰" in opened.text
    assert web.client.get("/accounts").status_code == 303  # nobody signed in, nothing made
    assert _count(wb, Organisation.id, Organisation.name == "Shenzhen Star 深圳星辰") == 0
    response = _confirm(web, token)
    assert response.status_code == 303 and response.headers["location"] == "/today"
    page = web.client.get("/accounts")
    assert "chen@example.com" in page.text and "No seller accounts yet." in page.text
    again = web.client.get(f"/signup/confirm/{token}")
    assert again.status_code == 404
    assert "This sign-up link has already been used; sign in instead." in again.text
    assert _count(wb, Organisation.id, Organisation.name == "Shenzhen Star 深圳星辰") == 1
    user = authenticate(wb, "chen@example.com", PASSWORD)  # the password typed at sign-up
    assert user.role == "owner" and user.language == "en"


def test_two_clicks_at_once_make_one_organisation(
    wb: Workbench, world: World, mail_log: pytest.LogCaptureFixture
) -> None:
    request_sign_up(wb, **_form("twice@example.com", "Twice Co"), base_url="http://testserver/")
    (token,) = _links(mail_log)
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def click() -> None:
        start.wait()
        try:
            confirm_sign_up(wb, token)
            outcomes.append("made")
        except NotFound:
            outcomes.append("refused")

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["made", "refused", "refused", "refused"]
    assert _count(wb, Organisation.id, Organisation.name == "Twice Co") == 1


def test_an_expired_or_unknown_link_is_refused(
    web: WebUser, wb: Workbench, clock: FrozenClock, mail_log: pytest.LogCaptureFixture
) -> None:
    web.post("/signup", _form("late@example.com"), page="/signup")
    (token,) = _links(mail_log)
    clock.set(NOW + timedelta(hours=24, seconds=1))
    response = _confirm(web, token)
    assert response.status_code == 404
    assert "This sign-up link has expired; sign up again." in response.text
    unknown = web.client.get("/signup/confirm/" + "x" * 43)
    assert unknown.status_code == 404 and "This sign-up link is not valid." in unknown.text
    assert _count(wb, User.id, User.email == "late@example.com") == 0


def test_an_address_taken_before_the_link_is_opened_gets_no_second_account(
    web: WebUser, wb: Workbench, mail_log: pytest.LogCaptureFixture
) -> None:
    web.post("/signup", _form("race@example.com", "First"), page="/signup")
    web.post("/signup", _form("race@example.com", "Second"), page="/signup")
    first, second = _links(mail_log)
    assert _confirm(web, first).status_code == 303
    response = _confirm(web, second)
    assert response.status_code == 409
    assert "An account with this email already exists; sign in instead." in response.text
    assert _count(wb, User.id, User.email == "race@example.com") == 1
    assert _count(wb, Organisation.id, Organisation.name == "Second") == 0


def test_production_without_a_mail_server_refuses_sign_up_in_one_sentence(
    settings: Settings, wb: Workbench
) -> None:
    app = _app(wb, env="production")
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as browser:
        response = WebUser(browser).post("/signup", _form("chen@example.com"), page="/signup")
    assert response.status_code == 503
    assert "Sign-up is not available on this server." in response.text
    assert "Traceback" not in response.text
    assert _count(wb, SignUp.id) == 0


class Inbox:
    def __init__(self) -> None:
        self.mails: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.mails.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_a_real_mail_server_gets_the_link_and_the_notice(
    settings: Settings, wb: Workbench, world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    url = f"mailto://127.0.0.1:{port}?from=signup@reinstate.example.com&mode=insecure"
    public = "https://reinstate.example.com/"
    app = _app(
        wb, env="production", mail_url=SecretStr(url), notify_allow_private=True, public_url=public
    )
    with TestClient(app, follow_redirects=False, base_url="https://evil.example.net") as browser:
        web = WebUser(browser)
        assert web.post("/signup", _form("chen@example.com"), page="/signup").status_code == 200
        assert web.post("/signup", _form("owner@example.com"), page="/signup").status_code == 200
        assert [m.rcpt_tos for m in inbox.mails] == [["chen@example.com"], ["owner@example.com"]]
        text = inbox.mails[0].content.decode("utf-8", "replace")
        match = LINK.search(text.replace("=\r\n", ""))
        assert match, text
        assert match.group(0).startswith(public + "signup/confirm/")  # never the forged Host
        assert _confirm(web, match.group(1)).status_code == 303
        notice = inbox.mails[1].content.decode("utf-8", "replace")
        assert "/signup/confirm/" not in notice and "/signin" in notice
    assert _count(wb, User.id, User.email == "chen@example.com") == 1


def test_production_without_a_public_address_refuses_sign_up(
    settings: Settings, wb: Workbench, world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    url = f"mailto://127.0.0.1:{port}?from=signup@reinstate.example.com&mode=insecure"
    app = _app(wb, env="production", mail_url=SecretStr(url), notify_allow_private=True)
    with TestClient(app, follow_redirects=False, base_url="https://evil.example.net") as browser:
        answer = WebUser(browser).post("/signup", _form("chen@example.com"), page="/signup")
    assert answer.status_code == 503
    assert "Sign-up is not available on this server." in answer.text
    assert inbox.mails == []


def test_a_mail_server_on_a_private_address_is_refused_without_the_opt_in(
    settings: Settings, wb: Workbench, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    url = f"mailto://127.0.0.1:{port}?from=signup@reinstate.example.com&mode=insecure"
    app = _app(wb, mail_url=SecretStr(url))
    with TestClient(app, follow_redirects=False) as browser:
        response = WebUser(browser).post("/signup", _form("chen@example.com"), page="/signup")
    assert response.status_code == 503 and inbox.mails == []


def test_the_link_stays_out_of_the_server_access_log(
    wb: Workbench, world: World, settings: Settings, tmp_path: Path, mail_log: Any
) -> None:
    now = replace(wb, clock=SystemClock())  # the server's clock
    request_sign_up(now, **_form("log@example.com", "Log Co"), base_url="http://x/")
    (token,) = _links(mail_log)
    paths = [f"/signup/confirm/{token}"]  # the page with the button that makes it
    _, output = serve_command(str(settings.database_url), tmp_path / "data", paths)
    assert token not in output
    assert '"GET /signup/confirm/[redacted] HTTP/1.1" 200' in output, output
    assert _count(wb, Organisation.id, Organisation.name == "Log Co") == 0  # opened: not made


def test_the_server_log_redacts_a_link_except_in_a_letter_logged_for_its_reader() -> None:
    link = "GET /signup/confirm/Zm9v-YmFy_baz HTTP/1.1"
    access = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, "%s", (link,), None)
    letter = logging.LogRecord("reinstate.web", logging.WARNING, "", 0, "%s", (link,), None)
    letter.console_mail = True
    assert RedactUrlSecrets().filter(access) and RedactUrlSecrets().filter(letter)
    assert access.getMessage() == "GET /signup/confirm/[redacted] HTTP/1.1"
    assert letter.getMessage() == link
