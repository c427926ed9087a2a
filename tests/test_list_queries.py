"""Issue 21: the list pages cost a few statements each, whatever the number of rows, and the
statements they keep per reader still scope every reader to what they may see."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from reinstate.accounts.service import create_account
from reinstate.cases import service
from reinstate.workbench import Workbench

from .conftest import World

CASE_LINK = re.compile(r'<td><a href="/cases/(\d+)">')
ACCOUNT_LINK = re.compile(r'<td><a href="/accounts/(\d+)">')


@contextmanager
def _statements(wb: Workbench) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(wb.db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(wb.db.engine, "before_cursor_execute", count)


def test_a_list_page_runs_the_same_few_statements_for_few_rows_or_many(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    owner = world.actor(wb, "owner")
    user = as_persona("owner")
    user.client.get("/cases")  # the sign-in's last use is written once a minute
    counts = []
    for _ in range(2):
        for i in range(30):
            account = create_account(wb, owner, {"platform": "amazon", "store_name": f"S{i}"})
            service.open_case(wb, owner, account.id, ["late_shipment"])
        with _statements(wb) as cases:
            assert user.client.get("/cases").status_code == 200
        with _statements(wb) as accounts:
            assert user.client.get("/accounts").status_code == 200
        counts.append((len(cases), len(accounts)))
    # sign-in; a page of rows with their count; the stores' names; the members
    assert counts[0] == counts[1] and counts[0][0] <= 4 and counts[0][1] <= 2, counts


def test_statements_kept_for_one_reader_never_serve_another(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    owner = world.actor(wb, "owner")
    mine = service.open_case(wb, owner, world.account_a, ["counterfeit"])
    other = service.open_case(wb, owner, world.account_a2, ["late_shipment"])
    readers = {persona: as_persona(persona).client for persona in ("owner", "client")}
    for persona in ("owner", "client", "owner", "client"):  # each reader's statements, kept
        shown = {int(i) for i in CASE_LINK.findall(readers[persona].get("/cases").text)}
        page = readers[persona].get("/accounts").text
        stores = {int(i) for i in ACCOUNT_LINK.findall(page)}
        if persona == "owner":
            assert {mine.id, other.id} <= shown and {world.account_a, world.account_a2} <= stores
        else:  # the client was given account A only
            assert mine.id in shown and other.id not in shown
            assert world.account_a in stores and world.account_a2 not in stores
