"""The one scoping rule: a client who may not see a case sees nothing of it anywhere, and
nobody sees anything of another organisation."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reinstate.accounts.service import set_client_access
from reinstate.auth.actor import Actor
from reinstate.auth.service import create_user
from reinstate.cases.service import comment, open_case, update_case
from reinstate.errors import NotFound
from reinstate.events import visible_events
from reinstate.evidence.service import add_document
from reinstate.letters.service import draft_for_case, save_letter
from reinstate.storage.tables import Case, Document, Event, LetterVersion, SellerAccount
from reinstate.tenancy import get_visible, scope, visible
from reinstate.workbench import Workbench

from .conftest import PASSWORD, World, bearer
from .test_evidence_checks import text_pdf

HIDDEN = "zq-hidden-case-remark"
HIDDEN_FILE = "zq-hidden-licence.pdf"
SEEN = "zq-visible-case-remark"


def _hidden_case(wb: Workbench, world: World) -> tuple[int, int]:
    """A case of the client's account with a comment, a file and a saved letter, then hidden
    from clients; and a visible case of the same account with a comment."""
    agent = world.actor(wb, "teammate")
    hidden = open_case(wb, agent, world.account_a, ["counterfeit"]).id
    comment(wb, agent, hidden, f"{HIDDEN}: the supplier's invoices are forged")
    add_document(wb, agent, hidden, HIDDEN_FILE, text_pdf("Licence"), [])
    save_letter(wb, agent, hidden, draft_for_case(wb, agent, hidden))
    update_case(wb, agent, hidden, {"client_visible": False})
    shown = open_case(wb, agent, world.account_a, ["counterfeit"]).id
    comment(wb, agent, shown, SEEN)
    return hidden, shown


def _leaks(body: str) -> list[str]:
    return [
        what
        for what, sign in (
            ("comment", HIDDEN),
            ("file name", HIDDEN_FILE),
            ("letter save", "Saved a version of the appeal letter"),
            ("letter save", '"letter.saved"'),
        )
        if sign in body
    ]


def test_it_shows_a_client_nothing_of_a_case_hidden_from_clients(
    wb: Workbench, world: World, client: TestClient, as_persona: Any
) -> None:
    _hidden_case(wb, world)
    web = as_persona("client")
    pages = {
        "/activity": web.client.get("/activity").text,
        f"/accounts/{world.account_a}": web.client.get(f"/accounts/{world.account_a}").text,
        f"/accounts/{world.account_a}/activity": web.client.get(
            f"/accounts/{world.account_a}/activity"
        ).text,
    }
    for path in ("/api/v1/activity", f"/api/v1/accounts/{world.account_a}/activity"):
        answer = client.get(path, headers=bearer(world, "client"))
        assert answer.status_code == 200
        pages[path] = answer.text
    assert all(SEEN in body for body in pages.values())  # the visible case's comment is shown
    leaked = {path: found for path, body in pages.items() if (found := _leaks(body))}
    assert leaked == {}
    owner = as_persona("owner").client.get("/activity").text
    assert _leaks(owner) == ["comment", "file name", "letter save"]  # the team sees it all


def test_events_inherit_their_cases_visibility(wb: Workbench, world: World) -> None:
    hidden, shown = _hidden_case(wb, world)
    client, viewer = world.actor(wb, "client"), world.actor(wb, "viewer")
    with wb.db.reading() as session:
        seen = {e.case_id for e in visible_events(session, client)}
        assert hidden not in seen and shown in seen
        assert visible_events(session, client, case_id=hidden) == []
        assert {e.case_id for e in visible_events(session, viewer)} >= {hidden, shown}
        for entity in (Document, LetterVersion):
            rows = session.scalars(scope(select(entity), client, entity))
            assert [r.case_id for r in rows] == []
        assert len(list(session.scalars(scope(select(Document), viewer, Document)))) == 1
        with pytest.raises(NotFound):
            get_visible(session, client, Case, hidden)
        assert get_visible(session, client, Case, shown).id == shown


def test_nobody_sees_another_organisations_rows(wb: Workbench, world: World) -> None:
    _hidden_case(wb, world)
    outsider = world.actor(wb, "outsider")
    with wb.db.reading() as session:
        events = session.scalars(select(Event).where(visible(outsider, Event)))
        assert {e.org_id for e in events} == {world.org_b}
        with pytest.raises(NotFound):
            get_visible(session, outsider, SellerAccount, world.account_a)
        for entity in (Case, Document, LetterVersion):
            assert list(session.scalars(scope(select(entity), outsider, entity))) == []


def test_it_refuses_to_scope_a_table_it_has_no_rule_for(wb: Workbench, world: World) -> None:
    from reinstate.storage.tables import Credential

    with pytest.raises(TypeError, match="no rule for Credential"):
        visible(world.actor(wb, "owner"), Credential)


def test_a_client_sees_no_other_members_emails(
    world: World, client: TestClient, as_persona: Any
) -> None:
    web = as_persona("client")
    page = web.client.get("/members")
    assert page.status_code == 200
    assert world.emails["client"] in page.text
    for persona in ("owner", "teammate", "viewer"):
        assert world.emails[persona] not in page.text
    team = as_persona("viewer").client.get("/members").text
    assert all(world.emails[p] in team for p in ("owner", "teammate", "client", "viewer"))


def test_a_client_reads_the_activity_with_the_team_by_role_and_no_other_client(
    wb: Workbench, world: World, client: TestClient, as_persona: Any
) -> None:
    """The teammate's remark reaches the client as from the provider's team; the client's own
    access shows their own address; another client given the account is not shown at all."""
    hidden, shown = _hidden_case(wb, world)
    owner = Actor.command_line(world.org_a)
    create_user(wb, owner, "zq-other-client@example.com", "client", PASSWORD)
    set_client_access(wb, owner, world.account_a, "zq-other-client@example.com", allowed=True)
    items = client.get("/api/v1/activity", headers=bearer(world, "client")).json()["items"]
    actors = {(i["name"], i["actor"]) for i in items}
    assert ("case.comment", "Your service provider's team") in actors
    assert ("account.client_access", "command line") in actors
    assert [i["subject"] for i in items if i["name"] == "account.client_access"] == [
        world.emails["client"]
    ]
    web = as_persona("client")
    for page in ("/activity", f"/cases/{shown}"):
        text = web.client.get(page, headers={"Accept-Language": "zh-CN"}).text
        assert "zq-other-client@example.com" not in text
        assert world.emails["teammate"] not in text
    web.post("/language", {"language": "zh_CN", "next": "/activity"}, page="/activity")
    assert "服务商团队" in web.client.get(f"/cases/{shown}").text
    team = client.get("/api/v1/activity", headers=bearer(world, "viewer")).json()["items"]
    assert {i["actor"] for i in team} >= {world.emails["teammate"]}
    assert "zq-other-client@example.com" in {i["subject"] for i in team}
