"""Shared parts of the ``reinstate`` command: the app, output, and the one error path.

Errors are one sentence on stderr (in ``REINSTATE_LANGUAGE``) and a non-zero exit: 1 for a
refused request, 2 for a malformed command line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from .. import __version__
from ..auth.actor import Actor
from ..errors import N_, NotFound
from ..i18n import Gettext, gettext_for
from ..settings import Settings
from ..storage.migrate import require_current
from ..storage.tables import Organisation
from ..validation import clean_date
from ..workbench import Workbench

app = typer.Typer(
    name="reinstate",
    help="Reinstate: account health and appeal workbench for marketplace sellers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]
OrgOption = Annotated[int, typer.Option("--org", help="Organisation id.")]


def sub_app(name: str, help: str) -> typer.Typer:
    child = typer.Typer(help=help, no_args_is_help=True)
    app.add_typer(child, name=name)
    return child


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reinstate {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Reinstate: account health and appeal workbench for marketplace sellers."""


def emit(as_json: bool, document: Any, text: str) -> None:
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2) if as_json else text)


def cli_gettext() -> Gettext:
    try:
        return gettext_for(Settings().language)
    except ValidationError:
        return gettext_for("en")


@contextmanager
def opened(*, migrated: bool = True) -> Iterator[Workbench]:
    wb = Workbench.open(Settings())
    try:
        if migrated:
            require_current(wb.db.engine)
        yield wb
    finally:
        wb.close()


def org_actor(wb: Workbench, org_id: int) -> Actor:
    with wb.db.reading() as session:
        if session.get(Organisation, org_id) is None:
            raise NotFound(N_("Organisation {id} does not exist."), id=org_id)
    return Actor.command_line(org_id)


def parse_date(value: str, field: str = "date") -> date:
    return clean_date(value, field)
