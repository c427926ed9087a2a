"""A provider's client portal and engagements (issue 19): the client uploads to its case's
checklist, comments and approves or asks for changes on a letter version; submitting with an
unapproved newest version warns; a price list is saved per organisation; an accepted quote is an
engagement due on China's working days (National Day week), listed by due time and agent."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reinstate.cases.service import open_case, update_case
from reinstate.clock import FrozenClock
from reinstate.letters.service import draft_for_case, save_letter
from reinstate.provider import sla
from reinstate.provider.pricing import EXAMPLE_PRICE_LIST
from reinstate.provider.service import QuoteOptions, accept_quote, sla_list
from reinstate.storage.tables import Event
from reinstate.workbench import Workbench

from .conftest import World, bearer
from .test_evidence_checks import text_pdf


def _case(wb: Workbench, world: World, account: int | None = None) -> int:
    owner = world.actor(wb, "owner")
    # account A is on Joom (counterfeit is its own); account A2 on Amazon
    violation = "related_accounts" if account == world.account_a2 else "counterfeit"
    return open_case(wb, owner, account or world.account_a, [violation]).id


def _with_letter(wb: Workbench, world: World) -> int:
    case = _case(wb, world)
    owner = world.actor(wb, "owner")
    save_letter(wb, owner, case, draft_for_case(wb, owner, case))
    return case


def test_a_clients_upload_lands_on_its_checklist_item(
    client: TestClient, world: World, wb: Workbench
) -> None:
    case = _case(wb, world)
    body = {
        "filename": "BlueOceanHome_Authorisation.pdf",
        "materials": ["brand_authorisation"],
        "content_base64": base64.b64encode(text_pdf("Brand authorisation letter")).decode(),
    }
    created = client.post(
        f"/api/v1/cases/{case}/documents", headers=bearer(world, "client"), json=body
    )
    assert created.status_code == 201, created.text
    assert created.json()["materials"] == ["brand_authorisation"]
    items = client.get(f"/api/v1/cases/{case}/checklist", headers=bearer(world, "owner")).json()
    statuses = {item["material"]: item["status"] for item in items["items"]}
    assert statuses["brand_authorisation"] == "provided"
    # checked like any evidence: the same file twice is refused, an empty one too
    again = client.post(
        f"/api/v1/cases/{case}/documents", headers=bearer(world, "client"), json=body
    )
    assert again.status_code == 409
    empty = body | {"content_base64": ""}
    assert (
        client.post(
            f"/api/v1/cases/{case}/documents", headers=bearer(world, "client"), json=empty
        ).status_code
        == 422
    )
    # a viewer reads only; a case hidden from clients and another account's do not exist for it
    assert (
        client.post(
            f"/api/v1/cases/{case}/documents", headers=bearer(world, "viewer"), json=body
        ).status_code
        == 403
    )
    hidden = _case(wb, world)
    update_case(wb, world.actor(wb, "owner"), hidden, {"client_visible": False})
    for other in (hidden, _case(wb, world, world.account_a2)):
        refused = client.post(
            f"/api/v1/cases/{other}/documents", headers=bearer(world, "client"), json=body
        )
        assert refused.status_code == 404


def test_a_client_comments_on_its_case_from_the_case_page(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    case = _case(wb, world)
    client = as_persona("client")
    page = f"/cases/{case}"
    html = client.client.get(page).text
    assert f'action="{page}/comment"' in html and f'action="{page}/documents"' in html
    assert (
        client.post(
            f"{page}/comment", {"comment": "The carrier's report is attached"}, page=page
        ).status_code
        == 303
    )
    html = client.client.get(page).text
    assert (
        "The carrier&#39;s report is attached" in html or "The carrier's report is attached" in html
    )
    assert "owner@example.com" not in html and "teammate@example.com" not in html


def test_a_client_approves_a_letter_version_and_submitting_without_approval_warns(
    client: TestClient, world: World, wb: Workbench
) -> None:
    case = _with_letter(wb, world)
    url = f"/api/v1/cases/{case}/letters/1/approval"
    assert client.get(url, headers=bearer(world, "client")).json()["decision"] == "pending"
    asked = client.post(
        url, headers=bearer(world, "client"), json={"decision": "changes_requested"}
    )
    assert asked.status_code == 422  # asking for changes says which
    asked = client.post(
        url,
        headers=bearer(world, "client"),
        json={"decision": "changes_requested", "comment": "Name the carrier"},
    )
    assert asked.status_code == 201
    assert asked.json() | {"at": None} == {
        "case_id": case,
        "version": 1,
        "decision": "changes_requested",
        "decision_label": "changes requested",
        "comment": "Name the carrier",
        "by": "client@example.com",
        "at": None,
    }
    assert (
        client.post(url, headers=bearer(world, "client"), json={"decision": "maybe"}).status_code
        == 422
    )
    assert (
        client.post(
            f"/api/v1/cases/{case}/letters/9/approval",
            headers=bearer(world, "client"),
            json={"decision": "approved"},
        ).status_code
        == 404
    )
    submitted = client.post(
        f"/api/v1/cases/{case}/events",
        headers={**bearer(world, "owner"), "Accept-Language": "zh-CN"},
        json={"event": "submitted", "confirm": True},
    )
    assert submitted.status_code == 200, submitted.text
    # the notes are sentences in the caller's language, not message ids
    assert "申诉信的最新版本尚未获得客户批准。" in submitted.json()["notes"]

    other = _with_letter(wb, world)
    url = f"/api/v1/cases/{other}/letters/1/approval"
    assert (
        client.post(url, headers=bearer(world, "client"), json={"decision": "approved"}).status_code
        == 201
    )
    # the team sees who decided; the decision is an event of the case
    seen = client.get(url, headers=bearer(world, "owner")).json()
    assert (seen["decision"], seen["by"]) == ("approved", "client@example.com")
    with wb.db.reading() as session:
        names = session.scalars(select(Event.name).where(Event.case_id == other)).all()
    assert "letter.approved" in names
    submitted = client.post(
        f"/api/v1/cases/{other}/events",
        headers=bearer(world, "owner"),
        json={"event": "submitted", "confirm": True},
    )
    assert submitted.status_code == 200
    assert not any("approved" in note for note in submitted.json()["notes"])


def test_a_client_sees_the_teams_decision_by_role_never_by_email(
    client: TestClient, world: World, wb: Workbench
) -> None:
    case = _with_letter(wb, world)
    url = f"/api/v1/cases/{case}/letters/1/approval"
    client.post(url, headers=bearer(world, "teammate"), json={"decision": "approved"})
    seen = client.get(url, headers=bearer(world, "client")).json()
    assert seen["by"] == "Your service provider's team"


def test_the_sla_counts_chinas_working_days_over_national_day() -> None:
    # 2025: 1-8 October off; Sunday 28 September and Saturday 11 October are working days.
    assert not sla.is_working_day(date(2025, 10, 6))
    assert sla.is_working_day(date(2025, 9, 28)) and sla.is_working_day(date(2025, 10, 11))
    # accepted Tuesday 30 September, 10:00 in Beijing: 9, 10 and (Saturday) 11 October
    accepted = datetime(2025, 9, 30, 2, 0, tzinfo=UTC)
    assert sla.due_at(accepted, 3) == datetime(2025, 10, 11, 10, 0, tzinfo=UTC)  # 18:00 Beijing
    # accepted on Friday 26 September: Sunday 28, Monday 29, Tuesday 30
    assert sla.add_working_days(date(2025, 9, 26), 3) == date(2025, 9, 30)
    # 2026: 1-7 October off, Sunday 20 September and Saturday 10 October worked
    assert sla.add_working_days(date(2026, 9, 30), 2) == date(2026, 10, 9)
    assert sla.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    # a rush is due 24 hours after acceptance, holiday or not
    assert sla.due_at(accepted, 3, rush_hours=24) == datetime(2025, 10, 1, 2, 0, tzinfo=UTC)


def test_an_accepted_quote_is_an_engagement_on_the_sla_list(
    client: TestClient, world: World, wb: Workbench, clock: FrozenClock
) -> None:
    case, rushed = _case(wb, world), _case(wb, world)
    update_case(wb, world.actor(wb, "owner"), case, {"assignee_id": _user_id(client, world)})
    clock.set(datetime(2025, 9, 30, 2, 0, tzinfo=UTC))
    accepted = client.post(
        f"/api/v1/cases/{case}/engagement",
        headers=bearer(world, "teammate"),
        json={"languages": ["de"], "reconstruction": True},
    )
    assert accepted.status_code == 201, accepted.text
    document = accepted.json()
    assert document["due_at"] == "2025-10-11T10:00:00+00:00"
    assert [line["amount"] for line in document["lines"]] == ["1400.00", "600.00", "800.00"]
    assert (document["total"], document["currency"], document["sla"]) == (
        "2800.00",
        "CNY",
        "on_track",
    )
    again = client.post(f"/api/v1/cases/{case}/engagement", headers=bearer(world, "owner"), json={})
    assert again.status_code == 409
    accept_quote(wb, world.actor(wb, "owner"), rushed, QuoteOptions(rush=True))
    listed = client.get("/api/v1/engagements", headers=bearer(world, "owner")).json()
    assert [(e["case_id"], e["due_at"]) for e in listed["engagements"]] == [
        (rushed, "2025-10-01T02:00:00+00:00"),
        (case, "2025-10-11T10:00:00+00:00"),
    ]
    assert listed["engagements"][1]["agent"] == "teammate@example.com"
    # the client sees its cases' quotes and SLA, never the agent's email
    seen = client.get("/api/v1/engagements", headers=bearer(world, "client")).json()
    assert [e["agent"] for e in seen["engagements"]] == [None, None]
    assert client.get("/api/v1/engagements", headers=bearer(world, "outsider")).json() == {
        "engagements": []
    }
    # past the due time it is overdue; delivered late it says so
    clock.set(datetime(2025, 10, 12, 2, 0, tzinfo=UTC))
    view = sla_list(wb, world.actor(wb, "owner"), lambda s: s, "en").engagements
    assert [e.sla for e in view] == ["overdue", "overdue"]
    delivered = client.post(
        f"/api/v1/cases/{case}/engagement/delivered", headers=bearer(world, "owner")
    )
    assert (delivered.status_code, delivered.json()["sla"]) == (200, "delivered_late")
    assert (
        client.post(
            f"/api/v1/cases/{case}/engagement/delivered", headers=bearer(world, "owner")
        ).status_code
        == 409
    )


def _user_id(client: TestClient, world: World) -> int:
    me = client.get("/api/v1/me", headers=bearer(world, "teammate")).json()
    return int(me["id"])


def test_an_owner_saves_a_valid_price_list_and_a_bad_one_is_refused_whole(
    client: TestClient, world: World, as_persona: Any
) -> None:
    example = EXAMPLE_PRICE_LIST.read_text(encoding="utf-8")
    shown = client.get("/api/v1/price-list", headers=bearer(world, "owner")).json()
    assert (shown["currency"], shown["saved_at"]) == ("CNY", None)
    mine = example.replace('currency = "CNY"', 'currency = "USD"')
    saved = client.put("/api/v1/price-list", headers=bearer(world, "owner"), json={"text": mine})
    assert saved.status_code == 200 and saved.json()["currency"] == "USD"
    bad = mine.replace('percent = "40"', 'percent = "60"')
    refused = client.put("/api/v1/price-list", headers=bearer(world, "owner"), json={"text": bad})
    assert refused.status_code == 422
    assert "rush.percent" in refused.json()["error"]["message"]
    assert (
        client.get("/api/v1/price-list", headers=bearer(world, "owner")).json()["currency"] == "USD"
    )
    assert (
        client.put(
            "/api/v1/price-list", headers=bearer(world, "teammate"), json={"text": mine}
        ).status_code
        == 403
    )
    assert client.get("/api/v1/price-list", headers=bearer(world, "client")).status_code == 403
    # the same in Settings: the page shows the line that is wrong, and keeps what was typed
    owner = as_persona("owner")
    page = owner.post("/settings/prices", {"text": bad}, page="/settings/prices")
    assert page.status_code == 422
    assert "line 48, rush.percent" in page.text  # the line of the percentage in the list
    assert "percent = &#34;60&#34;" in page.text  # what was typed, escaped, to correct it
    assert (
        owner.post("/settings/prices", {"text": example}, page="/settings/prices").status_code
        == 303
    )
    assert "This is the example list" not in owner.client.get("/settings/prices").text


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_sla_page_lists_engagements(
    as_persona: Any, wb: Workbench, world: World, language: str
) -> None:
    case = _case(wb, world)
    accept_quote(wb, world.actor(wb, "owner"), case, QuoteOptions(rush=True))
    agent = as_persona("teammate")
    agent.post("/language", {"language": language, "next": "/"}, page="/settings")
    html = agent.client.get("/engagements").text
    assert f'href="/cases/{case}"' in html
    assert ("加急" if language == "zh_CN" else "rush") in html


def test_the_case_page_shows_the_quote_and_sla_to_the_client_without_the_agent(
    as_persona: Any, wb: Workbench, world: World, client: TestClient
) -> None:
    case = _case(wb, world)
    owner = world.actor(wb, "owner")
    update_case(wb, owner, case, {"assignee_id": _user_id(client, world)})
    accept_quote(wb, owner, case, QuoteOptions(languages=("it",)))
    seller = as_persona("client").client.get(f"/cases/{case}").text
    assert 'id="engagement"' in seller and "Letter in Italian" in seller and "2000.00" in seller
    assert "teammate@example.com" not in seller
    team = as_persona("owner").client.get(f"/cases/{case}").text
    assert "teammate@example.com" in team and "on track" in team


def test_no_approval_is_awaited_on_a_case_no_client_sees(
    client: TestClient, world: World, wb: Workbench
) -> None:
    # a store given to no client, or a case hidden from clients: nobody can approve its letter,
    # so submitting it says nothing about a client's approval
    owner = world.actor(wb, "owner")
    unassigned = _case(wb, world, world.account_a2)
    hidden = _case(wb, world)
    update_case(wb, owner, hidden, {"client_visible": False})
    for case in (unassigned, hidden):
        save_letter(wb, owner, case, draft_for_case(wb, owner, case))
        submitted = client.post(
            f"/api/v1/cases/{case}/events",
            headers=bearer(world, "owner"),
            json={"event": "submitted", "confirm": True},
        )
        assert submitted.status_code == 200, submitted.text
        assert not any("approved" in note for note in submitted.json()["notes"])


def test_a_client_refused_an_action_is_not_told_it_can_change_nothing(
    client: TestClient, world: World, wb: Workbench
) -> None:
    # a client uploads, comments and approves: a refused action is refused as such
    case = _case(wb, world)
    event = {"event": "submitted", "confirm": True}
    url = f"/api/v1/cases/{case}/events"
    refused = client.post(url, headers=bearer(world, "client"), json=event)
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == "Your role (client) cannot do this."
    chinese = {**bearer(world, "client"), "Accept-Language": "zh-CN"}
    refused = client.post(url, headers=chinese, json=event)
    assert refused.json()["error"]["message"] == "你的角色（客户）不能执行此操作。"
    # a viewer indeed changes nothing, and is told so
    viewer = client.post(url, headers=bearer(world, "viewer"), json=event)
    assert viewer.json()["error"]["message"] == "Your role (viewer) cannot change anything."
