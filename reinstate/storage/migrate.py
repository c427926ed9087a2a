"""Alembic migrations, run from code (``reinstate db upgrade``, ``serve``, tests)."""

from __future__ import annotations

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


def is_current(engine: Engine) -> bool:
    head = ScriptDirectory.from_config(_config(engine)).get_current_head()
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
