"""Seller accounts through the service layer: rules, tenancy, roles and the activity trail."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from reinstate.accounts import service
from reinstate.auth.actor import Actor
from reinstate.errors import InvalidInput, NotFound, PermissionDenied
from reinstate.events import visible_events
from reinstate.storage.tables import Event, SellerAccount
from reinstate.workbench import Workbench

from .conftest import VALID_ID, World


def _count(wb: Workbench, table: type) -> int:
    with wb.db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_it_creates_an_account_and_its_event_together(wb: Workbench, world: World) -> None:
    owner = world.actor(wb, "owner")
    account = service.create_account(
        wb,
        owner,
        {
            "platform": "taobao",
            "store_name": " 蓝海家居旗舰店 ",
            "uscc": "91350100m000100y43",
            "legal_rep_id_number": "11010519491231002x",
        },
    )
    assert account.store_name == "蓝海家居旗舰店"
    assert account.uscc == "91350100M000100Y43"
    assert account.legal_rep_id_number == VALID_ID  # stored in full for evidence checks
    with wb.db.reading() as session:
        event = visible_events(session, owner, account_id=account.id)[0]
    assert (event.name, event.actor, event.via) == ("account.created", "owner@example.com", "web")
    assert event.after and event.after["legal_rep_id_number"] == "110***********002X"
    assert VALID_ID not in str(event.after)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"platform": "joom", "store_name": "   "}, "store_name", "must not be empty"),
        ({"platform": "joom", "store_name": "x" * 201}, "store_name", "at most 200"),
        (
            {"platform": "ebay", "store_name": "Shop"},
            "platform",
            "choose one of aliexpress, amazon",
        ),
        ({"store_name": "Shop"}, "platform", "is not known"),
        ({"platform": "joom", "store_name": "Shop\x00"}, "store_name", "control characters"),
        (
            {"platform": "joom", "store_name": "S", "uscc": "91350100M000100Y44"},
            "uscc",
            "check character",
        ),
        (
            {"platform": "joom", "store_name": "S", "legal_rep_id_number": "110105194902300000"},
            "legal_rep_id_number",
            "birth date",
        ),
        (  # born 2099-01-01, its check digit right: a birth date still to come
            {"platform": "joom", "store_name": "S", "legal_rep_id_number": "440306209901011238"},
            "legal_rep_id_number",
            "birth date",
        ),
        (
            {"platform": "joom", "store_name": "S", "legal_rep_id_number": "AB"},
            "legal_rep_id_number",
            "5 to 30",
        ),
        (
            {"platform": "joom", "store_name": "S", "registered_email": "li@"},
            "registered_email",
            "not a valid email",
        ),
        ({"platform": "joom", "store_name": "S", "phone": "call me"}, "phone", "phone number"),
        ({"platform": "joom", "store_name": "S", "owner": "me"}, "owner", "Unknown field"),
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(
    wb: Workbench, world: World, values: dict[str, str], field: str, message: str
) -> None:
    accounts, events = _count(wb, SellerAccount), _count(wb, Event)
    with pytest.raises(InvalidInput) as raised:
        service.create_account(wb, world.actor(wb, "owner"), values)
    assert raised.value.field == field
    assert message in raised.value.render(lambda m: m)
    assert (_count(wb, SellerAccount), _count(wb, Event)) == (accounts, events)


def test_it_accepts_a_passport_number_for_a_foreign_legal_representative(
    wb: Workbench, world: World
) -> None:
    account = service.create_account(
        wb,
        world.actor(wb, "owner"),
        {"platform": "amazon", "store_name": "HK Shop", "legal_rep_id_number": "K1234567"},
    )
    assert service.view(account)["legal_rep_id_number"] == "K1**4567"


def test_it_rolls_back_a_change_whose_event_cannot_be_written(wb: Workbench, world: World) -> None:
    ghost = Actor(org_id=world.org_a, role="owner", label="ghost", via="web", user_id=999_999)
    before = _count(wb, SellerAccount)
    with pytest.raises(IntegrityError):
        service.create_account(wb, ghost, {"platform": "joom", "store_name": "Half written"})
    assert _count(wb, SellerAccount) == before


def test_it_records_only_what_changed_with_before_and_after(wb: Workbench, world: World) -> None:
    agent = world.actor(wb, "teammate")
    service.update_account(
        wb,
        agent,
        world.account_a,
        # the same marketplace and ID number as before: not a change
        {"store_name": "Blue Ocean Home EU", "marketplace": "EU", "legal_rep_id_number": VALID_ID},
    )
    with wb.db.reading() as session:
        event = visible_events(session, agent, account_id=world.account_a)[0]
    assert event.name == "account.updated"
    assert event.before == {"store_name": "Blue Ocean Home"}
    assert event.after == {"store_name": "Blue Ocean Home EU"}


def test_it_writes_no_event_when_nothing_changed(wb: Workbench, world: World) -> None:
    events = _count(wb, Event)
    service.update_account(wb, world.actor(wb, "owner"), world.account_a, {"marketplace": "EU"})
    assert _count(wb, Event) == events


def test_it_hides_a_deleted_account_but_keeps_its_history(wb: Workbench, world: World) -> None:
    owner = world.actor(wb, "owner")
    service.delete_account(wb, owner, world.account_a2)
    with pytest.raises(NotFound):
        service.get_account(wb, owner, world.account_a2)
    assert world.account_a2 not in [a.id for a in service.list_accounts(wb, owner)]
    with wb.db.reading() as session:
        names = [e.name for e in visible_events(session, owner, account_id=world.account_a2)]
    assert names == ["account.deleted", "account.created"]


def test_it_shows_a_client_only_the_accounts_given_to_them(wb: Workbench, world: World) -> None:
    client = world.actor(wb, "client")
    assert [a.id for a in service.list_accounts(wb, client)] == [world.account_a]
    with pytest.raises(NotFound):
        service.get_account(wb, client, world.account_a2)
    with wb.db.reading() as session:
        assert {e.account_id for e in visible_events(session, client)} == {world.account_a}


def test_it_lets_no_viewer_or_client_change_anything(wb: Workbench, world: World) -> None:
    for persona in ("viewer", "client"):
        actor = world.actor(wb, persona)
        with pytest.raises(PermissionDenied):
            service.create_account(wb, actor, {"platform": "joom", "store_name": "x"})
        with pytest.raises(PermissionDenied):
            service.update_account(wb, actor, world.account_a, {"store_name": "x"})
        with pytest.raises(PermissionDenied):
            service.delete_account(wb, actor, world.account_a)
    assert service.get_account(wb, world.actor(wb, "owner"), world.account_a).store_name == (
        "Blue Ocean Home"
    )


def test_it_never_shows_another_organisations_account(wb: Workbench, world: World) -> None:
    outsider = world.actor(wb, "outsider")
    assert [a.id for a in service.list_accounts(wb, outsider)] == [world.account_b]
    for call in (
        lambda: service.get_account(wb, outsider, world.account_a),
        lambda: service.update_account(wb, outsider, world.account_a, {"store_name": "mine"}),
        lambda: service.delete_account(wb, outsider, world.account_a),
        lambda: service.set_client_access(
            wb, outsider, world.account_a, "client@example.com", allowed=False
        ),
    ):
        with pytest.raises(NotFound):
            call()
    with wb.db.reading() as session:
        assert all(e.org_id == world.org_b for e in visible_events(session, outsider))


def test_it_gives_access_only_to_client_members(wb: Workbench, world: World) -> None:
    owner = world.actor(wb, "owner")
    with pytest.raises(InvalidInput, match="not a client member"):
        service.set_client_access(wb, owner, world.account_a2, "viewer@example.com", allowed=True)
    with pytest.raises(InvalidInput, match="not a client member"):
        service.set_client_access(wb, owner, world.account_a2, "outsider@example.com", allowed=True)
    service.set_client_access(wb, owner, world.account_a2, "client@example.com", allowed=True)
    assert [u.email for u in service.clients_of(wb, owner, world.account_a2)] == [
        "client@example.com"
    ]
    service.set_client_access(wb, owner, world.account_a, "client@example.com", allowed=False)
    client = world.actor(wb, "client")
    assert [a.id for a in service.list_accounts(wb, client)] == [world.account_a2]
