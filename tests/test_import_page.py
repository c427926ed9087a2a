"""The metrics import page: a template file of the canonical columns and what each means, and
errors that name the uploaded file (never the server's private copy)."""

from __future__ import annotations

import csv
import io
from typing import Any

from reinstate.metrics.sources import CANONICAL, REQUIRED
from reinstate.workbench import Workbench

from .conftest import World


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
    assert all(f"<code>{name}</code>" in columns for name in CANONICAL)
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
