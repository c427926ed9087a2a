"""Alerts: a metric that becomes at risk or misses its target with an import, or a penalty that
takes an account to a new level, is told to the organisation's channels once per change."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from reinstate.accounts.service import create_account
from reinstate.alerts.detect import newly_at_risk
from reinstate.alerts.send import send_alerts
from reinstate.clock import FrozenClock
from reinstate.metrics import service as metrics
from reinstate.penalties.ledger import record_penalty
from reinstate.storage.tables import Alert, Event, Organisation
from reinstate.workbench import Workbench

from .conftest import NOW, World
from .test_metrics import demo_orders

HOOK = "json://alerts.example.com/hook"


class Channel:
    """The transport seam: what would have been posted, and whether the server took it."""

    def __init__(self, answer: bool = True) -> None:
        self.posts: list[tuple[list[str], str, str]] = []
        self.answer = answer

    def __call__(self, urls: list[str], title: str, body: str) -> bool:
        self.posts.append((urls, title, body))
        return self.answer


def _channels(wb: Workbench, org_id: int) -> None:
    wb.settings = wb.settings.model_copy(update={"notify_allow_private": True})
    with wb.db.transaction() as session:
        org = session.get(Organisation, org_id)
        assert org is not None
        org.notify_urls = [HOOK]


def _alerts(wb: Workbench) -> list[tuple[str, int | None]]:
    with wb.db.reading() as session:
        rows = session.execute(
            select(Event.name, Alert.account_id).join(Event, Event.id == Alert.event_id)
        )
        return [(name, account) for name, account in rows]


def test_a_penalty_that_reaches_a_new_level_alerts_once(wb: Workbench, world: World) -> None:
    owner = world.actor(wb, "owner")
    _channels(wb, world.org_a)
    shop = create_account(
        wb, owner, {"platform": "shopee", "store_name": "Blue Ocean PH", "marketplace": "PH"}
    )
    first = min(t.points for t in wb.policies.get_pack("shopee").penalties.tiers)  # type: ignore[union-attr]
    record_penalty(
        wb,
        owner,
        shop.id,
        {"received_on": "2026-11-02", "violation": "late_shipment", "points": first - 1},
    )
    assert _alerts(wb) == []  # below the first tier
    record_penalty(
        wb, owner, shop.id, {"received_on": "2026-11-09", "violation": "late_shipment", "points": 1}
    )
    assert _alerts(wb) == [("alert.penalty_level", shop.id)]
    record_penalty(
        wb, owner, shop.id, {"received_on": "2026-11-10", "violation": "late_shipment", "points": 0}
    )
    assert len(_alerts(wb)) == 1  # the same level: nothing new to tell
    channel = Channel()
    report = send_alerts(wb, send=channel)
    assert report.sent and len(channel.posts) == 1
    urls, title, body = channel.posts[0]
    assert urls == [HOOK] and "Blue Ocean PH" in title
    english, chinese = body.splitlines()  # the organisation's language, then the other
    assert "level 1" in english and "第 1 级" in chinese
    assert send_alerts(wb, send=channel).sent == []  # sent once
    assert len(channel.posts) == 1


def test_metrics_newly_at_risk_on_import_alert_once_per_change(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    _channels(wb, world.org_a)
    orders = demo_orders(tmp_path / "orders.csv", f"store-{world.account_a2}")
    metrics.import_orders(wb, owner, profile="canonical", path=orders)
    assert _alerts(wb) == [("alert.metrics", world.account_a2)]
    with wb.db.reading() as session:
        event = session.scalar(select(Event).where(Event.name == "alert.metrics"))
        assert event is not None and event.after is not None
        statuses = {m["status"] for m in event.after["metrics"]}
    assert statuses <= {"at_risk", "breach"} and statuses
    metrics.import_orders(wb, owner, profile="canonical", path=orders)  # the same data again
    assert len(_alerts(wb)) == 1


def test_a_run_holding_an_alert_keeps_it_until_its_lease_passes(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    owner = world.actor(wb, "owner")
    _channels(wb, world.org_a)
    shop = create_account(
        wb, owner, {"platform": "shopee", "store_name": "Blue Ocean PH", "marketplace": "PH"}
    )
    record_penalty(
        wb,
        owner,
        shop.id,
        {"received_on": "2026-11-02", "violation": "late_shipment", "points": 50},
    )
    with wb.db.transaction() as session:
        alert = session.scalars(select(Alert)).one()
        alert.claimed_at = NOW  # another run is sending it
    channel = Channel()
    assert send_alerts(wb, send=channel).sent == [] and channel.posts == []
    clock.set(NOW + timedelta(minutes=11))  # that run died: its lease passed
    failing = Channel(answer=False)
    assert send_alerts(wb, send=failing).failed and len(failing.posts) == 1
    assert send_alerts(wb, send=channel).sent and len(channel.posts) == 1  # retried, once


def test_only_a_change_for_the_worse_is_news() -> None:
    assert newly_at_risk({}, {("odr", 60): "breach"}) == [("odr", 60, None, "breach")]
    assert newly_at_risk({("odr", 60): "at_risk"}, {("odr", 60): "at_risk"}) == []
    assert newly_at_risk({("odr", 60): "breach"}, {("odr", 60): "at_risk"}) == []
    assert newly_at_risk({("odr", 60): "good"}, {("odr", 60): "at_risk"}) == [
        ("odr", 60, "good", "at_risk")
    ]
    assert newly_at_risk({("odr", 60): "breach"}, {("odr", 60): "good"}) == []


def test_a_serious_taobao_fake_transaction_alerts_though_its_appeal_is_pending(
    wb: Workbench, world: World
) -> None:
    """It cannot be appealed (seed 003): 'appeal pending' does not hold off its 48 points, so
    the account reaching the sealing node is told at once; a general one under appeal is not."""
    owner = world.actor(wb, "owner")
    _channels(wb, world.org_a)
    shop = create_account(wb, owner, {"platform": "taobao", "store_name": "木森家居"})
    pending = {"received_on": "2026-11-02", "points": 12, "appeal_result": "pending"}
    record_penalty(wb, owner, shop.id, {**pending, "violation": "fake_transactions"})
    assert _alerts(wb) == []  # a general offence under appeal does not count yet
    grave = {**pending, "violation": "fake_transactions", "points": 48, "serious": True}
    record_penalty(wb, owner, shop.id, grave)
    assert _alerts(wb) == [("alert.penalty_level", shop.id)]
