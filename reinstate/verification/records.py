"""A verification as stored, read without changing it: its tracked state, its checklist and the
platform's video verification numbers (what the service, its reminders and the trigger monitor
each read)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..errors import N_, InvalidInput
from ..policies.schema import VideoVerification
from ..storage.tables import Verification, VerificationCheck
from ..tenancy import scope
from ..workbench import Workbench
from . import rules

TRACKED = (
    "state",
    "book_from",
    "book_until",
    "slot_at",
    "completed_at",
    "result_due_at",
    "no_shows",
    "drops",
    "failures",
)


def video_rules(wb: Workbench, platform: str) -> VideoVerification:
    """The platform's video verification numbers, or one sentence saying it has none."""
    pack = wb.policies.get_pack(platform)
    video = pack.verification.video
    if video is None:
        raise InvalidInput(
            N_("{platform} has no video verification."), field="platform", platform=pack.names.en
        )
    return video


def state_of(row: Verification) -> rules.VerificationState:
    return rules.VerificationState(**{name: getattr(row, name) for name in TRACKED})


def checks_of(session: Session, actor: Actor, verification_id: int) -> list[VerificationCheck]:
    query = scope(select(VerificationCheck), actor, VerificationCheck)
    query = query.where(VerificationCheck.verification_id == verification_id)
    return list(session.scalars(query.order_by(VerificationCheck.id)))
