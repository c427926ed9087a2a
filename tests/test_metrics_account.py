"""``metrics import --account``: every order of a file of one seller is kept under the seller
account chosen, whatever seller id the file wrote; a file of several sellers is refused in one
sentence, and nothing is imported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reinstate.settings import Settings

from .test_cli import Cli, _one_sentence, cli, cli_env
from .test_metrics import write_orders
from .test_metrics_asof import store_orders

__all__ = ["cli", "cli_env"]  # the fixtures, used by name


def _org_and_account(cli: Cli) -> tuple[str, str]:
    org = str(cli.json("org", "create", "Blue Ocean Trading")["id"])
    account = cli.json(
        "account", "create", "--org", org, "--platform", "amazon", "--store-name", "Blue US"
    )
    return org, str(account["id"])


def test_a_file_of_one_seller_is_kept_under_the_account_chosen(
    cli: Cli, cli_env: Settings, tmp_path: Path
) -> None:
    org, account = _org_and_account(cli)
    # the export names the store by the platform's own seller id, not by this account
    source = store_orders(tmp_path / "orders.csv", "A2SOMEOTHERID", date(2026, 11, 18))
    report = cli.json(
        "metrics", "import", "--org", org, "--profile", "canonical",
        "--source", str(source), "--account", account,
    )  # fmt: skip
    assert report["accounts"] == 1 and report["orders"] == 1200
    found = cli.json("metrics", "history", account, "--org", org, "--metric", "odr", "--days", "7")
    values = found["windows"][0]["values"]
    assert len(values) == 7 and values[-1]["rate"] is not None


def test_a_file_of_several_sellers_is_refused_when_an_account_is_chosen(
    cli: Cli, cli_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org, account = _org_and_account(cli)
    rows = [
        {"order_id": f"o-{n}", "account_id": f"seller-{n % 3}", "purchase_ts": "2026-11-18T08:00Z"}
        for n in range(9)
    ]
    source = write_orders(tmp_path / "g.csv", rows)
    code, out, err = cli(
        "metrics", "import", "--org", org, "--profile", "canonical",
        "--source", str(source), "--account", account,
    )  # fmt: skip
    assert code == 1 and out == ""
    assert "3 seller ids" in _one_sentence(err)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh_CN")
    code, _, err = cli(
        "metrics", "import", "--org", org, "--profile", "canonical",
        "--source", str(source), "--account", account,
    )  # fmt: skip
    assert code == 1 and "3 个卖家编号" in _one_sentence(err)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    # nothing was kept: the file can be imported as it is, each seller under its own id
    report = cli.json(
        "metrics", "import", "--org", org, "--profile", "canonical", "--source", str(source)
    )
    assert report["accounts"] == 3 and report["orders"] == 9
