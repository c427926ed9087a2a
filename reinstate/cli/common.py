"""Shared parts of the ``reinstate`` command: the app, output, and the one error path.

Errors are one sentence on stderr (in ``REINSTATE_LANGUAGE``) and a non-zero exit: 1 for a
refused request, 2 for a malformed command line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError
from typer.core import TyperCommand, TyperGroup

from ..errors import N_, InvalidInput, NotFound
from ..i18n import Gettext, Ngettext, gettext_for, ngettext_for
from ..reasons import os_reason

if TYPE_CHECKING:
    from typer import _click as click  # the Click that Typer vendors, whose classes it uses

    from ..auth.actor import Actor
    from ..policies.loader import Policies
    from ..settings import Settings
    from ..workbench import Workbench

# Each top-level command: the modules that define it (in reinstate.cli) and its help line.
# Listing the commands imports none of them; running one imports only its modules, so a light
# command never pays for the database, the metrics engine or PDF writing (DESIGN.md habit 14).
# A new command or sub-app goes here too; tests/test_startup.py checks the table against
# what the modules declare.
COMMANDS: dict[str, tuple[tuple[str, ...], str]] = {
    "serve": (("admin",), "Migrate the database and serve the workbench."),
    "demo": (("admin",), "Load the demonstration organisation and print how to sign in."),
    "remind": (
        ("cases",),
        "Send the reminders, alerts and SLA reminders that are due (safe to run from cron).",
    ),
    "db": (("admin",), "Database maintenance."),
    "org": (("admin", "cases"), "Organisations."),
    "user": (("admin",), "Members of an organisation."),
    "token": (("admin",), "API tokens."),
    "account": (("admin",), "Seller accounts (stores)."),
    "case": (("cases",), "Appeal cases: open, record what happened, list by deadline."),
    "ids": (("evidence",), "Chinese identity numbers."),
    "evidence": (("evidence",), "Evidence files: check them before the platform does."),
    "letter": (("letters",), "Appeal letters: compose, lint, keep versions, export."),
    "metrics": (("metrics",), "Performance metrics: compute, import, history."),
    "notice": (("notices",), "Platform notices: is it genuine, what does it say, what to do."),
    "policy": (("rules",), "Platform rules: list, show and check the policy packs."),
    "penalty": (("rules",), "Penalty simulators driven by the platform packs."),
    "storage": (("storage",), "The file store: check it against the database."),
    "verify": (("verify",), "Amazon video verification: invitation, booking, checklist, result."),
    "association": (
        ("association",),
        "Association risk: stores linked by shared identifiers, and why.",
    ),
    "quote": (
        ("provider",),
        "Quote a case from a price list: a file, the example list or an organisation's.",
    ),
    "engagement": (("engagements",), "Engagements: accepted quotes and their SLA clock."),
    "deliverable": (
        ("engagements",),
        "Deliverables: root-cause report, failure review, prevention checklist.",
    ),
    "intake": (("intake",), "Intake requests: eligibility and missing facts (reads files only)."),
}


class _Unloaded(TyperCommand):
    """A command whose module is not imported yet: enough to be listed in ``--help``."""


class LazyCommands(TyperGroup):
    """The root command: lists every command from ``COMMANDS`` and imports one when it runs."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        loaded = dict(self.commands)
        self.commands = {
            name: loaded.pop(name) if name in loaded else _Unloaded(name=name, help=help)
            for name, (_, help) in COMMANDS.items()
        } | loaded

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and isinstance(self.commands.get(args[0]), _Unloaded):
            self.commands[args[0]] = load_command(args[0])
        return super().resolve_command(ctx, args)


def load_command(name: str) -> click.Command:
    """Import the modules that define the top-level command ``name`` and build it."""
    for module in COMMANDS[name][0]:
        import_module(f"{__package__}.{module}")
    command = typer.main.get_command(app)
    assert isinstance(command, TyperGroup)
    built = command.commands[name]
    if isinstance(built, _Unloaded):
        raise LookupError(f"reinstate.cli.{COMMANDS[name][0]} does not define {name!r}")
    return built


app = typer.Typer(
    name="reinstate",
    help="Reinstate: account health and appeal workbench for marketplace sellers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=LazyCommands,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]
OrgOption = Annotated[int, typer.Option("--org", help="Organisation id.")]


def sub_app(name: str, help: str) -> typer.Typer:
    child = typer.Typer(help=help, no_args_is_help=True)
    app.add_typer(child, name=name)
    return child


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"reinstate {__version__}")
        raise typer.Exit()


# the language ``--lang`` chose for this run (None: the settings'), read by cli_settings
_language: list[str | None] = [None]
LANGUAGES = {"en": "en", "zh": "zh_CN", "zh_cn": "zh_CN"}


def reset_language() -> None:
    """Forget a ``--lang`` of an earlier run in this process (tests run many)."""
    _language[0] = None


def _lang(value: str | None) -> None:
    """``--lang en|zh-CN``: this run's language, over REINSTATE_LANGUAGE and reinstate.toml."""
    _language[0] = None
    if value is None:
        return
    chosen = LANGUAGES.get(value.strip().replace("-", "_").lower())
    if chosen is None:
        raise typer.BadParameter("en or zh-CN")
    _language[0] = chosen
    cli_settings.cache_clear()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", callback=_lang, is_eager=True, help="Language of this run: en or zh-CN."
        ),
    ] = None,
) -> None:
    """Reinstate: account health and appeal workbench for marketplace sellers."""


def emit(as_json: bool, document: Any, text: str) -> None:
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2) if as_json else text)


@cache
def cli_settings() -> Settings:
    """The process's settings, built once (``main`` starts each run afresh, for tests that
    change the environment between runs)."""
    from ..settings import Settings

    if _language[0] is not None:
        return Settings(language=_language[0])
    return Settings()


def cli_policies() -> Policies:
    """The platform packs, with the policy overrides the settings name."""
    from ..policies.loader import PLATFORMS_DIR, load_policies

    return load_policies(PLATFORMS_DIR, cli_settings().policy_overrides)


def cli_gettext() -> Gettext:
    try:
        return gettext_for(cli_settings().language)
    except ValidationError:
        return gettext_for("en")


def cli_ngettext() -> Ngettext:
    """:func:`cli_gettext` for a message with a count: "1 file", "2 files", "2 个文件"."""
    try:
        return ngettext_for(cli_settings().language)
    except ValidationError:
        return ngettext_for("en")


@contextmanager
def opened(*, migrated: bool = True) -> Iterator[Workbench]:
    from ..storage.migrate import require_current
    from ..workbench import Workbench

    wb = Workbench.open(cli_settings())
    try:
        if migrated:
            require_current(wb.db.engine)
        yield wb
    finally:
        wb.close()


def org_actor(wb: Workbench, org_id: int) -> Actor:
    from ..auth.actor import Actor
    from ..storage.tables import Organisation

    with wb.db.reading() as session:
        if session.get(Organisation, org_id) is None:
            raise NotFound(N_("Organisation {id} does not exist."), id=org_id)
    return Actor.command_line(org_id)


def parse_date(value: str, field: str = "date") -> date:
    from ..validation import clean_date

    return clean_date(value, field)


def write_file(out: Path, data: bytes) -> None:
    """Whole or not at all: written beside ``out``, then moved over it; a folder that cannot be
    written is one sentence, not a traceback."""
    temporary = out.with_name(f".{out.name}.part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        temporary.replace(out)
    except OSError as exc:
        with suppress(OSError):  # nothing half-written left beside ``out``
            temporary.unlink()
        raise InvalidInput(
            N_("{path} cannot be written: {problem}"),
            field="out",
            path=str(out),
            problem=os_reason(exc),
        ) from None
