"""One page of a long list: which rows, and the links to the pages around it.

Lists are cut in the database (LIMIT/OFFSET after a count), so a page costs the same whether
the organisation has fifty rows or fifty thousand. ``fetch_rows`` reads a page of plain rows
(the columns a list shows) and the count in one query: a list page is read often (issue 21).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from sqlalchemy import Integer, Row, Select, bindparam, func, select
from sqlalchemy.orm import Session

from .validation import whole

T = TypeVar("T")
PAGE_SIZE = 50


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int  # 1-based, within 1..pages
    pages: int
    total: int
    size: int

    @property
    def first(self) -> int:
        """The position (1-based) of the page's first row; 0 when there are none."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return (self.number - 1) * self.size + len(self.items)


def page_number(raw: str | None) -> int:
    """The page asked for in an address: anything that is not a positive number is page 1."""
    return max(whole(raw or "", 9) or 1, 1)


@dataclass(frozen=True)
class Paged:
    """A list's statements, built once (see ``paged``): a page of its rows with the count of
    all of them as a column ``total``, and the count alone."""

    rows: Select[Any]
    count: Select[int]


def paged(query: Select[*tuple[Any, ...]], order: tuple[Any, ...]) -> Paged:
    """The statements of ``fetch_rows`` for ``query`` (a select of columns) in ``order``; the
    page's size and offset are bound when it runs, so one statement serves every page."""
    count = select(func.count()).select_from(query.order_by(None).subquery())
    total = count.correlate(None).scalar_subquery().label("total")
    rows = query.add_columns(total).order_by(*order)
    size, offset = bindparam("page_size", type_=Integer), bindparam("page_offset", type_=Integer)
    return Paged(rows.limit(size).offset(offset), count)


def fetch_rows(session: Session, statements: Paged, number: int, size: int) -> Page[Row[Any]]:
    """The ``number``th page of ``statements`` (past the end: the last page), as plain rows:
    the count comes with them (run once for the statement), so a page is one round trip; past
    the end, the count is asked alone and the last page read again."""
    connection = session.connection()

    def read(number: int) -> Sequence[Row[Any]]:
        bound = {"page_size": size, "page_offset": (number - 1) * size}
        # all(): the driver's one fetchall, where iterating the result fetched row by row;
        # its list is the page's, not copied into another
        return connection.execute(statements.rows, bound).all()

    number = max(1, number)
    rows = read(number)
    if rows:
        total = int(rows[0].total)
    else:
        total = connection.execute(statements.count).scalar() or 0
        last = max(1, -(-total // size))
        if total and number > last:
            number = last
            rows = read(number)
        number = min(number, last)
    return Page(rows, number, max(1, -(-total // size)), total, size)


def page_links(page: Page[Any], path: str, params: dict[str, str]) -> dict[str, str | None]:
    """The addresses of the previous and next pages of the list at ``path``, filters kept."""

    def link(number: int) -> str:
        kept = {k: v for k, v in params.items() if k != "page"}
        return path + "?" + urlencode({**kept, "page": number})

    return {
        "previous": link(page.number - 1) if page.number > 1 else None,
        "next": link(page.number + 1) if page.number < page.pages else None,
    }
