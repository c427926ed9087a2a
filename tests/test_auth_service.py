"""Members, passwords and tokens through the service layer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import Type
from argon2.profiles import RFC_9106_LOW_MEMORY
from sqlalchemy import select

from reinstate.auth import service
from reinstate.auth.actor import Actor
from reinstate.clock import FrozenClock
from reinstate.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied
from reinstate.storage.tables import Credential, Organisation, User
from reinstate.workbench import Workbench

from .conftest import PASSWORD, PRODUCT_HASHER, TEST_HASHER, World


def test_it_stores_passwords_only_as_argon2id_hashes(wb: Workbench, world: World) -> None:
    with wb.db.reading() as session:
        hashes = list(session.scalars(select(User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert all(PASSWORD not in h for h in hashes)


def test_outside_the_tests_passwords_are_hashed_at_argon2s_recommended_cost() -> None:
    """The tests hash at the lowest cost (conftest); the product at RFC 9106's second choice,
    argon2-cffi's default (the first needs 2 GiB of memory for each sign-in)."""
    assert PRODUCT_HASHER.type is Type.ID
    assert (PRODUCT_HASHER.time_cost, PRODUCT_HASHER.memory_cost, PRODUCT_HASHER.parallelism) == (
        RFC_9106_LOW_MEMORY.time_cost,
        RFC_9106_LOW_MEMORY.memory_cost,
        RFC_9106_LOW_MEMORY.parallelism,
    )
    assert service._hasher is TEST_HASHER
    assert PRODUCT_HASHER.verify(PRODUCT_HASHER.hash(PASSWORD), PASSWORD)


def test_it_gives_one_message_for_a_wrong_password_and_an_unknown_email(
    wb: Workbench, world: World
) -> None:
    messages = set()
    for email, password in (
        ("owner@example.com", "wrong-password!"),
        ("nobody@example.com", PASSWORD),
    ):
        with pytest.raises(NotAuthenticated) as raised:
            service.authenticate(wb, email, password)
        messages.add(raised.value.render(lambda m: m))
    assert messages == {"Email or password is incorrect."}
    assert service.authenticate(wb, " Owner@Example.com ", PASSWORD).email == "owner@example.com"


def test_it_signs_up_an_organisation_with_its_first_owner(wb: Workbench) -> None:
    user = service.sign_up(
        wb,
        organisation="Shenzhen Star 深圳星辰",
        kind="seller",
        email="Chen@Example.com",
        password="a-long-password",
        language="zh_CN",
    )
    assert (user.email, user.role, user.language) == ("chen@example.com", "owner", "zh_CN")
    with wb.db.reading() as session:
        assert session.get(Organisation, user.org_id).name == "Shenzhen Star 深圳星辰"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("email", "password", "organisation", "error"),
    [
        ("owner@example.com", "a-long-password", "Dup", Conflict),
        ("not-an-email", "a-long-password", "X", InvalidInput),
        ("new@example.com", "short", "X", InvalidInput),
        ("new@example.com", "x" * 257, "X", InvalidInput),
        ("new@example.com", "a-long-password", "", InvalidInput),
        ("new@example.com", "a-long-password", "y" * 201, InvalidInput),
    ],
)
def test_it_refuses_a_bad_sign_up_and_creates_nothing(
    wb: Workbench, world: World, email: str, password: str, organisation: str, error: type
) -> None:
    with wb.db.reading() as session:
        orgs = len(list(session.scalars(select(Organisation.id))))
    with pytest.raises(error):
        service.sign_up(
            wb, organisation=organisation, kind="seller", email=email, password=password
        )
    with wb.db.reading() as session:
        assert len(list(session.scalars(select(Organisation.id)))) == orgs


def test_it_lets_only_owners_add_members(wb: Workbench, world: World) -> None:
    with pytest.raises(PermissionDenied):
        service.create_user(wb, world.actor(wb, "teammate"), "x@example.com", "agent", PASSWORD)
    with pytest.raises(InvalidInput, match="is not known"):
        service.create_user(wb, world.actor(wb, "owner"), "x@example.com", "admin", PASSWORD)
    user = service.create_user(wb, world.actor(wb, "owner"), "x@example.com", "viewer", PASSWORD)
    assert user.org_id == world.org_a


def test_it_keeps_at_least_one_owner(wb: Workbench, world: World) -> None:
    owner = world.actor(wb, "owner")
    assert owner.user_id is not None
    with pytest.raises(InvalidInput, match="at least one owner"):
        service.change_role(wb, owner, owner.user_id, "agent")
    teammate = service.user_by_email(wb, "teammate@example.com")
    assert service.change_role(wb, owner, teammate.id, "owner").role == "owner"
    assert service.change_role(wb, owner, owner.user_id, "agent").role == "agent"


def test_it_refuses_expired_revoked_and_unknown_tokens(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    user = service.user_by_email(wb, "teammate@example.com")
    issued = service.issue_credential(wb, user, "api", name="ERP", days=1)
    assert service.resolve_credential(wb, issued.secret, "api").id == user.id
    with pytest.raises(NotAuthenticated, match="not valid"):
        service.resolve_credential(wb, issued.secret + "x", "api")
    with pytest.raises(NotAuthenticated, match="not valid"):
        service.resolve_credential(wb, issued.secret, "session")  # an API token is no cookie
    clock.set(clock.now() + timedelta(days=1))
    with pytest.raises(NotAuthenticated) as raised:
        service.resolve_credential(wb, issued.secret, "api")
    assert raised.value.render(lambda m: m) == "This token expired on 2026-11-19."
    other = service.issue_credential(wb, user, "api")
    service.revoke_credential(wb, user, other.credential.id)
    with pytest.raises(NotAuthenticated, match="revoked"):
        service.resolve_credential(wb, other.secret, "api")


def test_it_keeps_only_a_hash_of_each_token(wb: Workbench, world: World) -> None:
    with wb.db.reading() as session:
        stored = [c.secret_hash for c in session.scalars(select(Credential))]
    assert stored and not any(token in stored for token in world.tokens.values())


@pytest.mark.parametrize("days", [0, 3651])
def test_it_refuses_token_lifetimes_out_of_range(wb: Workbench, world: World, days: int) -> None:
    with pytest.raises(InvalidInput, match="1 to 3650"):
        service.issue_credential(
            wb, service.user_by_email(wb, "owner@example.com"), "api", days=days
        )


def test_it_does_not_add_members_to_an_organisation_that_does_not_exist(wb: Workbench) -> None:
    from reinstate.errors import NotFound

    with pytest.raises(NotFound, match="does not exist"):
        service.create_user(wb, Actor.command_line(424242), "a@example.com", "owner", PASSWORD)
