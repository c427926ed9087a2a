"""Each account's metrics stand on its own latest data: importing another store's orders, or
a marketplace's thousands of sellers, never moves an account's "as of" day nor empties its
cards; the numbers an account shows are those its own import gave."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from reinstate.accounts.service import create_account
from reinstate.metrics import service
from reinstate.today.hub import account_hub
from reinstate.workbench import Workbench

from .conftest import World
from .test_metrics import OLIST, write_orders


def store_orders(path: Path, account: str, last: date, days: int = 120) -> Path:
    """Ten orders a day for ``days`` days ending on ``last``; one in ten has a defect and ships
    late on the even days of the last six weeks."""
    rows = []
    for day in range(days):
        stamp = last - timedelta(days=days - 1 - day)
        for n in range(10):
            bad = day > days - 42 and n == 0 and day % 2 == 0
            rows.append(
                {
                    "order_id": f"{account}-{stamp}-{n}",
                    "account_id": account,
                    "purchase_ts": f"{stamp}T{8 + n:02d}:00:00Z",
                    "ship_by_ts": f"{stamp}T20:00:00Z",
                    "shipped_ts": f"{stamp}T{21 if bad else 19}:00:00Z",
                    "carrier": "YunExpress" if bad else "4PX",
                    "sku": f"SKU-{n}",
                    "destination_country": "DE",
                    "tracking_id": f"T{day}{n}",
                    "tracking_valid": "true",
                    "feedback_rating": "1" if bad else "5",
                }
            )
    return write_orders(path, rows)


def numbers(view: dict[str, Any]) -> list[tuple[Any, ...]]:
    """What each card says: its metric, window, counts, rate and status."""
    return [
        (c["metric"], c["window_days"], c["numerator"], c["denominator"], c["rate"], c["status"])
        for c in view["cards"]
    ]


def test_an_import_of_another_store_leaves_each_store_on_its_own_day(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    early, late = date(2026, 6, 30), date(2026, 11, 18)
    second = create_account(
        wb, owner, {"platform": "amazon", "store_name": "Red River US", "marketplace": "US"}
    ).id
    first_key, second_key = f"store-{world.account_a2}", f"store-{second}"
    store_orders(tmp_path / "first.csv", first_key, early)
    row, _ = service.import_orders(wb, owner, profile="canonical", path=tmp_path / "first.csv")
    assert row.as_of == early
    before = service.account_metrics(wb, owner, world.account_a2)
    before_breakdown = service.breakdown(wb, owner, world.account_a2, "odr", "carrier")
    assert before["as_of"] == early.isoformat()
    assert {c["status"] for c in before["cards"]} - {"no_data"}

    store_orders(tmp_path / "second.csv", second_key, late)
    row, _ = service.import_orders(wb, owner, profile="canonical", path=tmp_path / "second.csv")
    assert row.as_of == late
    after = service.account_metrics(wb, owner, world.account_a2)
    # the first store still stands on its own day, with the very numbers its import gave
    assert after["as_of"] == early.isoformat()
    assert numbers(after) == numbers(before)
    assert [d["day"] for d in after["cards"][0]["series"]][-1] == early.isoformat()
    assert service.breakdown(wb, owner, world.account_a2, "odr", "carrier") == before_breakdown
    history = service.history(wb, owner, world.account_a2, "odr")
    assert history["as_of"] == early.isoformat() and history["windows"][0]["values"]

    other = service.account_metrics(wb, owner, second)
    assert other["as_of"] == late.isoformat()
    # the same orders a different day: the second store's numbers are the first's
    assert numbers(other) == numbers(before)

    risk = service.overview(wb, owner)
    by_id = {a["account_id"]: a for a in risk["accounts"]}
    assert by_id[world.account_a2]["as_of"] == early.isoformat()
    assert by_id[second]["as_of"] == late.isoformat()
    assert by_id[world.account_a2]["worst"] is not None
    assert risk["as_of"] == late.isoformat()

    # an older file of the second store does not take it back in time
    store_orders(tmp_path / "older.csv", second_key, late - timedelta(days=200), days=10)
    service.import_orders(wb, owner, profile="canonical", path=tmp_path / "older.csv")
    assert service.account_metrics(wb, owner, second)["as_of"] == late.isoformat()
    assert service.account_metrics(wb, owner, world.account_a2)["as_of"] == early.isoformat()
    assert numbers(service.account_metrics(wb, owner, world.account_a2)) == numbers(before)


def test_an_import_naming_thousands_of_unknown_sellers_moves_no_store(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    last = date(2026, 11, 18)
    store_orders(tmp_path / "store.csv", f"store-{world.account_a2}", last)
    service.import_orders(wb, owner, profile="canonical", path=tmp_path / "store.csv")
    before = service.account_metrics(wb, owner, world.account_a2)

    row, normalised = service.import_orders(wb, owner, profile="olist", path=OLIST)
    assert row.as_of < date(2019, 1, 1)  # Olist's orders end in 2018
    after = service.account_metrics(wb, owner, world.account_a2)
    assert after["as_of"] == last.isoformat()
    assert numbers(after) == numbers(before)

    risk = service.overview(wb, owner)
    linked = [a for a in risk["accounts"] if a["account_id"] is not None]
    unlinked = [a for a in risk["accounts"] if a["account_id"] is None]
    assert [a["account_id"] for a in linked] == [world.account_a2]
    assert linked[0]["as_of"] == last.isoformat()
    assert risk["unlinked"] == len(unlinked) > 1000
    # the sellers stand on Olist's last day, where their orders are, not on the store's
    assert {a["as_of"] for a in unlinked} == {row.as_of.isoformat()}
    assert sum(1 for a in unlinked if a["worst"] is not None) > 100


def test_the_pages_show_each_store_its_own_day(
    as_persona: Any, world: World, tmp_path: Path, wb: Workbench
) -> None:
    owner = as_persona("owner")
    early, late = date(2026, 6, 30), date(2026, 11, 18)
    actor = world.actor(wb, "owner")
    other = create_account(
        wb, actor, {"platform": "amazon", "store_name": "Red River US", "marketplace": "US"}
    ).id
    for name, key, last in (
        ("first.csv", f"store-{world.account_a2}", early),
        ("second.csv", f"store-{other}", late),
    ):
        path = store_orders(tmp_path / name, key, last)
        token = owner.csrf("/metrics")
        response = owner.client.post(
            "/metrics/import",
            data={"csrf_token": token, "profile": "canonical"},
            files={"file": (name, path.read_bytes(), "text/csv")},
        )
        assert response.status_code == 303, response.text
    risk = owner.client.get("/metrics").text
    rows = {
        name: risk.split(name)[1].split("</tr>")[0] for name in ("Blue Ocean US", "Red River US")
    }
    assert early.isoformat() in rows["Blue Ocean US"] and late.isoformat() in rows["Red River US"]
    page = owner.client.get(f"/accounts/{world.account_a2}/metrics").text
    assert f"As of {early.isoformat()}" in page and 'class="metric-card breach"' in page
    hub = account_hub(wb, actor, world.account_a2, "en")
    assert hub.metrics_as_of == early.isoformat() and hub.metrics
    assert {m.status for m in hub.metrics} - {"no_data"}
