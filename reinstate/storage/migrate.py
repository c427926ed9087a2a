"""Alembic migrations, run from code (``reinstate db upgrade``, ``serve``, tests)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from ..errors import N_, ConfigurationError
from .db import unreachable

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    try:
        command.upgrade(_config(engine), "head")
    except OperationalError as exc:
        raise unreachable(str(engine.url)) from exc


@cache
def _head() -> str | None:
    """The newest revision the installed scripts know: read once per process (the scripts ship
    with the package), not on every /health a load balancer asks for."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


# Alembic's own table (env.py keeps its default name): one row, the revision applied.
_APPLIED = text("SELECT version_num FROM alembic_version")


def is_current(engine: Engine) -> bool:
    """Whether the database has the newest revision applied: one query, read directly (every
    /health asks; Alembic's context looked the table up first and cost more than the rest of
    the answer, issue 21); Alembic itself is asked only when that table cannot be read."""
    head = _head()
    try:
        with engine.connect() as connection:
            try:
                applied = connection.execute(_APPLIED).scalars().all()
            except DBAPIError:  # no such table yet (or the database went away meanwhile)
                connection.rollback()
                return MigrationContext.configure(connection).get_current_revision() == head
            return applied == [head]
    except OperationalError as exc:
        raise unreachable(str(engine.url)) from exc


def require_current(engine: Engine) -> None:
    if not is_current(engine):
        raise ConfigurationError(
            N_("The database is not set up yet: run `reinstate db upgrade` first.")
        )
