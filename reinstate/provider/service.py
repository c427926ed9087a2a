"""The provider's price list and engagements through the service layer: saved per organisation
(validated before it is stored), a quote accepted on a case becomes an engagement with its SLA
clock, and the SLA list of every engagement by due time and agent.

Example::

    save_price_list(wb, owner, Path("prices.toml").read_text())
    engagement = accept_quote(wb, agent, case_id, QuoteOptions(rush=True))
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError

from ..auth.actor import Actor
from ..cases.service import get_case
from ..errors import N_, Conflict, InvalidInput, NotFound
from ..events import record
from ..i18n import Gettext
from ..storage.tables import Case, Engagement, PriceList, SellerAccount, User
from ..tenancy import restricted, scope, visible
from ..workbench import Workbench
from . import pricing
from .sla import DEFAULT_WORKING_DAYS, MAX_WORKING_DAYS, due_at
from .views import EngagementView, PriceListView, SlaList

MAX_PRICE_LIST_CHARS = 20_000


@dataclass(frozen=True)
class StoredPrices:
    text: str
    prices: pricing.PriceList
    updated_at: datetime | None  # None: the example list, never saved by this organisation


def price_list(wb: Workbench, actor: Actor) -> StoredPrices:
    """The organisation's price list, or the example shipped with the package."""
    actor.require_change()
    with wb.db.reading() as session:
        stored = session.scalar(scope(select(PriceList), actor, PriceList))
    if stored is None:
        text = pricing.EXAMPLE_PRICE_LIST.read_text(encoding="utf-8")
        return StoredPrices(text, pricing.parse_price_list(text, ""), None)
    return StoredPrices(stored.text, pricing.parse_price_list(stored.text, ""), stored.updated_at)


def save_price_list(wb: Workbench, actor: Actor, text: str) -> StoredPrices:
    """Store ``text`` as the organisation's price list once it passes the schema."""
    actor.require_owner()
    if len(text) > MAX_PRICE_LIST_CHARS:
        raise InvalidInput(
            N_("The price list is longer than {limit} characters."),
            field="price_list",
            limit=MAX_PRICE_LIST_CHARS,
        )
    text = text.replace("\r\n", "\n")
    prices = pricing.parse_price_list(text, "")
    now = wb.clock.now()
    with wb.db.transaction() as session:
        stored = session.scalar(select(PriceList).where(PriceList.org_id == actor.org_id))
        if stored is None:
            stored = PriceList(org_id=actor.org_id, text=text, updated_at=now)
            session.add(stored)
        stored.text, stored.updated_at = text, now
        stored.updated_by_user_id = actor.user_id
        record(
            session,
            actor,
            wb.clock,
            "organisation.price_list",
            after={"currency": prices.currency, "platforms": sorted(prices.base)},
        )
    return StoredPrices(text, prices, now)


@dataclass(frozen=True)
class QuoteOptions:
    """What a case's quote adds to its base fee (the platform comes from the case)."""

    kind: str = "metric"
    metrics: int = 1
    rush: bool = False
    languages: tuple[str, ...] = ()
    tier: str | None = None
    reconstruction: bool = False
    history_repair: bool = False
    advisory: bool = False
    declaration: bool = False
    working_days: int = DEFAULT_WORKING_DAYS


# metrics appealed together in one engagement, at most (the API's bound, and the page's)
MAX_METRICS = pricing.MAX_METRICS


def quote_case(
    wb: Workbench, actor: Actor, case_id: int, options: QuoteOptions
) -> tuple[Case, pricing.PriceList, pricing.Quote]:
    case = get_case(wb, actor, case_id)
    prices = price_list(wb, actor).prices
    request = pricing.QuoteRequest(
        platform=case.platform,
        kind=options.kind,
        metrics=options.metrics,
        rush=options.rush,
        languages=options.languages,
        tier=options.tier,
        reconstruction=options.reconstruction,
        history_repair=options.history_repair,
        advisory=options.advisory,
        declaration=options.declaration,
        own_language=_own_language(wb, case.platform),
    )
    return case, prices, pricing.make_quote(prices, request)


def _own_language(wb: Workbench, platform: str) -> str | None:
    """The language ``platform``'s appeals are written in, by the packs this workbench loaded
    (the organisation's policy overrides included)."""
    return wb.policies[platform].appeal.language if platform in wb.policies else None


def quote_digest(options: QuoteOptions, quote: pricing.Quote) -> str:
    """What a quote shown before it is accepted commits to: the choices, each priced line and
    the total. A confirmation carries it; another choice or price gives another digest.

    >>> prices = pricing.read_price_list()
    >>> quote = pricing.make_quote(prices, pricing.QuoteRequest("joom", "metric"))
    >>> rushed = pricing.make_quote(prices, pricing.QuoteRequest("joom", "metric", rush=True))
    >>> quote_digest(QuoteOptions(), quote) == quote_digest(QuoteOptions(), quote)
    True
    >>> quote_digest(QuoteOptions(), quote) == quote_digest(QuoteOptions(rush=True), rushed)
    False
    """
    shown = {
        "options": asdict(options),
        "currency": quote.currency,
        "lines": [
            [line.message, list(line.params), line.platform, f"{line.amount:.2f}"]
            for line in quote.lines
        ],
        "total": f"{quote.total:.2f}",
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


def _check_working_days(options: QuoteOptions) -> None:
    """The delivery time, and the metrics appealed together as the API bounds them (the page's
    form and the command line read any whole number)."""
    if options.metrics > MAX_METRICS:  # fewer than one: the price list's own sentence
        raise InvalidInput(
            N_("The number of metrics must be 1 to {limit}."), field="metrics", limit=MAX_METRICS
        )
    if not 1 <= options.working_days <= MAX_WORKING_DAYS:
        raise InvalidInput(
            N_("The delivery time must be 1 to {limit} working days."),
            field="working_days",
            limit=MAX_WORKING_DAYS,
        )


def check_shown(options: QuoteOptions, quote: pricing.Quote, shown: str | None) -> None:
    """Refuse ``quote`` unless ``shown`` is its digest (None: nothing to compare, as the API
    and the command line accepted before quotes were shown)."""
    if shown == "":
        raise InvalidInput(N_("Show the quote first, then accept it."), field="digest")
    if shown is not None and shown != quote_digest(options, quote):
        raise Conflict(
            N_(
                "These choices or prices are not those of the quote shown: show the quote "
                "again and check it before accepting it."
            )
        )


def preview_quote(
    wb: Workbench, actor: Actor, case_id: int, options: QuoteOptions
) -> tuple[pricing.Quote, str]:
    """The case's quote priced as :func:`accept_quote` would price it, and its digest, for the
    team to read before accepting it; nothing is stored."""
    actor.require_change()
    _check_working_days(options)
    _, _, quote = quote_case(wb, actor, case_id, options)
    return quote, quote_digest(options, quote)


def accept_quote(
    wb: Workbench, actor: Actor, case_id: int, options: QuoteOptions, shown: str | None = None
) -> Engagement:
    """The case's quote, accepted: an engagement whose deliverables are due on the SLA clock.
    ``shown``: the digest of the quote the team was shown (:func:`preview_quote`); a quote
    whose choices or prices differ from it is refused, and so is an empty one (None: an API or
    command-line caller that did not ask for the quote first, accepted as priced now)."""
    actor.require_change()
    _check_working_days(options)
    case, prices, quote = quote_case(wb, actor, case_id, options)
    check_shown(options, quote, shown)
    now = wb.clock.now()
    rush_hours = prices.rush.hours if options.rush else None
    engagement = Engagement(
        org_id=actor.org_id,
        case_id=case.id,
        account_id=case.account_id,
        currency=quote.currency,
        lines=[
            {"message": line.message, "params": dict(line.params), "platform": line.platform}
            | {"amount": f"{line.amount:.2f}"}
            for line in quote.lines
        ],
        total=f"{quote.total:.2f}",
        rush=options.rush,
        working_days=options.working_days,
        accepted_at=now,
        due_at=due_at(now, options.working_days, rush_hours=rush_hours),
        accepted_by_user_id=actor.user_id,
    )
    try:
        with wb.db.transaction() as session:
            session.add(engagement)
            session.flush()
            record(
                session,
                actor,
                wb.clock,
                "engagement.accepted",
                account_id=case.account_id,
                case_id=case.id,
                subject=f"#{case.id}",
                after={"total": engagement.total, "currency": engagement.currency},
            )
    except IntegrityError:
        raise Conflict(N_("Case {id} already has an accepted quote."), id=case.id) from None
    return engagement


def engagement_of(wb: Workbench, actor: Actor, case_id: int) -> Engagement:
    get_case(wb, actor, case_id)
    with wb.db.reading() as session:
        query = scope(select(Engagement), actor, Engagement).where(Engagement.case_id == case_id)
        engagement = session.scalar(query)
    if engagement is None:
        raise NotFound(N_("Case {id} has no accepted quote."), id=case_id)
    return engagement


def deliver(wb: Workbench, actor: Actor, case_id: int) -> Engagement:
    """Mark the engagement's deliverables delivered (once)."""
    actor.require_change()
    engagement = engagement_of(wb, actor, case_id)
    already = Conflict(N_("The deliverables of case {id} are already delivered."), id=case_id)
    if engagement.delivered_at is not None:
        raise already
    now = wb.clock.now()
    with wb.db.transaction() as session:
        # only while undelivered: two clicks, or two agents, at once deliver once
        marked: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(Engagement)
            .where(Engagement.id == engagement.id, Engagement.delivered_at.is_(None))
            .values(delivered_at=now)
            .execution_options(synchronize_session=False)
        )
        if marked.rowcount != 1:
            raise already
        stored = session.get(Engagement, engagement.id)
        assert stored is not None
        record(
            session,
            actor,
            wb.clock,
            "engagement.delivered",
            account_id=stored.account_id,
            case_id=stored.case_id,
            subject=f"#{stored.case_id}",
            after={"on_time": now <= stored.due_at},
        )
    engagement.delivered_at = now
    return engagement


def _engagement_rows(
    wb: Workbench, actor: Actor, case_id: int | None = None
) -> list[tuple[Engagement, str, str | None, datetime | None]]:
    """Engagements the actor sees, undelivered and soonest due first, with the store's name,
    the case's agent (hidden from a client, who never sees the team's emails) and the case's
    deadline."""
    query = (
        select(Engagement, SellerAccount.store_name, User.email, Case.due_at)
        .where(visible(actor, Engagement))
        .join(Case, Case.id == Engagement.case_id)
        .join(SellerAccount, SellerAccount.id == Engagement.account_id)
        .outerjoin(User, User.id == Case.assignee_id)
        .order_by(Engagement.delivered_at.is_not(None), Engagement.due_at, Engagement.id)
    )
    if case_id is not None:
        query = query.where(Engagement.case_id == case_id)
    with wb.db.reading() as session:
        rows = session.execute(query).all()
    hidden = restricted(actor)
    return [
        (e, str(store), None if hidden else email, deadline) for e, store, email, deadline in rows
    ]


def engagement_view(
    wb: Workbench, actor: Actor, case_id: int, gettext: Gettext, language: str
) -> EngagementView:
    get_case(wb, actor, case_id)
    rows = _engagement_rows(wb, actor, case_id)
    if not rows:
        raise NotFound(N_("Case {id} has no accepted quote."), id=case_id)
    engagement, store, agent, deadline = rows[0]
    return EngagementView.of(engagement, store, agent, wb.clock.now(), gettext, language, deadline)


def engagement_if_any(
    wb: Workbench, actor: Actor, case_id: int, gettext: Gettext, language: str
) -> EngagementView | None:
    """The case's accepted quote and SLA for its page, or None before a quote is accepted."""
    rows = _engagement_rows(wb, actor, case_id)
    if not rows:
        return None
    engagement, store, agent, deadline = rows[0]
    return EngagementView.of(engagement, store, agent, wb.clock.now(), gettext, language, deadline)


def sla_list(wb: Workbench, actor: Actor, gettext: Gettext, language: str) -> SlaList:
    """The SLA view: every engagement by due time, with its agent."""
    now = wb.clock.now()
    return SlaList(
        engagements=[
            EngagementView.of(e, store, agent, now, gettext, language, deadline)
            for e, store, agent, deadline in _engagement_rows(wb, actor)
        ]
    )


def price_list_view(stored: StoredPrices) -> PriceListView:
    return PriceListView(
        currency=stored.prices.currency,
        platforms=sorted(stored.prices.base),
        text=stored.text,
        saved_at=stored.updated_at,
    )
