"""The metrics import page: a template file of the canonical columns and what each means, and
errors that name the uploaded file (never the server's private copy)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from reinstate.accounts.service import get_account, list_accounts
from reinstate.metrics import service as metrics
from reinstate.metrics import unlinked
from reinstate.metrics.sources import CANONICAL, REQUIRED
from reinstate.workbench import Workbench

from .conftest import World
from .test_metrics import demo_orders, write_orders


def _orders(folder: Path, key: str) -> list[dict[str, str]]:
    with (demo_orders(folder / f"{key}.csv", key, days=20)).open(newline="") as handle:
        return list(csv.DictReader(handle))


def _import(user: Any, name: str, data: bytes) -> Any:
    return user.client.post(
        "/metrics/import",
        data={"csrf_token": user.csrf("/metrics"), "profile": "canonical"},
        files={"file": (name, data)},
    )


def test_the_template_file_lists_every_column_and_imports_as_it_is(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    user = as_persona("owner")
    template = user.client.get("/metrics/template.csv")
    assert template.status_code == 200 and "attachment" in template.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(template.text)))
    assert tuple(rows[0]) == CANONICAL and len(rows) == 2
    page = user.client.get("/metrics").text
    columns = page.split('id="columns"')[1].split("</details>")[0]
    assert all(f'<code translate="no">{name}</code>' in columns for name in CANONICAL)
    assert columns.count("(required)") == len(REQUIRED)
    assert 'href="/metrics/template.csv"' in page
    imported = _import(user, "my-orders.csv", template.content)
    assert imported.status_code == 303, imported.text[:500]


def test_an_import_error_names_the_uploaded_file_once(world: World, as_persona: Any) -> None:
    user = as_persona("owner")
    answer = _import(user, "店铺订单-11月.csv", b"foo,bar\n1,2\n")
    assert answer.status_code == 422
    alert = answer.text.split('role="alert">')[1].split("</p>")[0]
    assert alert.count("店铺订单-11月.csv") == 1, alert
    assert "uploads" not in alert and ".csv does not match" in alert


def test_seller_ids_without_a_store_are_listed_once_to_create_map_or_ignore(
    wb: Workbench, world: World, as_persona: Any, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    rows: list[dict[str, str]] = []
    for key in ("SELLER-ONE", "SELLER-TWO", "SELLER-THREE", "SELLER-FOUR"):
        rows += [dict(r, account_id=key) for r in _orders(tmp_path, key)]
    path = write_orders(tmp_path / "market.csv", rows)
    metrics.import_orders(wb, owner, profile="canonical", path=path)
    listed_keys = {u["key"] for u in unlinked.unlinked(wb, owner)}
    assert listed_keys == {"SELLER-ONE", "SELLER-TWO", "SELLER-THREE", "SELLER-FOUR"}
    user = as_persona("owner")
    page = user.client.get("/metrics").text
    assert page.count("(not a seller account here)") == 0
    listed = page.split('id="unlinked"')[1].split("</section>")[0]
    assert all(listed.count(f"<code>{k}</code>") == 1 for k in ("SELLER-ONE", "SELLER-TWO"))

    def act(**values: str) -> Any:
        return user.post("/metrics/unlinked", values, page="/metrics")

    made = act(key="SELLER-ONE", action="create", platform="amazon")
    assert made.status_code == 303
    store = next(a for a in list_accounts(wb, owner) if a.seller_id == "SELLER-ONE")
    assert made.headers["location"] == f"/accounts/{store.id}/edit"
    assert act(key="SELLER-TWO", action="map", account=str(world.account_a2)).status_code == 303
    assert get_account(wb, owner, world.account_a2).seller_id == "SELLER-TWO"
    assert act(key="SELLER-THREE", action="ignore").status_code == 303
    assert {u["key"] for u in unlinked.unlinked(wb, owner)} == {"SELLER-FOUR"}
    assert act(key="nobody", action="ignore").status_code == 422
    assert act(action="ignore_all").status_code == 303
    assert unlinked.unlinked(wb, owner) == []
    assert 'id="unlinked"' not in user.client.get("/metrics").text
    viewer = as_persona("viewer")
    refused = viewer.post("/metrics/unlinked", {"action": "ignore_all"}, page="/metrics")
    assert refused.status_code == 403


def test_a_file_of_one_seller_goes_to_the_account_chosen_on_the_form(
    wb: Workbench, world: World, as_persona: Any, tmp_path: Path
) -> None:
    user = as_persona("owner")
    own = write_orders(tmp_path / "one.csv", _orders(tmp_path, "A9OTHERSELLERID"))
    answer = user.client.post(
        "/metrics/import",
        data={
            "csrf_token": user.csrf("/metrics"),
            "profile": "canonical",
            "account": str(world.account_a2),
        },
        files={"file": ("one.csv", own.read_bytes())},
    )
    assert answer.status_code == 303, answer.text[:500]
    cards = metrics.account_metrics(wb, world.actor(wb, "owner"), world.account_a2)["cards"]
    assert {c["status"] for c in cards} - {"no_data"}
    assert unlinked.unlinked(wb, world.actor(wb, "owner")) == []
