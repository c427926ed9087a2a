"""Who may see what: the one scoping rule every query of the services asks.

Everything belongs to one organisation, and nobody sees anything of another organisation: it
answers 404, as if it did not exist. Within the organisation:

==========================  ==============================  ================================
entity                      owner, agent, viewer            client
==========================  ==============================  ================================
seller accounts             every one                       the accounts given to them
cases                       every one                       cases of their accounts with
                                                            ``client_visible``
documents, letters,         every one                       those of the cases they see
reminders
notices, penalties,         every one                       those of their accounts
metric snapshots,
verifications and their
checks and tasks, the
change log, identifiers
events (activity)           every one                       an event of a case: if they see
                                                            the case; any other: if it is of
                                                            an account given to them, but a
                                                            client's access only if it is
                                                            their own (and others' names are
                                                            shown by role: reinstate.events)
engagements (accepted       every one                       those of the cases they see
quotes, SLA)
price list, intake links   every one                       none
intake requests             every one                       those they sent
metric imports              every one                       every one (the history read from
                                                            them is cut to their accounts)
members                     every one                       themselves (never the others'
                                                            emails)
==========================  ==============================  ================================

What a role may *change* is the actor's business (:meth:`Actor.require_change`), not this
module's. Services never restate the rule: they filter with :func:`visible` (or :func:`scope`),
fetch one row with :func:`get_visible`, and ask :func:`restricted` when a result must be cut to
what was given to the actor (the metrics files, the names of other accounts' letters).

Example::

    cases = session.scalars(scope(select(Case), actor, Case))
    case = get_visible(session, actor, Case, case_id)   # NotFound unless the actor may see it
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.orm import Session

from .auth.actor import Actor
from .errors import N_, NotFound
from .storage.tables import (
    AccountChange,
    AccountClient,
    AccountIdentifier,
    Base,
    Case,
    Document,
    Engagement,
    Event,
    IntakeLink,
    IntakeRequest,
    LetterVersion,
    MetricImport,
    MetricSnapshot,
    Notice,
    Penalty,
    PriceList,
    Reminder,
    SellerAccount,
    User,
    Verification,
    VerificationCheck,
    VerificationTask,
)

T = TypeVar("T", bound=Base)
Rule = Callable[[Actor], ColumnElement[bool]]


def given_to(user_id: int | None) -> Select[int]:
    """The ids of the seller accounts a `client` member has been given."""
    return select(AccountClient.account_id).where(AccountClient.user_id == user_id)


def assigned_to(actor: Actor) -> Select[int]:
    return given_to(actor.user_id)


def restricted(actor: Actor) -> bool:
    """Whether the actor sees only what was given to them (a client), not the organisation."""
    return actor.is_client


def _accounts(actor: Actor) -> ColumnElement[bool]:
    rule = SellerAccount.org_id == actor.org_id
    return and_(rule, SellerAccount.id.in_(assigned_to(actor))) if restricted(actor) else rule


def _cases(actor: Actor) -> ColumnElement[bool]:
    rule = Case.org_id == actor.org_id
    if restricted(actor):
        return and_(rule, Case.account_id.in_(assigned_to(actor)), Case.client_visible)
    return rule


def visible_case_ids(actor: Actor) -> Select[int]:
    """The ids of the cases the actor sees."""
    return select(Case.id).where(_cases(actor))


def _of_account(entity: Any) -> Rule:
    def rule(actor: Actor) -> ColumnElement[bool]:
        own: ColumnElement[bool] = entity.org_id == actor.org_id
        return and_(own, entity.account_id.in_(assigned_to(actor))) if restricted(actor) else own

    return rule


def _of_case(entity: Any) -> Rule:
    def rule(actor: Actor) -> ColumnElement[bool]:
        own: ColumnElement[bool] = entity.org_id == actor.org_id
        return and_(own, entity.case_id.in_(visible_case_ids(actor))) if restricted(actor) else own

    return rule


def _of_org(entity: Any) -> Rule:
    def rule(actor: Actor) -> ColumnElement[bool]:
        own: ColumnElement[bool] = entity.org_id == actor.org_id
        return own

    return rule


def _members(actor: Actor) -> ColumnElement[bool]:
    """A client works for another company: the provider's team is not theirs to list."""
    own = User.org_id == actor.org_id
    return and_(own, User.id == actor.user_id) if restricted(actor) else own


def _events(actor: Actor) -> ColumnElement[bool]:
    """An event of a case is seen with its case; any other with its account."""
    own = Event.org_id == actor.org_id
    if not restricted(actor):
        return own
    of_account = and_(Event.case_id.is_(None), Event.account_id.in_(assigned_to(actor)))
    # Who else was given the account is not theirs to know: only their own access changes.
    others = and_(Event.name == "account.client_access", Event.subject != actor.label)
    seen = or_(of_account, Event.case_id.in_(visible_case_ids(actor)))
    return and_(own, seen, ~others)


def _staff_only(entity: Any) -> Rule:
    """The provider's own working papers (its price list): never a client's."""

    def rule(actor: Actor) -> ColumnElement[bool]:
        own: ColumnElement[bool] = entity.org_id == actor.org_id
        return and_(own, false()) if restricted(actor) else own

    return rule


def _intake_requests(actor: Actor) -> ColumnElement[bool]:
    """The team sees every intake request; a client only those it sent."""
    own = IntakeRequest.org_id == actor.org_id
    return (
        and_(own, IntakeRequest.submitted_by_user_id == actor.user_id) if restricted(actor) else own
    )


_RULES: dict[type[Base], Rule] = {
    SellerAccount: _accounts,
    Case: _cases,
    Notice: _of_account(Notice),
    Penalty: _of_account(Penalty),
    MetricSnapshot: _of_account(MetricSnapshot),
    Verification: _of_account(Verification),
    VerificationCheck: _of_account(VerificationCheck),
    VerificationTask: _of_account(VerificationTask),
    AccountChange: _of_account(AccountChange),
    Document: _of_case(Document),
    LetterVersion: _of_case(LetterVersion),
    Reminder: _of_case(Reminder),
    Event: _events,
    MetricImport: _of_org(MetricImport),
    User: _members,
    AccountIdentifier: _of_account(AccountIdentifier),  # association risk (issue 18)
    # service-provider operations (issue 19): a client sees the quote and SLA of its cases
    Engagement: _of_case(Engagement),
    PriceList: _staff_only(PriceList),
    IntakeLink: _staff_only(IntakeLink),
    IntakeRequest: _intake_requests,
}

_NOT_FOUND: dict[type[Base], str] = {
    SellerAccount: N_("There is no seller account {id}."),
    Case: N_("There is no case {id}."),
    Notice: N_("There is no notice {id}."),
    Document: N_("There is no document {id}."),
    Verification: N_("There is no verification {id}."),
    User: N_("There is no such member in your organisation."),
}
_NOTHING = N_("There is no such file.")


def visible(actor: Actor, entity: type[Base]) -> ColumnElement[bool]:
    """The where-clause of the rows of ``entity`` the actor may see."""
    try:
        rule = _RULES[entity]
    except KeyError:  # a new table must be given a rule before anyone can read it
        raise TypeError(f"tenancy has no rule for {entity.__name__}") from None
    return rule(actor)


def scope(query: Select[T], actor: Actor, entity: type[T]) -> Select[T]:
    """``query`` cut to the rows of ``entity`` the actor may see."""
    return query.where(visible(actor, entity))


def get_visible(session: Session, actor: Actor, entity: type[T], row_id: int) -> T:
    """The row, if the actor may see it; else NotFound (never 403: it does not exist for them)."""
    query = scope(select(entity), actor, entity).where(entity.__table__.c.id == row_id)
    row = session.scalar(query)
    if row is None:
        raise NotFound(_NOT_FOUND.get(entity, _NOTHING), id=row_id)
    return row
