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
# One process per command costs the interpreter's start and the import of ``reinstate.cli`` each
# time; so one process imports ``reinstate.cli`` (what every run of ``reinstate`` imports first)
# and forks a child per command: each child starts from exactly what a new process would have,
# runs the command, and reports its exit status and the heavy modules it imported.
FORKED = """
import json, os, sys
from reinstate.cli import main

HEAVY = set({heavy!r})


def heavy():
    return sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)


def forked(work):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)  # the command's own output
        try:
            found = work()
        except BaseException as exc:
            found = {{"error": repr(exc)}}
        with os.fdopen(write, "w") as out:
            json.dump(found, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as result:
        found = json.load(result)
    os.waitpid(pid, 0)
    return found


before = heavy()
commands = json.loads(sys.argv[1])
runs = [forked(lambda: {{"code": main(args), "heavy": heavy()}}) for args in commands]
print(json.dumps({{"before": before, "runs": runs}}))
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


def heavy_imports_of(commands: list[list[str]], tmp_path: Path) -> list[list[str]]:
    """For each command line, the heavy libraries its run imported (each must succeed)."""
    done = _python(FORKED.format(heavy=HEAVY), json.dumps(commands), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["before"] == []  # ``reinstate.cli`` alone imports none of them
    for args, run in zip(commands, found["runs"], strict=True):
        assert run.get("code") == 0, (args, run, done.stderr)
    return [run["heavy"] for run in found["runs"]]


def _heavy_imports(args: list[str], tmp_path: Path) -> list[str]:
    return heavy_imports_of([args], tmp_path)[0]


@pytest.fixture(scope="module")
def light_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Every light command, and ``db --help`` (which needs the database), in one process."""
    commands = [*LIGHT.values(), ["db", "--help"]]
    found = heavy_imports_of(commands, tmp_path_factory.mktemp("startup"))
    return dict(zip([*LIGHT, "db"], found, strict=True))


@pytest.mark.parametrize("command", LIGHT)
def test_it_runs_a_light_command_without_importing_a_heavy_library(
    command: str, light_runs: dict[str, list[str]]
) -> None:
    assert light_runs[command] == []


def test_it_sees_the_heavy_libraries_a_database_command_imports(
    light_runs: dict[str, list[str]],
) -> None:
    # The same probe on a command that needs the database: it must see what it looks for.
    assert {"alembic", "sqlalchemy"} <= set(light_runs["db"])


def _tree(command: Any) -> Any:
    return {name: _tree(sub) for name, sub in getattr(command, "commands", {}).items()}


# Prints, for each set of command modules, the subcommand tree of its commands, each set loaded
# in a child forked from one process, the way ``reinstate NAME`` loads it. The parent imports
# what the command modules import from outside ``reinstate.cli`` (the database, the services),
# never a command module itself: each child still imports only the modules its set lists.
TREES = """
import ast, importlib, importlib.util, json, os, sys
from pathlib import Path

import reinstate.cli
from reinstate.cli.common import load_command


def tree(command):
    return {name: tree(sub) for name, sub in getattr(command, "commands", {}).items()}


def command_modules():
    found = (m for m in sys.modules if m.startswith("reinstate.cli."))
    return sorted(m for m in found if m != "reinstate.cli.common")


for path in Path(reinstate.cli.__file__).parent.glob("*.py"):
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                importlib.import_module(alias.name)
            continue
        if not isinstance(node, ast.ImportFrom):
            continue
        base = "." * node.level + (node.module or "")
        base = importlib.util.resolve_name(base, "reinstate.cli") if node.level else base
        if base == "reinstate.cli" or base.startswith("reinstate.cli."):
            continue
        module = importlib.import_module(base)
        for alias in node.names:
            if not hasattr(module, alias.name):
                importlib.import_module(f"{base}.{alias.name}")


def load(names):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        found = {"before": command_modules()}
        found["trees"] = {name: tree(load_command(name)) for name in names}
        with os.fdopen(write, "w") as out:
            json.dump(found, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as result:
        text = result.read()
    os.waitpid(pid, 0)
    return json.loads(text)


print(json.dumps([load(names.split(",")) for names in sys.argv[1:]]))
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
    for name in COMMANDS:  # here, every module: the whole tree
        load_command(name)
    expected = _tree(typer.main.get_command(app))
    by_modules: dict[tuple[str, ...], list[str]] = {}
    for name, (modules, _) in COMMANDS.items():
        by_modules.setdefault(modules, []).append(name)
    sets = list(by_modules.values())
    done = _python(TREES, *[",".join(names) for names in sets], tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    for names, loaded in zip(sets, found, strict=True):
        assert loaded["before"] == [], names  # no command module before its own set's
        assert loaded["trees"] == {name: expected[name] for name in names}


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
