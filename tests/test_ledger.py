"""The penalty ledger of a seller account: recording, appeals, standing and what-if."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.accounts.service import create_account
from reinstate.errors import InvalidInput, NotFound, PermissionDenied
from reinstate.penalties import ledger
from reinstate.penalties.standing import Entry, standing
from reinstate.policies.loader import load_policies
from reinstate.workbench import Workbench

from .conftest import World, bearer


def _shopee_ph(wb: Workbench, world: World) -> int:
    return create_account(
        wb,
        world.actor(wb, "owner"),
        {"platform": "shopee", "store_name": "blueocean.ph", "marketplace": "PH"},
    ).id


def test_it_computes_shopee_tiers_restrictions_and_the_reset(wb: Workbench, world: World) -> None:
    owner, account = world.actor(wb, "owner"), _shopee_ph(wb, world)
    for day, points in (("2026-09-01", 9), ("2026-11-02", 4), ("2026-11-09", 3)):
        ledger.record_penalty(
            wb, owner, account, {"received_on": day, "points": points, "violation": "late_shipment"}
        )
    now = ledger.standing_of(wb, owner, account)  # the clock says 2026-11-18
    assert (now.system, now.points, now.level) == ("shopee", 7, 2)  # September was reset
    ends = {r.label.en: r.ends_on for r in now.restrictions}
    # tier 1 on 2 November, tier 2 (which includes tier 1's restriction) on 9 November
    assert ends == {
        "Cannot join campaigns": date(2026, 12, 7),
        "Shipping subsidy removed": date(2026, 12, 7),
        "Listings deboosted in search": date(2026, 12, 7),
    }
    assert now.next_reset == date(2026, 12, 28)  # the Philippines: last Monday of the quarter
    later = ledger.standing_of(wb, owner, account, what_if=Entry(date(2026, 12, 1), 6))
    assert (later.points, later.level) == (13, 4)
    assert "Cannot create or edit listings" in {r.label.en for r in later.restrictions}


def test_it_stops_counting_penalties_overturned_on_appeal(wb: Workbench, world: World) -> None:
    owner, account = world.actor(wb, "owner"), _shopee_ph(wb, world)
    penalty = ledger.record_penalty(
        wb,
        owner,
        account,
        {
            "received_on": "2026-11-10",
            "points": 6,
            "violation": "late_shipment",
            "appeal_result": "pending",
        },
    )
    assert ledger.standing_of(wb, owner, account).level == 2
    ledger.set_appeal_result(wb, owner, account, penalty.id, "overturned")
    assert ledger.standing_of(wb, owner, account).points == 0


def test_it_applies_taobao_penalties_only_after_the_appeal() -> None:
    pack = load_policies()["taobao"]
    ledger_entries = [
        Entry(date(2026, 3, 1), 12, serious=True),
        Entry(date(2026, 11, 10), 30, serious=True),  # 12 -> 42 crosses 24 and 36: 36 applies
        Entry(date(2026, 11, 12), 12, appeal_result="pending"),
        Entry(date(2026, 11, 15), 12),
        Entry(date(2025, 12, 30), 24, serious=True),  # last year: points reset, 14 days over
    ]
    result = standing(pack, ledger_entries, as_of=date(2026, 11, 18), region=None)
    assert (result.points, result.serious_points, result.level) == (12, 42, 36)
    assert [(r.label.en, r.ends_on) for r in result.restrictions] == [
        ("Shop closed for 21 days", date(2026, 12, 1)),
        ("Shop shielded, listing restricted and public warning for 7 days", date(2026, 11, 22)),
    ]
    assert result.next_reset == date(2027, 1, 1)


def test_it_expires_tiktok_points_in_the_standing() -> None:
    pack = load_policies()["tiktok_shop"]
    entries = [Entry(date(2026, 3, 1), 8), Entry(date(2026, 10, 1), 12)]
    result = standing(pack, entries, as_of=date(2026, 11, 18), region="US")
    assert (result.points, result.level, result.next_reset) == (12, 12, date(2027, 3, 30))


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"received_on": "2026-11-19", "points": 3, "violation": "late_shipment"}, "received_on"),
        ({"received_on": "19/11/2026", "points": 3, "violation": "late_shipment"}, "received_on"),
        ({"received_on": "2026-11-01", "points": -1, "violation": "late_shipment"}, "points"),
        ({"received_on": "2026-11-01", "points": "many", "violation": "late_shipment"}, "points"),
        ({"received_on": "2026-11-01", "points": 3, "violation": "speeding"}, "violation"),
        (
            {
                "received_on": "2026-11-01",
                "points": 3,
                "violation": "late_shipment",
                "appeal_result": "won",
            },
            "appeal_result",
        ),
    ],
)
def test_it_refuses_a_bad_penalty_and_records_nothing(
    wb: Workbench, world: World, values: dict[str, Any], field: str
) -> None:
    owner = world.actor(wb, "owner")
    with pytest.raises(InvalidInput) as raised:
        ledger.record_penalty(wb, owner, world.account_a, values)
    assert raised.value.field == field
    assert ledger.penalties_of(wb, owner, world.account_a) == []


def test_it_keeps_the_ledger_inside_the_organisation(wb: Workbench, world: World) -> None:
    values = {"received_on": "2026-11-01", "points": 3, "violation": "late_shipment"}
    with pytest.raises(NotFound):
        ledger.record_penalty(wb, world.actor(wb, "outsider"), world.account_a, values)
    with pytest.raises(PermissionDenied):
        ledger.record_penalty(wb, world.actor(wb, "viewer"), world.account_a, values)
    penalty = ledger.record_penalty(wb, world.actor(wb, "teammate"), world.account_a, values)
    with pytest.raises(NotFound):
        ledger.set_appeal_result(
            wb, world.actor(wb, "outsider"), world.account_a, penalty.id, "overturned"
        )
    with pytest.raises(NotFound):  # the right account id is needed, not only the penalty's
        ledger.set_appeal_result(
            wb, world.actor(wb, "owner"), world.account_a2, penalty.id, "overturned"
        )


def test_it_records_penalties_and_shows_a_what_if_on_the_account_page(
    as_persona: Any, world: World
) -> None:
    agent = as_persona("teammate")
    page = f"/accounts/{world.account_a}"
    response = agent.post(
        f"{page}/penalties",
        {
            "received_on": "2026-11-10",
            "points": "2",
            "violation": "late_shipment",
            "appeal_result": "pending",
        },
        page=page,
    )
    assert response.status_code == 303
    html = agent.client.get(page).text
    assert "Penalty points" in html and "appeal pending" in html
    what_if = agent.client.get(f"{page}?what_if_points=5&what_if_date=2026-12-01").text
    assert "If you receive 5 more points on 2026-12-01:" in what_if
    bad = agent.post(
        f"{page}/penalties",
        {"received_on": "2026-12-31", "points": "2", "violation": "late_shipment"},
        page=page,
    )
    assert bad.status_code == 422 and "Date received cannot be in the future." in bad.text
    assert agent.client.get(f"{page}?what_if_points=x").status_code == 422


def test_it_refuses_ledger_changes_to_viewers_and_outsiders_on_the_web(
    as_persona: Any, world: World
) -> None:
    page = f"/accounts/{world.account_a}"
    data = {"received_on": "2026-11-10", "points": "2", "violation": "late_shipment"}
    assert as_persona("viewer").post(f"{page}/penalties", data, page=page).status_code == 403
    outsider = as_persona("outsider")
    assert outsider.post(f"{page}/penalties", data, page="/accounts").status_code == 404
    assert (
        outsider.post(
            f"{page}/penalties/1/appeal", {"appeal_result": "overturned"}, page="/accounts"
        ).status_code
        == 404
    )


def test_it_serves_the_ledger_and_standing_over_the_api(client: TestClient, world: World) -> None:
    url = f"/api/v1/accounts/{world.account_a}"
    created = client.post(
        f"{url}/penalties",
        headers=bearer(world, "teammate"),
        json={"received_on": "2026-11-01", "points": 4, "violation": "late_shipment"},
    )
    assert created.status_code == 201 and created.json()["platform"] == "joom"
    listing = client.get(f"{url}/penalties", headers=bearer(world, "viewer")).json()
    assert [p["points"] for p in listing["items"]] == [4]
    assert listing["standing"]["system"] is None and listing["standing"]["points"] == 4
    standing_json = client.get(
        f"{url}/standing?what_if_points=3", headers=bearer(world, "owner")
    ).json()
    assert standing_json["points"] == 7
    assert client.get(f"{url}/penalties", headers=bearer(world, "outsider")).status_code == 404
    refused = client.post(
        f"{url}/penalties",
        headers=bearer(world, "viewer"),
        json={"received_on": "2026-11-01", "points": 4, "violation": "late_shipment"},
    )
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("language", "query", "said"),
    [
        ("en", "what_if_points=abc", "a whole number is expected"),
        ("zh-CN", "what_if_points=abc", "应为整数"),
        ("zh-CN", "what_if_serious=maybe", "应为 true 或 false"),
    ],
)
def test_a_value_the_api_cannot_read_is_refused_in_the_readers_words(
    client: TestClient, world: World, language: str, query: str, said: str
) -> None:
    """Why a value was refused is said in the reader's language: pydantic's own reasons
    ('Input should be a valid integer…') are English."""
    url = f"/api/v1/accounts/{world.account_a}/standing?{query}"
    headers = {**bearer(world, "owner"), "Accept-Language": language}
    refused = client.get(url, headers=headers)
    assert refused.status_code == 422
    message = refused.json()["error"]["message"]
    assert said in message and "Input should" not in message
