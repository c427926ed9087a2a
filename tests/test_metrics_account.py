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


@pytest.mark.parametrize(
    ("kind", "engine"), [("csv", "duckdb"), ("parquet", "duckdb"), ("parquet", "spark")]
)
def test_compute_gives_every_order_to_the_account_id_chosen(
    cli: Cli, tmp_path: Path, kind: str, engine: str
) -> None:
    """``metrics compute --account-id``: a file of one seller is judged under the id chosen,
    whatever id it wrote (on the in-place route and on the one through canonical orders); a
    file of several sellers is refused in one sentence."""
    import pyarrow.csv as pv
    import pyarrow.parquet as pq

    source = store_orders(tmp_path / "orders.csv", "A2SOMEOTHERID", date(2026, 11, 18))
    if kind == "parquet":
        source = tmp_path / "orders.parquet"
        pq.write_table(pv.read_csv(tmp_path / "orders.csv"), source)
    command = ("metrics", "compute", "--profile", "canonical", "--source", str(source),
               "--as-of", "2026-11-18", "--engine", engine, "--format", "json")  # fmt: skip
    as_it_is = cli.json(*command)["rows"]
    chosen = cli.json(*command, "--account-id", "blue-us")["rows"]
    assert {row["account_id"] for row in as_it_is} == {"A2SOMEOTHERID"}
    assert {row["account_id"] for row in chosen} == {"blue-us"}
    assert [{**row, "account_id": "blue-us"} for row in as_it_is] == chosen
    rows = [
        {"order_id": f"o-{n}", "account_id": f"seller-{n % 2}", "purchase_ts": "2026-11-18T08:00Z"}
        for n in range(4)
    ]
    several = write_orders(tmp_path / "g.csv", rows)
    code, out, err = cli(
        "metrics", "compute", "--profile", "canonical", "--source", str(several),
        "--as-of", "2026-11-18", "--engine", engine, "--account-id", "blue-us",
    )  # fmt: skip
    assert code == 1 and out == ""
    assert "2 seller ids" in _one_sentence(err)
