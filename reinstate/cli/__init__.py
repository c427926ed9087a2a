"""The ``reinstate`` command. Each command parses, calls a service and prints text or ``--json``.

The commands live in the modules of this package and are imported only when they run (see
``common.COMMANDS``), so ``reinstate --help`` and the file-only commands start quickly.
"""

from __future__ import annotations

import re
import sys

import typer
from pydantic import ValidationError

from ..errors import ReinstateError
from ..i18n import Gettext
from .common import app, cli_gettext, cli_settings, reset_language

__all__ = ["app", "main", "run"]


def _say(message: str) -> None:
    typer.echo(message, err=True)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of raising."""
    cli_settings.cache_clear()
    reset_language()
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="reinstate", standalone_mode=False)
    except typer.TyperException as exc:  # a usage error: one sentence in the reader's language
        sentence = usage_sentence(exc, cli_gettext())
        show = getattr(exc, "show", None)
        if sentence is None and callable(show):
            show()  # the help asked for by a bare command
        else:
            _say(sentence or exc.format_message())
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
    except Exception as exc:
        if not _unreachable_database(exc):
            raise
        from ..storage.db import unreachable

        _say(unreachable(cli_settings().resolved_database_url()).render(cli_gettext()))
        return 1
    return result if isinstance(result, int) else 0


def usage_sentence(exc: typer.TyperException, _: Gettext) -> str | None:
    """The command line's own mistake as one sentence in the reader's language, naming the
    option and how to see what the command takes (Click writes a usage line, a hint and the
    problem, in English); None for a bare command, whose help is shown instead."""
    kind = type(exc).__name__
    if kind == "NoArgsIsHelpError":
        return None
    context = getattr(exc, "ctx", None)
    command = getattr(context, "command_path", "reinstate")
    param = getattr(exc, "param", None)
    hint = param.get_error_hint() if param is not None else None
    hint = hint.replace("'", "") if isinstance(hint, str) else None
    if kind == "MissingParameter" and hint and getattr(param, "param_type_name", "") == "argument":
        # an argument as the usage line shows it (FILES), not its name in the code (files)
        text = _("The argument {name} is missing: '{command} --help' shows what the command takes.")
        hint = hint.upper()
    elif kind == "MissingParameter" and hint:
        text = _("{name} is missing: '{command} --help' shows what the command takes.")
    elif kind == "NoSuchOption":
        hint = str(getattr(exc, "option_name", "")) or None
        close = ", ".join(sorted(getattr(exc, "possibilities", None) or ()))
        if close:
            return _("There is no option {name}; did you mean {close}?").format(
                name=hint, close=close
            )
        text = _("There is no option {name}: '{command} --help' shows what the command takes.")
    elif kind == "BadParameter" and hint:
        text = _(
            "{name} does not take this value ({problem}): '{command} --help' shows what it takes."
        )
    elif said := _click_said(str(getattr(exc, "message", "") or exc), command, _):
        return said
    else:
        text = _("The command is not written right ({problem}): '{command} --help' shows how.")
    problem = str(getattr(exc, "message", "") or exc).rstrip(".")
    cause = exc.__cause__  # Typer reads a value with pydantic: its sentence is English
    if isinstance(cause, ValidationError) and cause.errors():
        from ..reasons import reason

        problem = reason(dict(cause.errors()[0]), _)
    return text.format(name=hint, command=command, problem=problem)


# Click's own sentences, in English whatever the reader's language: each read for its one
# name, and said again in the catalog's words.
_NO_COMMAND = re.compile(r"No such command '([^']*)'\.(?: Did you mean '([^']*)'\?)?")
_EXTRA = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)")
_NO_VALUE = re.compile(r"Option '([^']*)' requires (?:an argument|\d+ arguments)")


def _click_said(message: str, command: str, _: Gettext) -> str | None:
    """Click's sentence for an unknown command, a word too many or an option without its
    value, in the reader's language (None for another).

    >>> from reinstate.i18n import gettext_for
    >>> said = "No such command 'lst'. Did you mean 'list'?"
    >>> _click_said(said, "reinstate case", gettext_for("zh_CN"))
    '没有“lst”这个命令；您是不是要用 list？'
    """
    if match := _NO_COMMAND.match(message):
        if match[2]:
            return _("There is no command {name}; did you mean {close}?").format(
                name=match[1], close=match[2]
            )
        text = _("There is no command {name}: '{command} --help' lists the commands there are.")
        return text.format(name=match[1], command=command)
    if match := _EXTRA.match(message):
        text = _("{words} is more than the command takes: '{command} --help' shows what it takes.")
        return text.format(words=match[1], command=command)
    if match := _NO_VALUE.match(message):
        text = _("{name} needs a value after it: '{command} --help' shows what it takes.")
        return text.format(name=match[1], command=command)
    return None


def _unreachable_database(exc: Exception) -> bool:
    # Only a command that opened the database can fail to reach it, and it imported SQLAlchemy:
    # asking the module only when it is loaded keeps the light commands from importing it.
    errors = sys.modules.get("sqlalchemy.exc")
    return errors is not None and isinstance(exc, errors.OperationalError)


def run() -> None:
    sys.exit(main())
