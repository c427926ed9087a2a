"""Alembic migrations, run from code (``reinstate db upgrade``, ``serve``, tests)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

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


def is_current(engine: Engine) -> bool:
    head = _head()
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision() == head
    except OperationalError as exc:
        raise unreachable(str(engine.url)) from exc


def require_current(engine: Engine) -> None:
    if not is_current(engine):
        raise ConfigurationError(
            N_("The database is not set up yet: run `reinstate db upgrade` first.")
        )
