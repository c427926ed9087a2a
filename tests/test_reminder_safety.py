"""Reminders go only to public addresses, and survive a sender killed mid-send."""

from __future__ import annotations

import ipaddress
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from reinstate.cases import reminders, service
from reinstate.cases.calendar import set_user_channels
from reinstate.cases.destinations import is_public, refused_host
from reinstate.cli import main
from reinstate.clock import FrozenClock
from reinstate.errors import InvalidInput
from reinstate.outbox import LEASE
from reinstate.settings import Settings
from reinstate.storage.tables import Event, Reminder
from reinstate.workbench import Workbench

from .conftest import World

PRIVATE = [
    "json://127.0.0.1:8080/hook",
    "json://localhost/hook",
    "json://2130706433/hook",  # 127.0.0.1 written as one decimal number
    "json://[::1]/hook",
    "json://[::ffff:127.0.0.1]/hook",  # IPv4-mapped IPv6
    "json://[fe80::1]/hook",
    "json://169.254.169.254/latest/meta-data",  # cloud metadata
    "json://10.1.2.3/hook",
    "xml://192.168.0.7/hook",
    "json://0.0.0.0/hook",
    "json://224.0.0.1/hook",
    "json://100.64.0.9/hook",
    "mailto://ops@blueocean.example.com?smtp=172.16.4.4&from=r@example.com",
]


class Sink:
    """A local webhook receiver that can be made to hang, counting what it acknowledged."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.hang = False
        self.received = 0
        self.acknowledged: list[dict[str, Any]] = []
        self.lock = threading.Lock()


@pytest.fixture
def sink() -> Iterator[tuple[Sink, str]]:
    box = Sink()

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with box.lock:
                box.received += 1
            box.arrived.set()
            if box.hang:
                box.release.wait(60)
                return
            with box.lock:
                box.acknowledged.append(json.loads(body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield box, f"json://127.0.0.1:{http.server_address[1]}/hook"
    box.release.set()
    http.shutdown()
    http.server_close()


def _open(settings: Settings, clock: FrozenClock, *, allow_private: bool) -> Workbench:
    changed = settings.model_copy(update={"notify_allow_private": allow_private})
    return Workbench.open(changed, clock)


@pytest.mark.parametrize("url", PRIVATE)
def test_it_knows_a_private_destination_in_every_spelling(url: str) -> None:
    assert refused_host(url) is not None, url


def test_it_lets_public_and_fixed_service_channels_through() -> None:
    assert refused_host("jsons://93.184.215.14/hook") is None
    assert refused_host("dingtalk://abcdefghijklmnop/") is None  # a token, not a host
    assert refused_host("json://[2606:4700:4700::1111]/hook") is None
    assert not is_public(ipaddress.ip_address("2002:7f00:1::"))  # 6to4 of 127.0.0.1


def test_it_refuses_private_channels_when_they_are_saved(wb: Workbench, world: World) -> None:
    owner = world.actor(wb, "owner")
    for url in PRIVATE:
        with pytest.raises(InvalidInput, match="local or private network address"):
            service.set_reminder_settings(wb, owner, urls=[url], hours=None)
    user_id = world.actor(wb, "viewer").user_id  # personal channels: the same rule
    assert user_id is not None
    with pytest.raises(InvalidInput, match="leads to 127.0.0.1"):
        set_user_channels(wb, user_id, ["json://127.0.0.1:9/hook"])
    assert service.set_reminder_settings(
        wb, owner, urls=["jsons://93.184.215.14/hook"], hours=None
    )["channels"] == ["jsons://…"]


def test_it_refuses_at_send_time_and_delivers_with_the_opt_in(
    settings: Settings, world: World, clock: FrozenClock, sink: tuple[Sink, str]
) -> None:
    box, hook_url = sink
    on_premises = _open(settings, clock, allow_private=True)
    guarded = _open(settings, clock, allow_private=False)
    try:
        owner = world.actor(on_premises, "owner")
        # Saved while allowed (or when the name still resolved to a public address) ...
        service.set_reminder_settings(on_premises, owner, urls=[hook_url], hours=[24])
        service.open_case(
            on_premises, owner, world.account_a, ["counterfeit"], deadline=date(2026, 11, 20)
        )
        clock.set(datetime(2026, 11, 19, 16, 0, tzinfo=UTC))
        # ... but the sender checks again, and refuses out loud.
        report = reminders.send_due(guarded)
        assert (len(report.refused), len(report.failed), len(report.sent)) == (1, 1, 0)
        assert box.received == 0
        with guarded.db.reading() as session:
            row = session.scalars(select(Reminder)).one()
            assert row.sent_at is None and "127.0.0.1" in row.last_error
            refusal = session.scalars(select(Event).where(Event.name == "reminder.refused")).one()
            assert refusal.after == {"channels": ["json://…"], "hosts": ["127.0.0.1"]}
        # The next cron run refuses again, and logs it, without flooding the activity log.
        assert len(reminders.send_due(guarded).refused) == 1 and box.received == 0
        with guarded.db.reading() as session:
            refusals = session.scalars(select(Event).where(Event.name == "reminder.refused"))
            assert len(list(refusals)) == 1
        report = reminders.send_due(on_premises)
        assert len(report.sent) == 1 and len(box.acknowledged) == 1
    finally:
        on_premises.close()
        guarded.close()


def _environment(settings: Settings, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "REINSTATE_DATABASE_URL": str(settings.database_url),
        "REINSTATE_DATA_DIR": str(tmp_path / "data"),
        "REINSTATE_NOTIFY_ALLOW_PRIVATE": "true",
    }


def _remind(
    environment: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> dict[str, Any]:
    """The next cron run of ``reinstate remind --json``, here, with the same environment: the
    lease is in the database, not in a process, and the command reads its settings afresh."""
    for name in ("REINSTATE_DATABASE_URL", "REINSTATE_DATA_DIR", "REINSTATE_NOTIFY_ALLOW_PRIVATE"):
        monkeypatch.setenv(name, environment[name])
    capsys.readouterr()
    assert main(["remind", "--json"]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def test_a_reminder_claimed_by_a_killed_sender_is_sent_once_after_its_lease(
    settings: Settings,
    world: World,
    clock: FrozenClock,
    sink: tuple[Sink, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    box, hook_url = sink
    wb = _open(settings, clock, allow_private=True)
    try:
        owner = world.actor(wb, "owner")
        service.set_reminder_settings(wb, owner, urls=[hook_url], hours=[24])
        case = service.open_case(wb, owner, world.account_a, ["counterfeit"])
        with wb.db.transaction() as session:
            session.execute(delete(Reminder))
            session.add(
                Reminder(
                    org_id=world.org_a,
                    case_id=case.id,
                    kind="due",
                    hours_before=24,
                    fire_at=datetime.now(UTC) - timedelta(minutes=1),  # the commands' real clock
                    last_error="",
                )
            )
        environment = _environment(settings, tmp_path)
        box.hang = True
        command = [str(Path(sys.executable).with_name("reinstate")), "remind", "--json"]
        sender = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, text=True)
        assert box.arrived.wait(90), "the sender never reached the webhook"
        os.kill(sender.pid, signal.SIGKILL)  # killed mid-send: the claim stays, unsent
        sender.communicate(timeout=30)
        assert sender.returncode == -signal.SIGKILL
        box.hang = False
        with wb.db.reading() as session:
            row = session.scalars(select(Reminder)).one()
            assert row.claimed_at is not None and row.sent_at is None
            claimed_at = row.claimed_at
        # Inside the lease nobody sends it again.
        assert _remind(environment, monkeypatch, capsys)["sent"] == 0
        assert box.acknowledged == []
        # Past the lease (the clock moved 11 minutes on), the next run sends it, once.
        with wb.db.transaction() as session:
            stored = session.get(Reminder, row.id)
            assert stored is not None
            stored.claimed_at = claimed_at - LEASE - timedelta(minutes=1)
        assert _remind(environment, monkeypatch, capsys)["sent"] == 1
        assert _remind(environment, monkeypatch, capsys)["sent"] == 0
        assert len(box.acknowledged) == 1 and box.received == 2
        with wb.db.reading() as session:
            assert session.scalars(select(Reminder)).one().sent_at is not None
    finally:
        wb.close()
