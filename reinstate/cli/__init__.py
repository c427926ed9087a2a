"""The ``reinstate`` command. Each command parses, calls a service and prints text or ``--json``."""

from __future__ import annotations

import sys

import typer
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from ..errors import ReinstateError
from ..settings import Settings
from ..storage.db import unreachable
from . import admin, cases, evidence, letters, metrics, notices, rules, verify  # noqa: F401  (registers their commands on the app)
from .common import app, cli_gettext

__all__ = ["app", "main", "run"]


def _say(message: str) -> None:
    typer.echo(message, err=True)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of raising."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="reinstate", standalone_mode=False)
    except typer.TyperException as exc:  # usage errors: Typer prints usage and the problem
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            _say(exc.format_message())
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        _say("Aborted.")
        return 1
    except ReinstateError as exc:
        _say(exc.render(cli_gettext()))
        return 1
    except ValidationError as exc:
        problem = exc.errors()[0]
        setting = "REINSTATE_" + "_".join(str(p) for p in problem["loc"]).upper()
        _say(f"Setting {setting} is not valid: {problem['msg']}.")
        return 2
    except OperationalError:
        _say(unreachable(Settings().resolved_database_url()).render(cli_gettext()))
        return 1
    return result if isinstance(result, int) else 0


def run() -> None:
    sys.exit(main())
