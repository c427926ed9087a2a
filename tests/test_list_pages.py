"""The case and account lists come in pages of PAGE_SIZE rows, cut in the database (issue 21):
the same rows in the same order as before, each page with links that keep the filters."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from typing import Any

from reinstate.accounts.service import create_account, list_accounts
from reinstate.cases import service
from reinstate.paging import PAGE_SIZE, page_number
from reinstate.workbench import Workbench

from .conftest import World

CASE_LINK = re.compile(r'<td><a href="/cases/(\d+)">')
ACCOUNT_LINK = re.compile(r'<td><a href="/accounts/(\d+)">')
NEXT = re.compile(r'<a href="([^"]+)" rel="next">')


def _next(page: str) -> str | None:
    found = NEXT.search(page)
    return html.unescape(found.group(1)) if found else None


def test_the_case_list_pages_in_deadline_order_and_keeps_its_filters(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    owner = world.actor(wb, "owner")
    opened = []
    count = PAGE_SIZE + 30
    for i in range(count):  # deadlines not in the order the cases are opened
        account = world.account_a if i % 2 else world.account_a2
        violation = "counterfeit" if i % 2 else "late_shipment"
        deadline = date(2026, 12, 1) + timedelta(days=(i * 37) % count)
        opened.append(service.open_case(wb, owner, account, [violation], deadline=deadline))
    expected = [c.id for c in service.list_cases(wb, owner)]  # the whole list, by deadline
    user = as_persona("owner")
    first = user.client.get("/cases").text
    shown = [int(i) for i in CASE_LINK.findall(first)]
    assert shown == expected[:PAGE_SIZE]
    assert f"Rows 1–{PAGE_SIZE} of {count} (page 1 of 2)" in first
    assert 'rel="prev"' not in first
    second = user.client.get(_next(first) or "").text
    assert [int(i) for i in CASE_LINK.findall(second)] == expected[PAGE_SIZE:]
    assert 'rel="prev"' in second and _next(second) is None
    # the newest first, on two pages; the order's link keeps the order and the filters
    newest = user.client.get("/cases?sort=opened&platform=").text
    link = _next(newest) or ""
    assert "sort=opened" in link and "page=2" in link
    rest = user.client.get(link).text
    ids = [int(i) for i in CASE_LINK.findall(newest) + CASE_LINK.findall(rest)]
    assert ids == sorted((c.id for c in opened), reverse=True)
    # past the end: the last page; nonsense: the first
    assert CASE_LINK.findall(user.client.get("/cases?page=99").text) == CASE_LINK.findall(second)
    assert CASE_LINK.findall(user.client.get("/cases?page=-3").text)[0] == str(expected[0])
    # a filter counts only what it keeps, and a client only the cases of its accounts
    amazon = user.client.get("/cases?platform=amazon").text
    assert f"Rows 1–{count // 2} of {count // 2}" not in amazon  # one page: no pager
    assert len(CASE_LINK.findall(amazon)) == count // 2 and 'rel="next"' not in amazon
    client = as_persona("client").client.get("/cases").text
    mine = {c.id for c in opened if c.account_id == world.account_a}
    assert {int(i) for i in CASE_LINK.findall(client)} == mine


def test_the_account_list_pages_by_platform_and_name(
    as_persona: Any, world: World, wb: Workbench
) -> None:
    owner = world.actor(wb, "owner")
    added = 2 * PAGE_SIZE + 5
    for i in range(added):  # names not in the order they are added
        platform = ("shopee", "amazon", "temu")[i % 3]
        create_account(wb, owner, {"platform": platform, "store_name": f"Shop {(i * 7) % added}"})
    total = added + 2  # and the two of the world's organisation A
    user = as_persona("owner")
    pages = [user.client.get("/accounts").text]
    while (link := _next(pages[-1])) is not None:
        pages.append(user.client.get(link).text)
    assert len(pages) == 3 and f"of {total} (page 3 of 3)" in pages[-1]
    assert [len(ACCOUNT_LINK.findall(page)) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 7]
    ids = [int(i) for page in pages for i in ACCOUNT_LINK.findall(page)]
    assert ids == [a.id for a in list_accounts(wb, owner)]
    only = user.client.get("/accounts?platform=temu").text
    temu = [a.id for a in list_accounts(wb, owner, platform="temu")]
    assert [int(i) for i in ACCOUNT_LINK.findall(only)] == temu and len(temu) == added // 3
    assert 'rel="next"' not in only  # one page: no pager


def test_a_page_number_is_a_positive_number_or_the_first_page() -> None:
    assert [page_number(raw) for raw in ("2", "0", "", None, "x", "-1", "9" * 20)] == [
        2,
        1,
        1,
        1,
        1,
        1,
        1,
    ]


def test_the_case_rows_are_escaped_as_the_template_escaped_them() -> None:
    """``table_rows`` writes the rows the template's loop used to: same bytes, same escaping."""
    from jinja2 import Environment

    from reinstate.web.case_lines import CaseLine, table_rows

    hostile = "<script>alert('x')</script> & \"quoted\""
    lines = [
        CaseLine(
            "7", hostile, "Amazon", "open", "2026-12-01 10:00 UTC", "overdue", hostile, "2", "—"
        ),
        CaseLine("8", "Store 深圳", hostile, hostile, "—", "", "—", "0", hostile),
    ]
    loop = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(
        """{% for id, store, platform, state, deadline, u, left, attempts_used, assignee in lines %}
  <tr class="{{ u }}">
    <td><a href="/cases/{{ id }}">#{{ id }}</a></td>
    <td>{{ store }}</td>
    <td>{{ platform }}</td>
    <td>{{ state }}</td>
    <td>{{ deadline }}</td>
    <td>{% if u %}<span class="urgency {{ u }}">{{ left }}</span>{% else %}{{ left }}{% endif %}\
</td>
    <td>{{ attempts_used }}</td>
    <td>{{ assignee }}</td>
  </tr>
{% endfor %}"""
    )
    written = str(table_rows(lines))
    assert written + "\n" == loop.render(lines=lines)
    assert "<script>" not in written and "&lt;script&gt;alert(&#39;x&#39;)" in written
    # a cell holding the character the cells are joined by when escaped in one call: the same
    # rows, each cell in its own place
    joined = [lines[0]._replace(store="a\x00<b>\x00"), lines[1]._replace(assignee="\x00")]
    assert str(table_rows(joined)) + "\n" == loop.render(lines=joined)
    assert str(table_rows([])) == ""


def test_the_account_options_are_written_as_the_template_wrote_them() -> None:
    """``account_options`` writes the filter's options the template's loop used to: same bytes,
    names escaped, the chosen one selected (and none when nothing or an unknown one is chosen)."""
    from jinja2 import Environment

    from reinstate.web.case_lines import account_options

    loop = Environment(autoescape=True).from_string(
        """{% for id, name in accounts.items() %}<option value="{{ id }}"\
{% if id == chosen %} selected{% endif %}>{{ name }}</option>{% endfor %}"""
    )
    hostile = "<script>alert('x')</script> & \"quoted\""
    for accounts in (
        {3: "Store 深圳", 12: hostile, 7: "plain"},
        {5: "a\x00<b>", 6: "\x00"},
        {},
    ):
        for chosen in (0, 12, 6, 99):
            written = str(account_options(accounts, chosen))
            assert written == loop.render(accounts=accounts, chosen=chosen)
    assert "<script>" not in str(account_options({12: hostile}, 12))
