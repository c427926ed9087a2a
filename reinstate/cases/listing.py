"""The case list as queries: filtered, ordered and cut into pages in the database.

The list page used to load every case of the organisation and sort it in Python; at 5,000
cases that was a 1.2 MB page and most of a second per request (issue 21). The orders here are
the ones the page offers, each ending on the deadline order so ties stay where they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Select, bindparam, func, or_, select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..errors import N_, NotFound
from ..paging import PAGE_SIZE, Page, Paged, fetch_rows, paged
from ..storage.tables import Case, SellerAccount
from ..tenancy import get_visible, given_to, visible
from ..workbench import Workbench
from . import rules

OPEN_STATES = tuple(s for s in rules.STATES if s not in rules.TERMINAL)
# Soonest deadline first, cases without one last, then the order they were opened in: the
# order of the index ix_cases_org_due (org_id, due_at, id), so a page is read from the index.
BY_DEADLINE = (Case.due_at.asc().nulls_last(), Case.id)
ACCOUNT_CHOICES = 50  # the account filter lists every account up to this many
ORDERS: dict[str, tuple[Any, ...]] = {
    "due": BY_DEADLINE,
    "state": (Case.state, *BY_DEADLINE),
    "platform": (Case.platform, *BY_DEADLINE),
    "opened": (Case.id.desc(),),
}


def case_query(
    wb: Workbench, actor: Actor, *, due_within: timedelta | None = None, **filters: Any
) -> Select[Case]:
    """The cases ``actor`` may see that match the filters (unordered): those of ``matching``,
    and with ``due_within`` only the open ones due within that time from now."""
    query = matching(actor, **filters)
    if due_within is not None:
        horizon = wb.clock.now() + due_within
        query = query.where(
            Case.due_at.is_not(None), Case.due_at <= horizon, Case.state.in_(OPEN_STATES)
        )
    return query


def matching(
    actor: Actor,
    *,
    platform: str | None = None,
    state: str | None = None,
    assignee_id: int | None = None,
    account_id: int | None = None,
    client_id: int | None = None,
    include_closed: bool = True,
) -> Select[Case]:
    """The cases ``actor`` may see that match the filters, whatever the time (unordered)."""
    query = select(Case).where(visible(actor, Case))
    if client_id is not None:  # the cases of the accounts given to this client member
        query = query.where(Case.account_id.in_(given_to(client_id)))
    for column, value in (
        (Case.platform, platform),
        (Case.state, state),
        (Case.assignee_id, assignee_id),
        (Case.account_id, account_id),
    ):
        if value:
            query = query.where(column == value)
    if not include_closed:
        query = query.where(Case.state.in_(OPEN_STATES))
    return query


# What a row of the list shows, read as plain rows: no Case objects are built for a page.
LIST_COLUMNS = (
    Case.id,
    Case.account_id,
    Case.platform,
    Case.state,
    Case.due_at,
    Case.attempts_used,
    Case.assignee_id,
)


def case_page(
    wb: Workbench, actor: Actor, *, sort: str = "due", page: int = 1, **filters: Any
) -> Page[Row[Any]]:
    """One page of the list in the chosen order (an unknown order: by deadline), as rows of
    LIST_COLUMNS, with the count, in one query."""
    statements = _list_statements(actor, sort, tuple(sorted(filters.items())))
    with wb.db.reading() as session:
        return fetch_rows(session, statements, page, PAGE_SIZE)


# The list's statements are built once per reader, order and filters, and kept (a statement
# built and keyed for SQLAlchemy's cache on every request cost more CPU than running it, issue
# 21); each is built by the one scoping rule for the actor it is kept for.
@lru_cache(maxsize=512)
def _list_statements(actor: Actor, sort: str, filters: tuple[tuple[str, Any], ...]) -> Paged:
    query = matching(actor, **dict(filters)).with_only_columns(*LIST_COLUMNS)
    return paged(query, ORDERS.get(sort, BY_DEADLINE))


@lru_cache(maxsize=512)
def _names_statement(actor: Actor) -> Select[int, str]:
    live = (visible(actor, SellerAccount), SellerAccount.deleted_at.is_(None))
    # one query either way: "few" counts at most ACCOUNT_CHOICES + 1 rows, not correlated
    few = (
        select(func.count())
        .select_from(select(SellerAccount.id).where(*live).limit(ACCOUNT_CHOICES + 1).subquery())
        .correlate(None)
        .scalar_subquery()
        <= ACCOUNT_CHOICES
    )
    wanted = SellerAccount.id.in_(bindparam("wanted", expanding=True))
    return (
        select(SellerAccount.id, SellerAccount.store_name)
        .where(*live, or_(few, wanted))
        .order_by(SellerAccount.platform, SellerAccount.store_name, SellerAccount.id)
    )


def store_names(
    wb: Workbench, actor: Actor, shown: Iterable[int] = (), chosen: int | None = None
) -> dict[int, str]:
    """Visible accounts' store names by id, in the order of the
    account list, without loading whole accounts: for the list's account filter and its column.

    All of them when there are at most ACCOUNT_CHOICES; beyond that (a filter of 500 options
    was most of the page's size and time, issue 21) those of the cases ``shown`` and the
    ``chosen`` one: the filter then narrows to a store seen on the page, and a store's own page
    links to all its cases."""
    wanted = sorted({*shown, *([chosen] if chosen else [])})
    with wb.db.reading() as session:
        rows = session.connection().execute(_names_statement(actor), {"wanted": wanted})
        return dict(rows.all())  # (id, name) pairs; a result itself would be read as a mapping


def open_case_of(session: Session, actor: Actor, notice_id: int) -> Case | None:
    """The newest case opened from the notice that is not over, among those the actor sees."""
    return session.scalars(
        select(Case)
        .where(visible(actor, Case), Case.notice_id == notice_id, Case.state.in_(OPEN_STATES))
        .order_by(Case.id.desc())
        .limit(1)
    ).first()


def get_case(wb: Workbench, actor: Actor, case_id: int) -> Case:
    """The case ``case_id`` if ``actor`` may see it; else NotFound, as if there were none."""
    with wb.db.reading() as session:
        return get_visible(session, actor, Case, case_id)


def find_case(session: Session, actor: Actor, case_id: int) -> Case:
    """``get_case`` inside the caller's session, for read models built in one session."""
    case = session.scalar(select(Case).where(visible(actor, Case), Case.id == case_id))
    if case is None:
        raise NotFound(N_("There is no case {id}."), id=case_id)
    return case
