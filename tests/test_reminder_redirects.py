"""A reminder goes only where its checked address says: no redirects, and the hosts of
plugins that name a server some other way than ``{host}`` are checked too."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select

from reinstate.cases import reminders, service
from reinstate.cases.destinations import addresses, chosen_hosts, refused_host
from reinstate.clock import FrozenClock
from reinstate.errors import InvalidInput
from reinstate.settings import Settings
from reinstate.storage.tables import Reminder
from reinstate.workbench import Workbench

from .conftest import World

ZULIP_TOKEN = "abcdefghijklmnopqrstuvwxyz012345"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The first hop listens on 127.0.0.1: an on-premises installation's opt-in."""
    return settings.model_copy(update={"notify_allow_private": True})


class Hops:
    """A webhook that answers every POST with a redirect to an "internal" server."""

    def __init__(self) -> None:
        self.redirected: list[str] = []
        self.internal: list[bytes] = []
        self.lock = threading.Lock()


def _serve(handler: type[BaseHTTPRequestHandler]) -> HTTPServer:
    http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    return http


@pytest.fixture
def hops() -> Iterator[tuple[Hops, str]]:
    box = Hops()

    class Internal(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            with box.lock:
                box.internal.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    internal = _serve(Internal)
    target = f"http://127.0.0.1:{internal.server_address[1]}/latest/meta-data"

    class Redirecting(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            with box.lock:
                box.redirected.append(self.path)
            self.send_response(307)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    public = _serve(Redirecting)
    yield box, f"json://127.0.0.1:{public.server_address[1]}/hook"
    for http in (public, internal):
        http.shutdown()
        http.server_close()


@pytest.mark.parametrize("asks", ["", "?redirect=yes"])
def test_a_redirect_is_not_followed_even_when_the_url_asks(
    hops: tuple[Hops, str], asks: str
) -> None:
    box, hook_url = hops
    assert not reminders.apprise_send([hook_url + asks], "Case #1", "Case #1: due")
    assert box.redirected == ["/hook"]  # the checked first hop was reached ...
    assert box.internal == []  # ... and what it pointed at received nothing


def test_a_redirected_reminder_is_retried_not_relayed(
    wb: Workbench, world: World, clock: FrozenClock, hops: tuple[Hops, str]
) -> None:
    box, hook_url = hops
    owner = world.actor(wb, "owner")
    service.set_reminder_settings(wb, owner, urls=[hook_url + "?redirect=yes"], hours=[24])
    service.open_case(wb, owner, world.account_a, ["counterfeit"], deadline=date(2026, 11, 20))
    clock.set(datetime(2026, 11, 19, 16, 0, tzinfo=UTC))
    report = reminders.send_due(wb)
    assert (len(report.sent), len(report.failed)) == (0, 1)
    assert len(box.redirected) == 1 and box.internal == []
    with wb.db.reading() as session:
        row = session.scalars(select(Reminder)).one()
        assert row.sent_at is None and row.last_error == "delivery failed; will retry"


def test_it_checks_the_server_a_zulip_url_names() -> None:
    # zulip://bot@{organization}.{hostname}/… posts to https://{organization}.{hostname}
    assert refused_host(f"zulip://bot@127.0.0.1/{ZULIP_TOKEN}") == "127.0.0.1"
    assert refused_host(f"zulip://bot@10.1.2.3/{ZULIP_TOKEN}") == "10.1.2.3"
    assert chosen_hosts(f"zulip://bot@blueocean/{ZULIP_TOKEN}") == ["blueocean.zulipchat.com"]
    assert chosen_hosts(f"zulip://bot@chat.blueocean.example/{ZULIP_TOKEN}") == [
        "chat.blueocean.example"
    ]
    azure = "acs://r@example.com/a2V5a2V5a2V5/blueocean.communication.azure.com/ops@example.com"
    assert chosen_hosts(azure) == ["blueocean.communication.azure.com"]
    assert addresses("no-such-host.invalid") == []  # a name that does not resolve: nothing


def test_a_private_zulip_server_is_refused_when_saved(
    settings: Settings, world: World, clock: FrozenClock
) -> None:
    guarded = Workbench.open(settings.model_copy(update={"notify_allow_private": False}), clock)
    try:
        owner = world.actor(guarded, "owner")
        with pytest.raises(InvalidInput, match="leads to 127.0.0.1"):
            service.set_reminder_settings(
                guarded, owner, urls=[f"zulip://bot@127.0.0.1/{ZULIP_TOKEN}"], hours=None
            )
    finally:
        guarded.close()
