"""Search stores (name, seller id, company), cases (number, notice reference), notices
(reference id, subject, and the ids read from them: order ids, ASINs, SKUs, tracking numbers)
and evidence files by name, cut by the tenancy rule. PostgreSQL adds its full-text search over
notice subjects and texts (words in any order); SQLite matches with LIKE.

Example::

    search(wb, actor, "112-3456789-1234567").hits  # the notices (and their cases) naming it
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, String, Text, cast, func, or_, select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..errors import N_, InvalidInput
from ..storage.tables import Case, Document, Notice, SellerAccount
from ..tenancy import scope
from ..validation import whole
from ..workbench import Workbench
from .views import SearchHit, SearchResults

MIN_LENGTH, MAX_LENGTH = 2, 100
LIMIT = 30  # hits of each kind


def clean_query(value: str) -> str:
    query = " ".join(value.split())
    if not MIN_LENGTH <= len(query) <= MAX_LENGTH:
        raise InvalidInput(
            N_("Search for {low} to {high} characters."), field="q", low=MIN_LENGTH, high=MAX_LENGTH
        )
    return query


def _like(column: Any, query: str) -> ColumnElement[bool]:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return cast(column, String).ilike(f"%{escaped}%", escape="\\")


def excerpt(text: str, query: str, width: int = 60) -> str:
    """The words around the first match of ``query`` in ``text`` (or its start)."""
    flat = " ".join(text.split())
    found = re.search(re.escape(query), flat, re.IGNORECASE)
    if found is None:
        return flat[: width * 2]
    start, end = max(0, found.start() - width), min(len(flat), found.end() + width)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def _accounts(session: Session, actor: Actor, query: str) -> list[SearchHit]:
    rows = session.scalars(
        scope(select(SellerAccount), actor, SellerAccount)
        .where(SellerAccount.deleted_at.is_(None))
        .where(
            or_(
                *(
                    _like(c, query)
                    for c in (
                        SellerAccount.store_name,
                        SellerAccount.seller_id,
                        SellerAccount.company_name,
                    )
                )
            )
        )
        .order_by(SellerAccount.store_name)
        .limit(LIMIT)
    )
    return [
        SearchHit(
            kind="account",
            id=a.id,
            title=a.store_name,
            excerpt=" · ".join(x for x in (a.seller_id, a.company_name, a.marketplace) if x),
            account_id=a.id,
            link=f"/accounts/{a.id}",
        )
        for a in rows
    ]


def _notice_match(session: Session, query: str) -> ColumnElement[bool]:
    matched = or_(
        _like(Notice.reference_id, query), _like(Notice.subject, query), _like(Notice.report, query)
    )
    if session.get_bind().dialect.name != "postgresql":
        return matched
    document = func.to_tsvector("simple", Notice.subject + " " + cast(Notice.report, Text))
    return or_(matched, document.op("@@")(func.plainto_tsquery("simple", query)))


def _notices(session: Session, actor: Actor, query: str) -> list[SearchHit]:
    rows = session.scalars(
        scope(select(Notice), actor, Notice)
        .where(_notice_match(session, query))
        .order_by(Notice.created_at.desc())
        .limit(LIMIT)
    )
    return [
        SearchHit(
            kind="notice",
            id=n.id,
            title=n.subject or n.filename,
            excerpt=excerpt(str(n.report.get("text", "")) or n.subject, query),
            account_id=n.account_id,
            link=f"/notices/{n.id}",
        )
        for n in rows
    ]


def _cases(session: Session, actor: Actor, query: str, stores: dict[int, str]) -> list[SearchHit]:
    number = query.lstrip("#")
    by_notice = select(Notice.id).where(_like(Notice.reference_id, query))
    conditions = [Case.notice_id.in_(by_notice), _like(Case.violations, query)]
    if (found := whole(number, 9)) is not None:
        conditions.append(Case.id == found)
    rows = session.scalars(
        scope(select(Case), actor, Case).where(or_(*conditions)).order_by(Case.id).limit(LIMIT)
    )
    return [
        SearchHit(
            kind="case",
            id=c.id,
            title=f"#{c.id} {stores.get(c.account_id, '')}".strip(),
            excerpt=", ".join(c.violations),
            codes=list(c.violations),
            account_id=c.account_id,
            link=f"/cases/{c.id}",
        )
        for c in rows
    ]


def _documents(session: Session, actor: Actor, query: str) -> list[SearchHit]:
    rows = session.execute(
        scope(select(Document), actor, Document)
        .where(Document.deleted_at.is_(None), _like(Document.filename, query))
        .add_columns(Case.account_id)
        .join(Case, Case.id == Document.case_id)
        .order_by(Document.id)
        .limit(LIMIT)
    )
    return [
        SearchHit(
            kind="document",
            id=d.id,
            title=d.filename,
            excerpt=f"#{d.case_id}",
            account_id=account_id,
            link=f"/cases/{d.case_id}#checklist",
        )
        for d, account_id in rows
    ]


def search(wb: Workbench, actor: Actor, value: str) -> SearchResults:
    """Everything the member may see that matches ``value``, stores first."""
    query = clean_query(value)
    with wb.db.reading() as session:
        accounts = _accounts(session, actor, query)
        visible = scope(select(SellerAccount), actor, SellerAccount)
        stores = {a.id: a.store_name for a in session.scalars(visible)}
        hits = [
            *accounts,
            *_cases(session, actor, query, stores),
            *_notices(session, actor, query),
            *_documents(session, actor, query),
        ]
        full_text = session.get_bind().dialect.name == "postgresql"
    return SearchResults(query=query, full_text=full_text, hits=hits)
