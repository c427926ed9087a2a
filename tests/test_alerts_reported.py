"""Alerts from Amazon's account health report: a metric the report puts at risk or past its
target, or an Account Health Rating band that worsens, is told once per change, as an import
of orders is."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select

from reinstate.alerts.send import message, send_alerts
from reinstate.i18n import gettext_for
from reinstate.metrics import service
from reinstate.storage.tables import Event
from reinstate.today.service import today
from reinstate.workbench import Workbench

from .conftest import World
from .test_alerts import HOOK, Channel, _alerts, _channels
from .test_metrics import SPAPI

US = "ATVPDKIKX0DER"


def report(**changes: dict[str, Any]) -> bytes:
    """Amazon's example report with the US entry's sections changed (``section={key: value}``),
    its account status normal (the example's is at risk) and no policy defects (the example
    counts hundreds: their alert is tested on its own)."""
    document = json.loads(SPAPI.read_bytes())
    entry = next(m for m in document["performanceMetrics"] if m["marketplaceId"] == US)
    for section in entry.values():
        if isinstance(section, dict) and "defectsCount" in section:
            section["defectsCount"] = 0
    for section, values in changes.items():
        entry[section].update(values)
    return with_status(json.dumps(document).encode(), "NORMAL")


def healthy() -> bytes:
    """The example with every US rate within Amazon's target, a great rating and a normal
    account status."""
    entry = json.loads(SPAPI.read_bytes())
    us = next(m for m in entry["performanceMetrics"] if m["marketplaceId"] == US)
    good: dict[str, dict[str, Any]] = {"accountHealthRating": {"ahrStatus": "GREAT"}}
    for key, section in us.items():
        if isinstance(section, dict) and "rate" in section and key != "orderDefectRate":
            low = section.get("targetCondition") == "LESS_THAN"
            good[key] = {"rate": 0.0 if low else 1.0, "status": "GOOD"}
    document = json.loads(report(**good))
    us = next(m for m in document["performanceMetrics"] if m["marketplaceId"] == US)
    for channel in ("mfn", "afn"):
        us["orderDefectRate"][channel].update({"rate": 0.001, "status": "GOOD"})
        us["orderDefectRate"][channel]["negativeFeedback"]["count"] = 0
    return json.dumps(document).encode()


def _metric_events(wb: Workbench) -> list[dict[str, Any]]:
    with wb.db.reading() as session:
        events = session.scalars(
            select(Event).where(Event.name == "alert.metrics").order_by(Event.id)
        )
        return [dict(e.after or {}) for e in events]


def test_a_health_report_that_worsens_a_metric_alerts_once_per_change(
    wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    _channels(wb, world.org_a)
    first = service.import_health_report(
        wb, owner, world.account_a2, healthy(), day=date(2026, 11, 1)
    )
    assert first["alerts"] == 0 and _alerts(wb) == []  # nothing at risk

    # Amazon warns on the rating and calls late shipment bad: one alert naming both
    worse = report(
        accountHealthRating={"ahrStatus": "WARNED"},
        lateShipmentRate={"rate": 0.05, "status": "BAD"},
    )
    day = date(2026, 11, 8)
    assert service.import_health_report(wb, owner, world.account_a2, worse, day=day)["alerts"] == 1
    assert _alerts(wb) == [("alert.metrics", world.account_a2)]
    after = _metric_events(wb)[-1]
    assert after["as_of"] == day.isoformat() and after["source"] == "sp-api"
    changed = {(m["metric"], m["status"]) for m in after["metrics"]}
    assert ("late_shipment_rate", "breach") in changed
    assert ("account_health_rating", "at_risk") in changed
    assert all(m["was"] in (None, "good", "no_data") for m in after["metrics"])

    # the same report again, and a later one no worse: nothing new to tell
    service.import_health_report(wb, owner, world.account_a2, worse, day=day)
    service.import_health_report(wb, owner, world.account_a2, worse, day=date(2026, 11, 9))
    assert len(_alerts(wb)) == 1
    # an older report, however bad, does not speak for today
    older = report(validTrackingRate={"rate": 0.5, "status": "BAD"})
    service.import_health_report(wb, owner, world.account_a2, older, day=date(2026, 10, 1))
    assert len(_alerts(wb)) == 1

    # a rating band that worsens from at risk (a score now, Amazon's bands) is news
    critical = report(
        accountHealthRating={"ahrStatus": "WARNED", "ahrScore": 80},
        lateShipmentRate={"rate": 0.05, "status": "BAD"},
    )
    service.import_health_report(wb, owner, world.account_a2, critical, day=date(2026, 11, 10))
    assert len(_alerts(wb)) == 2
    last = _metric_events(wb)[-1]["metrics"]
    assert [(m["metric"], m["was"], m["status"]) for m in last] == [
        ("account_health_rating", "at_risk", "breach")
    ]

    channel = Channel()
    sent = send_alerts(wb, send=channel)
    assert len(sent.sent) == 2 and all(urls == [HOOK] for urls, _, _ in channel.posts)
    body = channel.posts[0][2]
    assert "Blue Ocean US" in body and "Late shipment" in body and "None" not in body
    assert "Account health rating (181 days) is At risk" in body


def test_a_reported_alert_reads_in_chinese(wb: Workbench, world: World) -> None:
    owner = world.actor(wb, "owner")
    service.import_health_report(
        wb,
        owner,
        world.account_a2,
        # a rating with no range of days to name
        report(accountHealthRating={"ahrStatus": "WARNED", "reportingDateRange": {}}),
    )
    with wb.db.reading() as session:
        event = session.scalar(select(Event).where(Event.name == "alert.metrics"))
        assert event is not None
        text = message(event, "zh_CN")
    assert "Blue Ocean US" in text and "Account health rating" not in text
    assert "at_risk" not in text and "None" not in text
    assert "账户健康评级有风险" in text
    assert "Account health rating is At risk" in message(event, "en")


def with_status(data: bytes, status: str) -> bytes:
    """The report ``data`` with Amazon's account status of the US marketplace set to
    ``status``, as Amazon writes it."""
    document = json.loads(data)
    for entry in document["accountStatuses"]:
        if entry["marketplaceId"] == US:
            entry["status"] = status
    return json.dumps(document).encode()


def _status_events(wb: Workbench) -> list[dict[str, Any]]:
    with wb.db.reading() as session:
        events = session.scalars(
            select(Event).where(Event.name == "alert.account_status").order_by(Event.id)
        )
        return [dict(e.after or {}) for e in events]


def test_an_account_status_amazon_worsens_is_alerted_once_per_change(
    wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    store = world.account_a2

    def imported(status: str, day: date) -> int:
        data = with_status(healthy(), status)
        return int(service.import_health_report(wb, owner, store, data, day=day)["alerts"])

    assert imported("NORMAL", date(2026, 11, 1)) == 0  # normal: nothing to tell
    assert imported("AT_RISK", date(2026, 11, 2)) == 1
    assert _status_events(wb)[-1]["was"] == "NORMAL"
    assert _status_events(wb)[-1]["status"] == "AT_RISK"
    assert imported("AT_RISK", date(2026, 11, 3)) == 0  # no worse than before
    assert imported("DEACTIVATED", date(2026, 11, 4)) == 1
    assert imported("NORMAL", date(2026, 11, 5)) == 0  # better is not an alert
    # an older report, however bad, does not speak for today
    assert imported("SUSPENDED", date(2026, 10, 1)) == 0
    assert [(e["was"], e["status"]) for e in _status_events(wb)] == [
        ("NORMAL", "AT_RISK"),
        ("AT_RISK", "DEACTIVATED"),
    ]

    with wb.db.reading() as session:
        event = session.scalars(
            select(Event).where(Event.name == "alert.account_status").order_by(Event.id)
        ).all()[-1]
        english, chinese = message(event, "en"), message(event, "zh_CN")
    assert english == "Blue Ocean US: Amazon now says the account is deactivated (it was at risk)."
    assert chinese == "Blue Ocean US：亚马逊现在显示该账户已停用（此前为有风险）。"


def test_a_first_report_that_is_not_normal_is_alerted_and_shown_on_today(
    wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    data = with_status(healthy(), "At Risk")  # as Seller Central words it
    result = service.import_health_report(wb, owner, world.account_a2, data)
    assert result["alerts"] == 1 and _status_events(wb)[0]["was"] is None

    lines = [
        item
        for section in today(wb, owner).sections
        for item in section.items
        if item.kind == "account_status"
    ]
    assert [(i.account_id, i.severity) for i in lines] == [(world.account_a2, "medium")]
    english = lines[0].text(gettext_for("en"), "en")
    assert english == "Blue Ocean US: Amazon says the account is at risk"
    assert lines[0].text(gettext_for("zh_CN"), "zh_CN") == "Blue Ocean US：亚马逊显示该账户有风险"
    assert lines[0].link.endswith("/metrics#reported")
    # a client given only another store sees no line about this one
    client_lines = [
        item
        for section in today(wb, world.actor(wb, "client")).sections
        for item in section.items
        if item.kind == "account_status"
    ]
    assert client_lines == []

    # a later report that says normal clears the line
    service.import_health_report(wb, owner, world.account_a2, with_status(healthy(), "NORMAL"))
    assert not [
        item
        for section in today(wb, owner).sections
        for item in section.items
        if item.kind == "account_status"
    ]


def _policy_events(wb: Workbench) -> list[dict[str, Any]]:
    with wb.db.reading() as session:
        events = session.scalars(
            select(Event).where(Event.name == "alert.policy").order_by(Event.id)
        )
        return [dict(e.after or {}) for e in events]


def test_policy_defects_that_rise_are_alerted_in_words(wb: Workbench, world: World) -> None:
    """An IP complaint or an authenticity complaint is what deactivates an account: a report
    that counts more of them than the one before is told once, in words."""
    owner = world.actor(wb, "owner")
    store = world.account_a2

    def imported(day: date, **counts: int) -> int:
        document = json.loads(healthy())  # every metric within its target
        entry = next(m for m in document["performanceMetrics"] if m["marketplaceId"] == US)
        for key, count in counts.items():
            entry[key] = {"defectsCount": count, "status": "BAD", "targetValue": 0}
        data = json.dumps(document).encode()
        return int(service.import_health_report(wb, owner, store, data, day=day)["alerts"])

    assert imported(date(2026, 11, 1)) == 0  # no defects: nothing to tell
    assert imported(date(2026, 11, 2), receivedIntellectualPropertyComplaints=2) == 1
    assert imported(date(2026, 11, 3), receivedIntellectualPropertyComplaints=2) == 0  # same
    assert imported(date(2026, 11, 4), receivedIntellectualPropertyComplaints=1) == 0  # fewer
    # more of them, and a new kind: one alert naming both
    grown = {
        "receivedIntellectualPropertyComplaints": 3,
        "productAuthenticityCustomerComplaints": 1,
    }
    assert imported(date(2026, 11, 5), **grown) == 1
    # an older report, however bad, does not speak for today
    assert imported(date(2026, 10, 1), listingPolicyViolations=9) == 0
    assert [e["policy_defects"] for e in _policy_events(wb)] == [
        {"receivedIntellectualPropertyComplaints": 2},
        grown,
    ]
    with wb.db.reading() as session:
        event = session.scalars(
            select(Event).where(Event.name == "alert.policy").order_by(Event.id)
        ).all()[-1]
        english, chinese = message(event, "en"), message(event, "zh_CN")
    assert english == (
        "Blue Ocean US: Amazon's account health report counts Received intellectual property "
        "complaints: 3; Product authenticity customer complaints: 1."
    )
    assert "收到的知识产权投诉: 3" in chinese and "商品真实性买家投诉: 1" in chinese
    assert "Complaints" not in chinese
