"""The ``reinstate`` command: JSON contracts, one-sentence errors, the demo."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.accounts.service import list_accounts
from reinstate.auth.service import actor_for, authenticate, user_by_email
from reinstate.cases.service import list_cases
from reinstate.cli import main
from reinstate.errors import NotAuthenticated
from reinstate.letters.service import draft_for_case, letters_of, preview
from reinstate.metrics.service import account_metrics, breakdown
from reinstate.metrics.service import overview as metrics_overview
from reinstate.provider.service import engagement_of
from reinstate.settings import Settings
from reinstate.web import create_app
from reinstate.workbench import Workbench

from .conftest import VALID_ID

GOLDEN = Path(__file__).parent / "golden"


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.capsys, self.monkeypatch = capsys, monkeypatch

    def __call__(self, *args: str, stdin: str = "") -> tuple[int, str, str]:
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str, stdin: str = "") -> Any:
        code, out, err = self(*args, "--json", stdin=stdin)
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli_env(empty_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", empty_database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    return Settings()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch)


def _one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_it_prints_its_version(cli: Cli) -> None:
    code, out, _ = cli("--version")
    assert code == 0 and out.startswith("reinstate ")


def test_it_sets_up_an_organisation_a_member_a_token_and_an_account(
    cli: Cli, cli_env: Settings
) -> None:
    org = cli.json("org", "create", "Blue Ocean Trading 蓝海")
    assert set(org) >= {"id", "name"} and org["name"] == "Blue Ocean Trading 蓝海"
    user = cli.json(
        "user",
        "create",
        "li@example.com",
        "--org",
        str(org["id"]),
        "--role",
        "agent",
        "--password-stdin",
        stdin="a-long-password\n",
    )
    assert user["email"] == "li@example.com" and user["role"] == "agent"
    assert "password" not in user
    token = cli.json("token", "create", "li@example.com")["token"]
    account = cli.json(
        "account",
        "create",
        "--org",
        str(org["id"]),
        "--platform",
        "amazon",
        "--store-name",
        "Blue Ocean Home US",
        "--seller-id",
        "A2BLUEOCEAN7Q3",
        "--marketplace",
        "US",
        "--legal-rep-id-number",
        VALID_ID,
    )
    assert account["id"] and account["platform"] == "amazon"
    assert account["legal_rep_id_number"] == "110***********002X"
    wb = Workbench.open(cli_env)
    try:
        assert authenticate(wb, "li@example.com", "a-long-password").role == "agent"
        with TestClient(create_app(cli_env, workbench=wb)) as client:
            me = client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {token}"})
            assert [a["store_name"] for a in me.json()["items"]] == ["Blue Ocean Home US"]
    finally:
        wb.close()


def test_it_generates_a_password_when_none_is_given(cli: Cli, cli_env: Settings) -> None:
    org = cli.json("org", "create", "Acme")
    user = cli.json("user", "create", "a@example.com", "--org", str(org["id"]), "--role", "owner")
    assert len(user["password"]) >= 10
    wb = Workbench.open(cli_env)
    try:
        assert authenticate(wb, "a@example.com", user["password"]).email == "a@example.com"
    finally:
        wb.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["org", "create", "  "], "Organisation name must not be empty."),
        (["org", "create", "x" * 201], "Organisation name is too long: at most 200 characters."),
        (["org", "create", "X", "--kind", "shop"], "Organisation type “shop” is not known"),
        (
            ["account", "create", "--org", "1", "--platform", "ebay", "--store-name", "S"],
            "Platform “ebay” is not known: choose one of aliexpress, amazon, joom, shopee, taobao, "
            "temu, tiktok_shop.",
        ),
        (
            ["account", "create", "--org", "99", "--platform", "joom", "--store-name", "S"],
            "Organisation 99 does not exist.",
        ),
        (
            ["user", "create", "not-an-email", "--org", "1", "--role", "owner"],
            "not-an-email is not a valid email address.",
        ),
        (
            ["user", "create", "b@example.com", "--org", "1", "--role", "boss"],
            "Role “boss” is not known",
        ),
        (
            ["user", "create", "first@example.com", "--org", "1", "--role", "owner"],
            "A user with the email first@example.com already exists.",
        ),
        (["token", "create", "ghost@example.com"], "There is no user with the email"),
        (
            ["token", "create", "first@example.com", "--days", "0"],
            "A token lasts from 1 to 3650 days.",
        ),
        (
            ["account", "assign", "1", "first@example.com", "--org", "1"],
            "There is no seller account 1.",
        ),
    ],
)
def test_it_refuses_bad_input_with_one_sentence_and_stores_nothing(
    cli: Cli, cli_env: Settings, args: list[str], message: str
) -> None:
    cli.json("org", "create", "First")
    cli.json("user", "create", "first@example.com", "--org", "1", "--role", "owner")
    code, out, err = cli(*args)
    assert code == 1 and out == ""
    assert _one_sentence(err).startswith(message)
    assert cli.json("account", "list", "--org", "1") == []
    code, out, _ = cli("org", "create", "Second", "--json")
    assert json.loads(out)["id"] == 2  # nothing else was created on the way


def test_it_says_so_in_chinese_when_asked(
    cli: Cli, cli_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    code, _, err = cli("account", "create", "--org", "7", "--platform", "joom", "--store-name", "S")
    assert code == 1 and _one_sentence(err) == "组织 7 不存在。"


def test_it_asks_for_migrations_before_anything_else(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REINSTATE_DATABASE_URL", raising=False)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(tmp_path / "fresh"))
    code, _, err = cli("org", "create", "Acme")
    assert code == 1
    assert _one_sentence(err) == "The database is not set up yet: run `reinstate db upgrade` first."
    assert cli.json("db", "upgrade") == {"ok": True}
    assert cli.json("org", "create", "Acme")["id"] == 1


def test_it_names_a_database_it_cannot_reach(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://me:hunter2@127.0.0.1:1/x")
    code, _, err = cli("db", "upgrade")
    assert code == 1
    line = _one_sentence(err)
    assert line.startswith("Cannot reach the database at postgresql+psycopg://me:***@127.0.0.1:1/x")


def test_it_refuses_an_invalid_setting(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "fr")
    code, _, err = cli("org", "create", "Acme")
    assert code == 2 and _one_sentence(err).startswith("Setting REINSTATE_LANGUAGE is not valid")


@pytest.mark.parametrize(
    ("language", "args", "said"),
    [
        ("en", ("account", "create", "--platform", "joom"),
         "--org is missing: 'reinstate account create --help' shows what the command takes."),
        ("zh_CN", ("account", "create", "--platform", "joom"),
         "缺少 --org：运行“reinstate account create --help”可查看该命令需要哪些参数。"),
        # an argument by the name the usage line gives it, not the code's name for it
        ("en", ("evidence", "check", "--platform", "joom"),
         "The argument FILES is missing: 'reinstate evidence check --help' shows what the "
         "command takes."),
        ("zh_CN", ("notice", "check"),
         "缺少参数 FILE：运行“reinstate notice check --help”可查看该命令需要哪些参数。"),
        ("en", ("penalty", "shopee", "--pints", "3"),
         "There is no option --pints; did you mean --points?"),
        ("zh_CN", ("penalty", "shopee", "--pints", "3"),
         "没有选项 --pints；您是不是想用 --points？"),
        # Typer reads the value with pydantic, whose reason is English: said in the reader's words
        ("en", ("penalty", "shopee", "--points", "abc"),
         "--points does not take this value (a whole number is expected): "),
        ("zh_CN", ("penalty", "shopee", "--points", "abc"), "--points 不接受这个值（应为整数）："),
        ("zh_CN", ("penalty", "shopee", "--points", "3", "extra"), "命令多出了“extra”："),
    ],
)  # fmt: skip
def test_it_reports_a_malformed_command_line(
    cli: Cli, cli_env: Settings, monkeypatch: pytest.MonkeyPatch,
    language: str, args: tuple[str, ...], said: str,
) -> None:  # fmt: skip
    """Click's usage line, hint and English problem become one sentence in the reader's
    language, naming the option; the exit status stays 2 (a usage error)."""
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    code, out, err = cli(*args)
    assert code == 2 and out == ""
    assert _one_sentence(err).startswith(said) and "Usage:" not in err


def test_a_bare_command_group_still_shows_its_help(cli: Cli) -> None:
    code, out, err = cli("penalty")
    assert code == 2 and "Usage: reinstate penalty" in out + err and "shopee" in out + err


def test_it_loads_the_demo_once_and_resets_its_passwords(cli: Cli, cli_env: Settings) -> None:
    first = cli.json("demo")
    assert first["created"] is True
    assert {m["role"] for m in first["members"]} == {"owner", "agent", "client", "viewer"}
    second = cli.json("demo")
    assert second["created"] is False and second["org_id"] == first["org_id"]
    wb = Workbench.open(cli_env)
    try:
        for old, new in zip(first["members"], second["members"], strict=True):
            with pytest.raises(NotAuthenticated):
                authenticate(wb, old["email"], old["password"])
            assert authenticate(wb, new["email"], new["password"]).role == new["role"]
        owner = actor_for(user_by_email(wb, "owner@reinstate-demo.example.com"), "cli")
        accounts = list_accounts(wb, owner)
        assert len(accounts) == 5 and len({a.platform for a in accounts}) >= 3
        client = actor_for(user_by_email(wb, "client@reinstate-demo.example.com"), "cli")
        assert len(list_accounts(wb, client)) == 2
        joom = next(c for c in list_cases(wb, owner) if c.platform == "joom")
        letter = letters_of(wb, owner, joom.id)
        assert [v.version for v in letter] == [1] and "JOOM-12345" in letter[0].text
        # the provider's side: the Joom case's quote is accepted, due on the SLA clock
        engagement = engagement_of(wb, owner, joom.id)
        assert engagement.due_at > engagement.accepted_at and Decimal(engagement.total) > 0
        assert "missing_prevention" in {
            f.code
            for f in preview(wb, owner, joom.id, draft_for_case(wb, owner, joom.id)).lint.findings
        }
        # four months of orders: the US store's ODR is past its target, and YunExpress is why
        risk = metrics_overview(wb, owner)
        assert risk["accounts"][0]["store_name"] == "Blue Ocean Home US"
        us = risk["accounts"][0]["account_id"]
        odr = next(c for c in account_metrics(wb, owner, us)["cards"] if c["metric"] == "odr")
        assert odr["status"] == "breach" and len(odr["series"]) == 90
        assert breakdown(wb, owner, us, "odr", "carrier")["rows"][0]["value"] == "YunExpress"
        assert [a["store_name"] for a in metrics_overview(wb, client)["accounts"]] == [
            "blueocean.ph"
        ]
    finally:
        wb.close()
    code, out, _ = cli("account", "list", "--org", str(first["org_id"]))
    assert out == (GOLDEN / "demo_account_list.txt").read_text(encoding="utf-8")


def test_it_runs_as_an_installed_command(cli_env: Settings, tmp_path: Path) -> None:
    command = Path(sys.executable).with_name("reinstate")
    environment = {**os.environ, "REINSTATE_LANGUAGE": "en"}
    done = subprocess.run([command, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("reinstate ")
    done = subprocess.run(
        [command, "org", "create", " ", "--json"],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip() == "Organisation name must not be empty."
