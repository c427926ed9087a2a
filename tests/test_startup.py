"""Starting the ``reinstate`` command: light commands import only what they use, every command
is listed without being imported, and Spark is an extra that says how to install it.

Each story runs the command in a new Python process, as a user would: what one process has
imported says nothing about another.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from reinstate.cli.common import COMMANDS, app, load_command

from .test_metrics import demo_orders

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "tests/fixtures/notices/genuine/joom-counterfeit.eml"
# What a light command must not pay for: engines, analytics, PDF writing, notifications,
# the database and password hashing.
HEAVY = (
    "duckdb pyarrow pandas scipy datasketch pyspark alembic reportlab apprise "
    "sqlalchemy argon2 sqlglot"
).split()
LIGHT = {
    "help": ["--help"],
    "ids": ["ids", "check", "uscc", "91350100M000100Y43"],
    "penalty": ["penalty", "taobao-fake-transaction", "--offence", "2", "--orders", "97"],
    "notice": ["notice", "check", str(NOTICE)],
    "policy": ["policy", "show", "joom"],
}
# Prints the heavy modules the command imported, after its own output.
AFTER_MAIN = """
import sys
from reinstate.cli import main
code = main(sys.argv[1:])
print(sorted(m for m in sys.modules if m.split(".")[0] in set({heavy!r})))
sys.exit(code)
"""


def _python(code: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "REINSTATE_LANGUAGE": "en",
        "REINSTATE_DATA_DIR": str(tmp_path / "data"),
        "REINSTATE_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
    }
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=environment,
    )


def _heavy_imports(args: list[str], tmp_path: Path) -> list[str]:
    done = _python(AFTER_MAIN.format(heavy=HEAVY), *args, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.splitlines()[-1].replace("'", '"')))


@pytest.mark.parametrize("command", LIGHT)
def test_it_runs_a_light_command_without_importing_a_heavy_library(
    command: str, tmp_path: Path
) -> None:
    assert _heavy_imports(LIGHT[command], tmp_path) == []


def test_it_sees_the_heavy_libraries_a_database_command_imports(tmp_path: Path) -> None:
    # The same probe on a command that needs the database: it must see what it looks for.
    assert {"alembic", "sqlalchemy"} <= set(_heavy_imports(["db", "--help"], tmp_path))


def _tree(command: Any) -> Any:
    return {name: _tree(sub) for name, sub in getattr(command, "commands", {}).items()}


# Prints the subcommand tree of each command named, loaded the way ``reinstate NAME`` loads it.
TREES = """
import json, sys
from reinstate.cli.common import load_command

def tree(command):
    return {name: tree(sub) for name, sub in getattr(command, "commands", {}).items()}

print(json.dumps({name: tree(load_command(name)) for name in sys.argv[1:]}))
"""


def test_it_lists_each_command_as_its_module_declares_it() -> None:
    for name in COMMANDS:
        load_command(name)
    everything = typer.main.get_command(app)
    declared = getattr(everything, "commands", {})
    assert list(declared) == list(COMMANDS), "add each command to reinstate.cli.common.COMMANDS"
    for name, (_, help) in COMMANDS.items():
        assert declared[name].help == help, name


def test_it_finds_every_subcommand_by_importing_only_the_modules_listed(tmp_path: Path) -> None:
    # In a new process per set of modules: a subcommand declared in a module that the table does
    # not list for its command (``org notify`` lives in cases.py) would be missing there.
    expected = _tree(typer.main.get_command(app))
    by_modules: dict[tuple[str, ...], list[str]] = {}
    for name, (modules, _) in COMMANDS.items():
        by_modules.setdefault(modules, []).append(name)
    for names in by_modules.values():
        done = _python(TREES, *names, tmp_path=tmp_path)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == {name: expected[name] for name in names}


def test_it_says_how_to_install_spark_when_it_is_missing(tmp_path: Path) -> None:
    # PySpark is installed for the tests: a finder placed first on sys.meta_path refuses it, as
    # an installation without the extra would.
    blocker = """
import sys

class NoSpark:
    def find_spec(self, name, path=None, target=None):
        if name == "pyspark" or name.startswith("pyspark."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoSpark())
from reinstate.cli import main
sys.exit(main(sys.argv[1:]))
"""
    orders = demo_orders(tmp_path / "orders.csv", "shop-1", days=10)
    args = ["metrics", "compute", "--profile", "canonical", "--source", str(orders)]
    done = _python(blocker, *args, "--as-of", "2026-11-18", "--engine", "spark", tmp_path=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "Spark is not installed: install it with pip install 'reinstate[spark]'.\n"
    )
    done = _python(blocker, *args, "--as-of", "2026-11-18", tmp_path=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("account_id,metric"), done.stderr
