"""``metrics history --json`` gives each day's counts beside its rate (numerator and
denominator, as ``metrics compute`` names them): a rate of 50% over 2 orders and over 2,000 are
not the same news. The keys it gave before stay."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from reinstate.settings import Settings

from .test_cli import Cli, cli, cli_env

__all__ = ["cli", "cli_env"]  # the fixtures, used by name


def orders(path: Path) -> Path:
    """Twelve days of a store's orders: 3 to 14 a day, one a day rated one star on odd days."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["order_id", "account_id", "purchase_ts", "feedback_rating"])
        for n in range(12):
            day = date(2026, 11, 7) + timedelta(days=n)
            for k in range(3 + n):
                rating = "1" if n % 2 and k == 0 else "5"
                writer.writerow([f"{day}-{k}", "store-7", f"{day}T0{k % 9}:30:00Z", rating])
    return path


def test_each_days_rate_comes_with_its_counts(cli: Cli, cli_env: Settings, tmp_path: Path) -> None:
    org = str(cli.json("org", "create", "Harbour Goods")["id"])
    account = str(
        cli.json("account", "create", "--org", org, "--platform", "amazon", "--store-name", "H")[
            "id"
        ]
    )
    source = orders(tmp_path / "orders.csv")
    cli.json(
        "metrics", "import", "--org", org, "--profile", "canonical", "--source", str(source),
        "--account", account, "--as-of", "2026-11-18",
    )  # fmt: skip
    found = cli.json("metrics", "history", account, "--org", org, "--metric", "odr", "--days", "5")
    values = found["windows"][0]["values"]
    assert [v["day"] for v in values] == [f"2026-11-{d}" for d in range(14, 19)]
    for value in values:
        assert {"day", "rate", "status", "numerator", "denominator"} <= set(value)
        assert value["rate"] == value["numerator"] / value["denominator"]
    # the 18th: all 12 days' orders (3 + … + 14 = 102), one defect on each of 6 odd days
    assert (values[-1]["numerator"], values[-1]["denominator"]) == (6, 102)
    # the 14th: the days up to it (3 + … + 10 = 52), odd days 1, 3, 5, 7
    assert (values[0]["numerator"], values[0]["denominator"]) == (4, 52)
