"""The Today page's lines from the other contexts: accounts that may be asked for a video
verification (their change log sets off a trigger), accounts at risk by association (linked to a
store in trouble), and the service provider's deliverables due (the SLA clock).

Each is one source of :data:`reinstate.today.service.SOURCES`: a function of a Context.

Example::

    association_risk(ctx)[0].link  # "/accounts/7/association"
"""

from __future__ import annotations

from sqlalchemy import select

from ..errors import N_
from ..storage.tables import Engagement
from ..tenancy import scope
from .sources import Context
from .views import TodayItem


def verification_risk(ctx: Context) -> list[TodayItem]:
    """Accounts whose change log sets off one of the pack's video-verification triggers."""
    from ..verification.monitor import at_verification_risk

    return [
        TodayItem(
            section="at_risk",
            kind="verification_risk",
            severity="medium",
            message=N_("{store}: this account may be asked for video verification"),
            params={"store": found.account.store_name},
            account_id=found.account.id,
            store_name=found.account.store_name,
            link=f"/accounts/{found.account.id}/verifications#changes",
        )
        for found in at_verification_risk(ctx.wb, ctx.session, ctx.actor, ctx.now)
        if found.account.id in ctx.accounts
    ]


def association_risk(ctx: Context) -> list[TodayItem]:
    """Accounts linked to a store with an open case, a lost appeal or a suspension notice."""
    from ..association.service import TROUBLE_LABELS, accounts_at_risk

    secret = ctx.wb.settings.resolved_secret_key()
    items = []
    for found in accounts_at_risk(ctx.session, ctx.actor, secret=secret):
        if found.account_id not in ctx.accounts:
            continue
        items.append(
            TodayItem(
                section="at_risk",
                kind="association",
                severity="high" if found.strength == "strong" else "medium",
                message=N_("{store}: at risk by association with {other}, which has {trouble}"),
                params={"store": found.name, "other": found.names[-1]},
                labels={"trouble": TROUBLE_LABELS[found.trouble]},
                account_id=found.account_id,
                store_name=found.name,
                link=f"/accounts/{found.account_id}/association",
            )
        )
    return items


# (team, client) x (due, late): the team delivers; the client is told what it is owed
_DELIVERABLES = {
    (False, False): N_("Case #{case} of {store}: the deliverables are due"),
    (False, True): N_("Case #{case} of {store}: the deliverables are late"),
    (True, False): N_(
        "Case #{case} of {store}: your service provider's report and appeal text are due"
    ),
    (True, True): N_(
        "Case #{case} of {store}: your service provider's report and appeal text are late"
    ),
}


def _severity(client: bool, late: bool) -> str:
    """The team's own deadline is to act on (now when late); for the client it is information
    about the provider's work, never the client's to-do (SPEC §1: the client sees, uploads and
    approves; the provider delivers)."""
    if client:
        return "low"
    return "high" if late else "medium"


def deliverables_due(ctx: Context) -> list[TodayItem]:
    """Engagements whose deliverables are due in the next 72 hours or are late (undelivered):
    the team's to-do; for a client, what their service provider owes them."""
    query = scope(select(Engagement), ctx.actor, Engagement).where(
        Engagement.delivered_at.is_(None), Engagement.due_at <= ctx.horizon
    )
    client = ctx.actor.is_client
    items = []
    for engagement in ctx.session.scalars(query.order_by(Engagement.due_at, Engagement.id)):
        late = engagement.due_at < ctx.now  # delivered at due_at is on time
        store = ctx.store(engagement.account_id)
        items.append(
            TodayItem(
                section="deadlines",
                kind="sla_late" if late else "sla_due",
                severity=_severity(client, late),
                message=_DELIVERABLES[client, late],
                params={"case": engagement.case_id, "store": store},
                account_id=engagement.account_id,
                store_name=store,
                at=engagement.due_at,
                link=f"/cases/{engagement.case_id}",
            )
        )
    return items
