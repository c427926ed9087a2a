"""The schema: migrations match the tables, times stay UTC, and the activity log is append-only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from reinstate.settings import Settings
from reinstate.storage.migrate import is_current, upgrade
from reinstate.storage.tables import Base, Event
from reinstate.workbench import Workbench

from .conftest import World


def test_it_migrates_to_exactly_the_declared_tables(wb: Workbench) -> None:
    assert is_current(wb.db.engine)
    with wb.db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_it_upgrades_an_up_to_date_database_without_change(wb: Workbench) -> None:
    upgrade(wb.db.engine)
    assert is_current(wb.db.engine)


def test_it_refuses_to_update_or_delete_events(wb: Workbench, world: World) -> None:
    for statement in ("UPDATE events SET actor = 'someone else'", "DELETE FROM events"):
        with pytest.raises(DBAPIError, match="append-only"), wb.db.transaction() as session:
            session.execute(text(statement))
    with wb.db.reading() as session:
        actors = set(session.scalars(select(Event.actor)))
    assert "someone else" not in actors and actors


def test_it_returns_timezone_aware_utc(wb: Workbench, world: World) -> None:
    with wb.db.reading() as session:
        created = session.scalars(select(Event.created_at)).first()
    assert created == datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


def test_it_names_the_database_it_cannot_reach(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from reinstate.errors import ConfigurationError

    url = "postgresql+psycopg://reinstate:hunter2@127.0.0.1:1/nowhere"
    wb = Workbench.open(Settings(env="test", data_dir=tmp_path, database_url=url))
    with pytest.raises(ConfigurationError) as raised:
        upgrade(wb.db.engine)
    assert "127.0.0.1:1/nowhere" in str(raised.value) and "hunter2" not in str(raised.value)
