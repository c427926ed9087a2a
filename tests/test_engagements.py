"""``reinstate engagement``: a quote accepted from the command line, the SLA list, delivery, and
the SLA reminder sent once to a real webhook however many runs there are."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from reinstate.cases import service as cases
from reinstate.cli import main
from reinstate.clock import FrozenClock
from reinstate.provider import reminders, sla
from reinstate.provider.service import engagement_of
from reinstate.settings import Settings
from reinstate.workbench import Workbench

from .conftest import World


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The webhook listens on 127.0.0.1: an on-premises installation's opt-in."""
    return settings.model_copy(update={"notify_allow_private": True})


@pytest.fixture
def hook() -> Iterator[tuple[list[bytes], str]]:
    received: list[bytes] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield received, f"json://127.0.0.1:{http.server_address[1]}/hook"
    http.shutdown()
    http.server_close()


def _cli(monkeypatch: pytest.MonkeyPatch, wb: Workbench, database_url: str) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")


def test_the_command_line_accepts_lists_and_delivers(
    wb: Workbench,
    world: World,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _cli(monkeypatch, wb, database_url)
    owner = world.actor(wb, "owner")
    case = cases.open_case(wb, owner, world.account_a, ["counterfeit"]).id
    args = ["engagement", "accept", str(case), "--org", str(world.org_a)]
    assert main([*args, "--languages", "fr", "--json"]) == 0
    accepted = json.loads(capsys.readouterr().out)
    # the command line runs on the real clock: due three working days after it accepted
    at = datetime.fromisoformat(accepted["accepted_at"])
    assert accepted["due_at"] == sla.due_at(at, 3).isoformat()
    assert datetime.fromisoformat(accepted["due_at"]).astimezone(sla.PROVIDER_ZONE).hour == 18
    assert [line["item"] for line in accepted["lines"]] == [
        "Base fee: Joom, performance metric appeal",
        "Letter in French",
    ]
    assert main(args) == 1
    assert capsys.readouterr().err == f"Case {case} already has an accepted quote.\n"
    assert main(["engagement", "list", "--org", str(world.org_a), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["engagements"]
    assert [(e["case_id"], e["sla"]) for e in listed] == [(case, "on_track")]
    assert main(["engagement", "deliver", str(case), "--org", str(world.org_a)]) == 0
    assert capsys.readouterr().out == f"#{case}  delivered on time\n"
    assert main(["engagement", "accept", "999", "--org", str(world.org_a)]) == 1
    assert capsys.readouterr().err == "There is no case 999.\n"


def test_the_list_shows_due_times_to_the_minute(
    wb: Workbench,
    world: World,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A rush is due 24 hours after it was accepted on the real clock, to the microsecond: the
    list printed 2026-12-02T10:21:07.482913+00:00, where case list prints 2026-12-02 10:21 UTC."""
    _cli(monkeypatch, wb, database_url)
    owner = world.actor(wb, "owner")
    case = cases.open_case(wb, owner, world.account_a, ["counterfeit"]).id
    accept = ["engagement", "accept", str(case), "--org", str(world.org_a), "--rush"]
    assert main(accept) == 0
    due = engagement_of(wb, owner, case).due_at
    assert due.microsecond  # what the list must not show
    minute = f"{due.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    assert capsys.readouterr().out.rstrip().endswith(f"  {minute}")
    assert main(["engagement", "list", "--org", str(world.org_a)]) == 0
    listed = capsys.readouterr().out
    assert listed == f"#{case:<5} {minute:<20} {'due within 24 hours':<22} -\n"


def test_the_sla_reminder_is_sent_once(
    wb: Workbench,
    world: World,
    clock: FrozenClock,
    hook: tuple[list[bytes], str],
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    received, url = hook
    owner = world.actor(wb, "owner")
    cases.set_reminder_settings(wb, owner, urls=[url], hours=[24])
    case = cases.open_case(wb, owner, world.account_a, ["counterfeit"]).id
    from reinstate.provider.service import QuoteOptions, accept_quote

    accept_quote(wb, owner, case, QuoteOptions())  # due 2026-11-23 10:00 UTC
    assert reminders.send_due(wb).due == 0  # five days ahead: nothing yet
    clock.set(datetime(2026, 11, 22, 11, 0, tzinfo=UTC))
    report = reminders.send_due(wb)
    assert (report.due, report.sent) == (1, [case])
    assert len(received) == 1
    assert b"the deliverables are due at 2026-11-23T10:00:00+00:00" in received[0]
    assert "交付物将于" in json.loads(received[0])["message"]
    _cli(monkeypatch, wb, database_url)
    assert main(["engagement", "remind", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["due"] == 0
    assert len(received) == 1


def test_a_run_killed_while_sending_loses_no_sla_reminder(
    wb: Workbench, world: World, clock: FrozenClock, hook: tuple[list[bytes], str]
) -> None:
    """A run that claimed the reminder and died before sending leaves a claim, not a reminder
    marked sent: no run sends it while the lease runs, the first run after the lease does, once;
    a failed delivery is released for the next run."""
    from reinstate.outbox import LEASE, claim
    from reinstate.provider.service import QuoteOptions, accept_quote
    from reinstate.storage.tables import Engagement

    received, url = hook
    owner = world.actor(wb, "owner")
    case = cases.open_case(wb, owner, world.account_a, ["counterfeit"]).id
    accept_quote(wb, owner, case, QuoteOptions())  # due 2026-11-23 10:00 UTC
    killed_at = datetime(2026, 11, 22, 11, 0, tzinfo=UTC)
    clock.set(killed_at)
    with wb.db.reading() as session:
        engagement = session.query(Engagement).filter_by(case_id=case).one()
    assert claim(wb, Engagement, engagement.id, killed_at)  # the run that then died
    cases.set_reminder_settings(wb, owner, urls=[url], hours=[24])
    clock.set(killed_at + LEASE / 2)
    assert reminders.send_due(wb).due == 0 and received == []
    clock.set(killed_at + LEASE)
    failing = reminders.send_due(wb, send=lambda urls, title, body: False)
    assert failing.failed == [case] and received == []
    report = reminders.send_due(wb)
    assert (report.due, report.sent) == (1, [case])
    assert reminders.send_due(wb).due == 0 and len(received) == 1
