"""The append-only activity log: every change, who made it, when, before and after.

``record`` is called inside the transaction that makes the change, so a change and its event are
committed together or not at all. The database refuses to update or delete an event. A resident
ID number in what is recorded (a comment, a rejection's words, a client's note on a letter) is
kept masked: the log is read by the team and the client, and sent out as notifications.

Example::

    with wb.db.transaction() as session:
        account.store_name = "New name"
        record(session, actor, wb.clock, "account.updated", account_id=account.id,
               before={"store_name": "Old"}, after={"store_name": "New name"})
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .auth.actor import Actor
from .clock import Clock
from .errors import N_
from .ids import mask_ids_in_text
from .storage.tables import Event, User
from .tenancy import restricted, visible

# What each event means, for people reading the activity log (i18n message ids).
EVENT_LABELS: dict[str, str] = {
    "organisation.created": N_("Created the organisation"),
    "member.added": N_("Added a member"),
    "member.role_changed": N_("Changed a member's role"),
    "member.password_reset": N_("Reset a member's password"),
    "token.created": N_("Created an API token"),
    "token.revoked": N_("Revoked an API token"),
    "account.created": N_("Created the seller account"),
    "account.updated": N_("Changed the seller account"),
    "account.deleted": N_("Deleted the seller account"),
    "account.client_access": N_("Changed a client's access"),
    "penalty.recorded": N_("Recorded a penalty"),
    "alert.metrics": N_("Metrics became at risk"),
    "alert.penalty_level": N_("Penalty points reached a new level"),
    "alert.account_status": N_("Amazon's account status worsened"),
    "alert.policy": N_("Amazon reported more policy defects"),
    "metrics.ignored": N_("Ignored seller ids of the imported files"),
    "notice.stored": N_("Stored a notice"),
    "case.opened": N_("Opened a case"),
    "case.preparing": N_("Started preparing the appeal"),
    "case.submitted": N_("Submitted the appeal"),
    "case.under_review": N_("The platform is reviewing"),
    "case.reinstated": N_("Reinstated"),
    "case.rejected": N_("The appeal was rejected"),
    "case.info_requested": N_("The platform asked for more information"),
    "case.withdrawn": N_("Withdrew the case"),
    "case.comment": N_("Commented"),
    "evidence.added": N_("Added evidence"),
    "evidence.removed": N_("Removed evidence"),
    "evidence.pack_built": N_("Built the evidence pack"),
    "letter.saved": N_("Saved a version of the appeal letter"),
    "metrics.imported": N_("Imported order data for the metrics"),
    "metrics.health_report": N_("Imported the platform's account health report"),
    "evidence.dated": N_("Gave a document's dates"),
    "case.updated": N_("Changed the case"),
    "case.triage": N_("Answered the triage question"),
    "organisation.reminders": N_("Changed the reminder settings"),
    "organisation.time_zone": N_("Changed the organisation's time zone"),
    "reminder.refused": N_("Refused to send a reminder to a private address"),
    "penalty.appeal_result": N_("Changed a penalty's appeal result"),
    "verification.opened": N_("Opened a video verification"),
    "verification.booked": N_("Booked the verification call"),
    "verification.completed": N_("Completed the verification call"),
    "verification.passed": N_("The verification passed"),
    "verification.failed": N_("The verification failed"),
    "verification.no_show": N_("Missed the verification call"),
    "verification.dropped": N_("The verification call's network dropped"),
    "verification.checked": N_("Ticked a readiness item"),
    "verification.unchecked": N_("Unticked a readiness item"),
    "identifier.added": N_("Added an identifier of the store"),
    "identifier.removed": N_("Removed an identifier of the store"),
    "identifiers.imported": N_("Imported identifiers of the store"),
    "verification.drilled": N_("Compared the documents with the profile"),
    "account.change_logged": N_("Logged an account change"),
    "account.changes_imported": N_("Imported the account's change log"),
    # service-provider operations (issue 19)
    "organisation.price_list": N_("Changed the price list"),
    "engagement.accepted": N_("Accepted the quote"),
    "engagement.delivered": N_("Delivered the deliverables"),
    "letter.approved": N_("Approved the letter"),
    "letter.changes_requested": N_("Asked for changes to the letter"),
    "intake.link_created": N_("Made a private intake link"),
    "intake.received": N_("Received an intake request"),
    "intake.accepted": N_("Accepted an intake request"),
    "deliverable.review": N_("Issued a failure review"),
}


def record(
    session: Session,
    actor: Actor,
    clock: Clock,
    name: str,
    *,
    account_id: int | None = None,
    case_id: int | None = None,
    subject: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    event = Event(
        org_id=actor.org_id,
        account_id=account_id,
        case_id=case_id,
        actor_user_id=actor.user_id,
        actor=actor.label,
        via=actor.via,
        name=name,
        subject=_masked(subject),
        before=_masked(before),
        after=_masked(after),
        created_at=clock.now(),
    )
    session.add(event)
    session.flush()
    return event


def _masked(value: Any) -> Any:
    """``value`` with every real resident ID number in its texts masked (an 18-digit order
    number stays)."""
    if isinstance(value, str):
        return mask_ids_in_text(value, valid_only=True)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value]
    return value


def visible_events(
    session: Session,
    actor: Actor,
    *,
    account_id: int | None = None,
    case_id: int | None = None,
    name: str | None = None,
    limit: int = 200,
) -> list[Event]:
    """Newest first: the events the actor may see (:mod:`reinstate.tenancy`), who did them as
    they may see it (:func:`as_seen_by`)."""
    query = (
        select(Event, User.role)
        .outerjoin(User, User.id == Event.actor_user_id)
        .where(visible(actor, Event))
    )
    if account_id is not None:
        query = query.where(Event.account_id == account_id)
    if case_id is not None:
        query = query.where(Event.case_id == case_id)
    if name is not None:
        query = query.where(Event.name == name)
    rows = session.execute(query.order_by(Event.id.desc()).limit(limit))
    return [as_seen_by(actor, event, role) for event, role in rows]


# Who did it, for a client reading the log: other people by their role, never their email.
TEAM = N_("Your service provider's team")
ANOTHER_CLIENT = N_("Another client")
COMMAND_LINE = "command line"  # Actor.command_line's label, translated where it is shown


def as_seen_by(actor: Actor, event: Event, role: str | None) -> Event:
    """``event`` as ``actor`` may see it: a client sees their own name and the command line's,
    anyone else by role (an unsaved copy, so the stored event is never changed)."""
    if not restricted(actor) or event.actor_user_id == actor.user_id:
        return event
    if event.actor_user_id is None and event.actor == COMMAND_LINE:
        return event
    columns = {c.key: getattr(event, c.key) for c in Event.__table__.columns}
    return Event(**{**columns, "actor": ANOTHER_CLIENT if role == "client" else TEAM})


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
