"""Issue 21: a page's reads share one database session, a dropped pooled connection is replaced
before anyone uses it, and the case list's account filter stays small with many stores."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, inspect, select, text

from reinstate.accounts.service import create_account, update_account
from reinstate.cases import service
from reinstate.cases.listing import ACCOUNT_CHOICES
from reinstate.settings import Settings
from reinstate.storage import db as storage_db
from reinstate.storage.db import Database
from reinstate.storage.tables import SellerAccount
from reinstate.workbench import Workbench

from .conftest import World, _admin, _pg_url


@contextmanager
def _checkouts(wb: Workbench) -> Iterator[list[int]]:
    seen: list[int] = []

    def count(*_: Any) -> None:
        seen.append(1)

    event.listen(wb.db.engine.pool, "checkout", count)
    try:
        yield seen
    finally:
        event.remove(wb.db.engine.pool, "checkout", count)


def test_a_page_signs_in_finds_the_time_zone_and_reads_its_rows_on_one_connection(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    owner = world.actor(wb, "owner")
    for _ in range(3):
        service.open_case(wb, owner, world.account_a, ["counterfeit"])
    user = as_persona("owner")
    assert user.client.get("/cases").status_code == 200  # the sign-in's last use is written
    for path in ("/cases", "/accounts"):
        with _checkouts(wb) as seen:
            assert user.client.get(path).status_code == 200
        assert len(seen) == 1, path


def test_reads_in_a_request_are_detached_and_fresh_after_a_write(
    world: World, wb: Workbench
) -> None:
    owner = world.actor(wb, "owner")
    with wb.db.request_scope():
        with wb.db.reading() as session:
            before = session.get(SellerAccount, world.account_a)
        assert before is not None and inspect(before).detached
        update_account(wb, owner, world.account_a, {"store_name": "Renamed Store"})
        with wb.db.reading() as session:
            after = session.scalar(
                select(SellerAccount.store_name).where(SellerAccount.id == world.account_a)
            )
        assert after == "Renamed Store" and before.store_name != after
        with pytest.raises(ZeroDivisionError), wb.db.reading() as session:
            session.execute(text("SELECT 1"))
            raise ZeroDivisionError  # a failed block gives its session up
        with wb.db.reading() as session:
            assert session.scalar(text("SELECT 2")) == 2


def test_a_dropped_idle_connection_is_replaced_before_anyone_uses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL, the only server here that can drop a connection (a restart, an idle
    timeout): every pooled connection is ended, and the next read still answers, because a
    connection idle past IDLE_PING is checked, found dead and replaced before it is handed out."""
    name = f"rs_drop_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    database = Database(Settings(env="test", data_dir=tmp_path, database_url=_pg_url(name)))
    try:
        with database.reading() as session:
            assert session.scalar(text("SELECT 1")) == 1
        _admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
        monkeypatch.setattr(storage_db, "IDLE_PING", 0.0)
        with database.reading() as session:
            assert session.scalar(text("SELECT 2")) == 2
    finally:
        database.engine.dispose()
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_with_many_stores_the_account_filter_lists_those_of_the_page_and_the_chosen_one(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    owner = world.actor(wb, "owner")
    extra = [
        create_account(wb, owner, {"platform": "amazon", "store_name": f"Many Store {i:03d}"}).id
        for i in range(ACCOUNT_CHOICES)
    ]
    service.open_case(wb, owner, extra[7], ["late_shipment"])
    user = as_persona("owner")
    page = user.client.get("/cases").text
    filter_ = page[page.index('<select name="account">') :]
    options = re.findall(r'<option value="(\d*)"', filter_[: filter_.index("</select>")])
    assert options[0] == "" and str(extra[7]) in options and len(options) <= ACCOUNT_CHOICES
    assert not {str(i) for i in extra if i != extra[7]} & set(options)  # no case on the page
    assert "Many Store 007" in page
    store = user.client.get(f"/accounts/{extra[3]}").text  # a store's page links to its cases
    assert f'href="/cases?account={extra[3]}&amp;sort=opened"' in store
    chosen = user.client.get(f"/cases?account={extra[3]}").text
    assert f'<option value="{extra[3]}" selected>Many Store 003</option>' in chosen
    few = as_persona("client").client.get("/cases").text  # a client sees one store: all listed
    assert f'<option value="{world.account_a}"' in few
