"""Video verifications through the service layer: open one from an invitation (or by hand), move
it through the state table, tick its readiness checklist; all inside the actor's organisation
and recorded as events.

Example::

    verification = open_verification(wb, actor, account_id, notice_id=notice.id)
    verification = apply_event(wb, actor, verification.id, "booked", slot=slot)
    set_check(wb, actor, verification.id, "device_test", done=True)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from ..accounts.service import get_account
from ..auth.actor import Actor
from ..errors import N_, Conflict, InvalidInput, Label
from ..events import record
from ..labels import VERIFICATION_STATE_LABELS
from ..notices.service import notice_of_account
from ..policies.schema import VideoVerification
from ..storage.tables import Notice, SellerAccount, Verification, VerificationCheck
from ..tenancy import get_visible, scope
from ..validation import keepable
from ..workbench import Workbench
from . import invitation, reminders, rules
from .records import TRACKED, checks_of, state_of, video_rules

__all__ = ["checks_of", "state_of", "video_rules"]  # where other modules took them from


def _snapshot(row: Verification) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in TRACKED}
    return {
        k: v.isoformat(timespec="seconds") if isinstance(v, datetime) else v
        for k, v in values.items()
        if v is not None
    }


def get_verification(wb: Workbench, actor: Actor, verification_id: int) -> Verification:
    with wb.db.reading() as session:
        return get_visible(session, actor, Verification, verification_id)


def list_verifications(wb: Workbench, actor: Actor, account_id: int) -> list[Verification]:
    account = get_account(wb, actor, account_id)
    query = scope(select(Verification), actor, Verification)
    with wb.db.reading() as session:
        rows = session.scalars(
            query.where(Verification.account_id == account.id).order_by(Verification.id.desc())
        )
        return list(rows)


class VerificationInProgress(Conflict):
    """The account already has a verification that is not over; ``open_id`` is that one."""

    code = "verification_in_progress"

    def __init__(self, open_id: int, state: str) -> None:
        super().__init__(
            N_(
                "Video verification V{id} of this account is still in progress ({state}): "
                "continue it at /verifications/{id} rather than open another."
            ),
            field="account_id",
            id=open_id,
            state=Label(VERIFICATION_STATE_LABELS.get(state, state)),
        )
        self.open_id = open_id


def in_progress(
    session: Session, actor: Actor, account_id: int, video: VideoVerification
) -> Verification | None:
    """The account's verification that is not over, if it has one: over means passed, or the
    entrance closed by no-shows (rules.is_closed). A failure, an ended session or a no-show
    before the last is rebooked in the same verification (seed 004: "再次预约入口"), so it is
    still in progress."""
    query = scope(select(Verification), actor, Verification).where(
        Verification.account_id == account_id, Verification.state != "passed"
    )
    for row in session.scalars(query.order_by(Verification.id)):
        if not rules.is_closed(state_of(row), video):
            return row
    return None


def verification_in_progress(
    wb: Workbench, actor: Actor, account_id: int, video: VideoVerification
) -> int | None:
    """The id of the account's verification that is not over, among those ``actor`` sees (for
    the pages that would otherwise offer to open another)."""
    with wb.db.reading() as session:
        found = in_progress(session, actor, account_id, video)
        return found.id if found is not None else None


def _invited_at(
    wb: Workbench,
    notice: Notice | None,
    given: datetime | None,
    video: VideoVerification,
    suffixes: list[str],
) -> datetime:
    if notice is not None:
        invitation.check(notice, video, suffixes)
        return invitation.invited_at(notice)
    if given is None:
        raise InvalidInput(
            N_("Give the invitation: a stored notice, or the time it arrived."),
            field="invited_at",
        )
    if keepable(given, "invited_at") > wb.clock.now() + timedelta(minutes=5):
        raise InvalidInput(N_("{field} cannot be in the future."), field="invited_at")
    return given


def open_verification(
    wb: Workbench,
    actor: Actor,
    account_id: int,
    *,
    notice_id: int | None = None,
    invited_at: datetime | None = None,
) -> Verification:
    """A new verification: from a stored invitation notice (refused unless genuine), or by hand
    from the time the invitation arrived. Its checklist starts with every item undone.

    Refused (:class:`VerificationInProgress`) while the account has one that is not over: the
    account's row is written first, so two opens at the same moment wait for each other and
    the second finds the first (as ``open_case(..., reuse_open=True)`` does on the notice)."""
    actor.require_change()
    account = get_account(wb, actor, account_id)
    video = video_rules(wb, account.platform)
    now = wb.clock.now()
    with wb.db.transaction() as session:
        session.execute(
            update(SellerAccount)
            .where(SellerAccount.id == account.id)
            .values(id=SellerAccount.id)
            .execution_options(synchronize_session=False)
        )
        notice = notice_of_account(session, actor, account.id, notice_id) if notice_id else None
        suffixes = wb.policies.get_pack(account.platform).host_suffixes
        invited = _invited_at(wb, notice, invited_at, video, suffixes).astimezone(UTC)
        # after the invitation's own check: a look-alike is called phishing whatever else is open
        if (current := in_progress(session, actor, account.id, video)) is not None:
            raise VerificationInProgress(current.id, current.state)
        start = rules.opened(invited, video)
        row = Verification(
            org_id=actor.org_id,
            account_id=account.id,
            notice_id=notice.id if notice else None,
            platform=account.platform,
            invited_at=invited,
            created_at=now,
            updated_at=now,
            **{name: getattr(start, name) for name in TRACKED},
        )
        session.add(row)
        session.flush()
        _add_checklist(session, row, video)
        reminders.schedule(session, row, video, now)
        record(
            session,
            actor,
            wb.clock,
            "verification.opened",
            account_id=account.id,
            subject=f"V{row.id} {account.store_name}",
            after={"notice_id": row.notice_id, **_snapshot(row)},
        )
        return row


def _add_checklist(session: Session, row: Verification, video: VideoVerification) -> None:
    """Every readiness item of the pack, undone."""
    for item, _text in rules.checklist_items(video):
        session.add(
            VerificationCheck(
                org_id=row.org_id,
                account_id=row.account_id,
                verification_id=row.id,
                item=item,
                done=False,
                done_by="",
            )
        )


def _event_name(event: str) -> str:
    if event not in rules.EVENTS:
        raise InvalidInput(
            N_("{field} “{value}” is not known: choose one of {choices}."),
            field="event",
            value=event,
            choices=", ".join(rules.EVENTS),
        )
    return event


def apply_event(
    wb: Workbench,
    actor: Actor,
    verification_id: int,
    event: str,
    *,
    at: datetime | None = None,
    slot: datetime | None = None,
) -> Verification:
    """Record what happened; a refusal (Conflict) says why, or that someone else moved the
    verification first (compare-and-set on its version, as case events)."""
    actor.require_change()
    _event_name(event)
    now = wb.clock.now()
    when = keepable(at or now, "at").astimezone(UTC)
    slot = keepable(slot, "slot").astimezone(UTC) if slot else None
    if when > now + timedelta(minutes=5):
        raise InvalidInput(N_("{field} cannot be in the future."), field="at")
    video = video_rules(wb, get_verification(wb, actor, verification_id).platform)
    with wb.db.transaction() as session:
        stored = session.get(Verification, verification_id)
        assert stored is not None
        after = rules.apply(state_of(stored), event, when, video, slot=slot)
        before = _snapshot(stored)
        _move(session, stored, after, now)
        reminders.schedule(session, stored, video, now)
        record(
            session,
            actor,
            wb.clock,
            f"verification.{event}",
            account_id=stored.account_id,
            subject=f"V{stored.id}",
            before=before,
            after=_snapshot(stored),
        )
        return stored


def _move(
    session: Session, row: Verification, after: rules.VerificationState, now: datetime
) -> None:
    """Write ``after`` only if ``row`` is still the version it was computed from."""
    values = {name: getattr(after, name) for name in TRACKED}
    moved: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Verification)
        .where(Verification.id == row.id, Verification.version == row.version)
        .values(**values, updated_at=now, version=Verification.version + 1)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        state = session.scalar(select(Verification.state).where(Verification.id == row.id))
        raise Conflict(
            N_("Someone else changed verification V{id} a moment ago: it is now {state}."),
            field="event",
            id=row.id,
            state=state,
        )
    session.refresh(row)


def set_check(
    wb: Workbench, actor: Actor, verification_id: int, item: str, *, done: bool
) -> VerificationCheck:
    """Tick (or untick) one readiness item, naming who and when."""
    actor.require_change()
    row = get_verification(wb, actor, verification_id)
    now = wb.clock.now()
    with wb.db.transaction() as session:
        check = session.scalar(
            scope(select(VerificationCheck), actor, VerificationCheck).where(
                VerificationCheck.verification_id == row.id, VerificationCheck.item == item
            )
        )
        if check is None:
            raise InvalidInput(
                N_("{field} “{value}” is not known: choose one of {choices}."),
                field="item",
                value=item,
                choices=", ".join(c.item for c in checks_of(session, actor, row.id)),
            )
        if check.done != done:
            check.done, check.done_at = done, now
            check.done_by_user_id, check.done_by = actor.user_id, actor.label
            record(
                session,
                actor,
                wb.clock,
                "verification.checked" if done else "verification.unchecked",
                account_id=row.account_id,
                subject=f"V{row.id} {item}",
                after={"item": item, "done": done},
            )
        return check
