"""Today: everything that needs a member's attention now, from every source, in one read model.

Example::

    shown = today(wb, actor)          # a Today: sections of lines, each with its link
    [s.section for s in shown.sections]  # ["deadlines", "at_risk", "materials", ...]
"""

from __future__ import annotations

from sqlalchemy import select

from ..auth.actor import Actor
from ..storage.tables import SellerAccount
from ..tenancy import get_visible, scope
from ..workbench import Workbench
from . import linked, risk, sources
from .sources import Context, Source
from .views import SECTIONS, SEVERITIES, Today, TodayItem, TodaySection

# Every source of lines, in the order they are asked (one function of a Context each).
SOURCES: list[Source] = [
    sources.case_deadlines,
    sources.answers_to_give,
    sources.verification_deadlines,
    linked.deliverables_due,
    risk.metrics_at_risk,
    risk.account_statuses,
    risk.penalty_thresholds,
    linked.verification_risk,
    linked.association_risk,
    sources.materials,
    sources.new_notices,
    sources.reviews_overdue,
]


def _order(item: TodayItem) -> tuple[int, float, str]:
    moment = item.at.timestamp() if item.at is not None else float("inf")
    return SEVERITIES.index(item.severity), moment, item.store_name


def today(wb: Workbench, actor: Actor, *, account_id: int | None = None) -> Today:
    """What needs the member's attention, section by section, the most urgent first; with
    ``account_id``, only what concerns that account (NotFound unless the member sees it)."""
    now = wb.clock.now()
    with wb.db.reading() as session:
        live = scope(select(SellerAccount), actor, SellerAccount).where(
            SellerAccount.deleted_at.is_(None)
        )
        if account_id is not None:
            live = live.where(
                SellerAccount.id == get_visible(session, actor, SellerAccount, account_id).id
            )
        accounts = {a.id: a for a in session.scalars(live)}
        ctx = Context(wb=wb, actor=actor, session=session, now=now, accounts=accounts)
        found = [item for source in SOURCES for item in source(ctx)]
    # a line of a deleted account (its cases and notices stay) is not something to do today
    found = [
        i for i in found if i.account_id in accounts or (i.account_id, account_id) == (None, None)
    ]
    sections = [
        TodaySection(
            section=name,
            title=title,
            items=sorted((i for i in found if i.section == name), key=_order),
        )
        for name, title in SECTIONS.items()
    ]
    return Today(
        now=now,
        horizon_hours=int(sources.HORIZON.total_seconds() // 3600),
        accounts=len(accounts),
        sections=sections,
    )
