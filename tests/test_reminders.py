"""Reminders delivered to real local servers (SMTP and HTTP on 127.0.0.1), exactly once."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import delete, select

from reinstate.cases import reminders, service
from reinstate.clock import FrozenClock
from reinstate.errors import InvalidInput
from reinstate.settings import Settings
from reinstate.storage.tables import Reminder
from reinstate.workbench import Workbench

from .conftest import NOW, World


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The sinks of these tests listen on 127.0.0.1: an on-premises installation's opt-in."""
    return settings.model_copy(update={"notify_allow_private": True})


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.mails: list[Any] = []
        self.hooks: list[dict[str, Any]] = []
        self.lock = threading.Lock()


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, str, str]]:
    box = Inbox()

    class Mail:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            with box.lock:
                box.mails.append(envelope)
            return "250 OK"

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with box.lock:
                box.hooks.append(json.loads(body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    smtp_port, http_port = _port(), _port()
    smtp = Controller(Mail(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    http = ThreadingHTTPServer(("127.0.0.1", http_port), Hook)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    mail_url = (
        f"mailto://127.0.0.1:{smtp_port}?from=reinstate@example.com"
        f"&to=ops@blueocean.example.com&mode=insecure"
    )
    yield box, mail_url, f"json://127.0.0.1:{http_port}/hook"
    http.shutdown()
    http.server_close()
    smtp.stop()


def test_it_sends_each_reminder_once_by_email_and_webhook(
    wb: Workbench, world: World, clock: FrozenClock, inbox: tuple[Inbox, str, str]
) -> None:
    box, mail_url, hook_url = inbox
    owner = world.actor(wb, "owner")
    service.set_reminder_settings(wb, owner, urls=[mail_url, hook_url], hours=[24, 6])
    case = service.open_case(
        wb, owner, world.account_a, ["counterfeit"], deadline=date(2026, 11, 20)
    )  # due 2026-11-20T15:59:59Z
    assert reminders.send_due(wb).due == 0
    clock.set(datetime(2026, 11, 19, 16, 0, tzinfo=UTC))  # 24 h before has passed
    report = reminders.send_due(wb)
    assert (report.due, len(report.sent)) == (1, 1)
    assert len(box.mails) == 1 and len(box.hooks) == 1
    assert f"Case #{case.id} (Blue Ocean Home, joom)" in box.hooks[0]["title"]
    assert "24 h" in box.hooks[0]["title"]
    assert b"Subject: Case #" in box.mails[0].content
    assert reminders.send_due(wb).due == 0  # idempotent
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))
    assert len(reminders.send_due(wb).sent) == 1 and len(box.hooks) == 2


def test_it_retries_when_delivery_fails_and_closes_reminders_without_a_channel(
    wb: Workbench, world: World, clock: FrozenClock, inbox: tuple[Inbox, str, str]
) -> None:
    box, _, hook_url = inbox
    owner = world.actor(wb, "owner")
    dead = f"json://127.0.0.1:{_port()}/nobody-listens"
    service.set_reminder_settings(wb, owner, urls=[dead], hours=[24])
    service.open_case(wb, owner, world.account_a, ["counterfeit"], deadline=date(2026, 11, 20))
    clock.set(datetime(2026, 11, 19, 16, 0, tzinfo=UTC))
    assert len(reminders.send_due(wb).failed) == 1
    service.set_reminder_settings(wb, owner, urls=[hook_url], hours=[24])
    assert len(reminders.send_due(wb).sent) == 1 and len(box.hooks) == 1
    service.set_reminder_settings(wb, owner, urls=[], hours=[24])
    service.open_case(wb, owner, world.account_a, ["counterfeit"], deadline=date(2026, 11, 21))
    clock.set(datetime(2026, 11, 20, 16, 0, tzinfo=UTC))
    assert len(reminders.send_due(wb).without_channel) == 1


def test_it_refuses_channels_apprise_does_not_understand(wb: Workbench, world: World) -> None:
    with pytest.raises(InvalidInput, match="is not a notification address"):
        service.set_reminder_settings(
            wb, world.actor(wb, "owner"), urls=["carrier-pigeon://x"], hours=None
        )
    with pytest.raises(InvalidInput, match="one to six reminder times"):
        service.set_reminder_settings(wb, world.actor(wb, "owner"), urls=None, hours=[0])


def test_two_remind_processes_send_each_reminder_exactly_once(
    wb: Workbench, world: World, settings: Any, inbox: tuple[Inbox, str, str], tmp_path: Path
) -> None:
    box, _, hook_url = inbox
    owner = world.actor(wb, "owner")
    service.set_reminder_settings(wb, owner, urls=[hook_url], hours=[24])
    cases = [service.open_case(wb, owner, world.account_a, ["counterfeit"]) for _ in range(30)]
    due = datetime.now(UTC) - timedelta(minutes=1)  # due in real time: the processes' clock
    with wb.db.transaction() as session:
        session.execute(delete(Reminder))
        for case in cases:
            session.add(
                Reminder(
                    org_id=world.org_a,
                    case_id=case.id,
                    kind="due",
                    hours_before=24,
                    fire_at=due,
                    last_error="",
                )
            )
    command = [str(Path(sys.executable).with_name("reinstate")), "remind", "--json"]
    environment = _environment(settings, tmp_path)
    runs = [
        subprocess.Popen(
            command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), results
    sent = [json.loads(out)["sent"] for out, _ in results]
    assert sum(sent) == 30
    titles = [hook["title"] for hook in box.hooks]
    assert len(titles) == 30 and len(set(titles)) == 30
    with wb.db.reading() as session:
        assert all(r.sent_at for r in session.scalars(select(Reminder)))
    assert NOW < due  # the frozen test clock is not what the processes used


def _environment(settings: Settings, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "REINSTATE_DATABASE_URL": str(settings.database_url),
        "REINSTATE_DATA_DIR": str(tmp_path / "data"),
        "REINSTATE_NOTIFY_ALLOW_PRIVATE": "true",
    }
