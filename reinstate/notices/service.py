"""Stored notices: each belongs to a seller account, its original kept byte-for-byte.

The blob is written (and fsynced) before the row that points to it is committed, so a stored
notice always has its file; a notice that cannot be read stores nothing.

Example::

    notice = store_notice(wb, actor, account_id, raw_bytes, "suspension.eml")
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..accounts.service import get_account
from ..auth.actor import Actor
from ..errors import N_, Conflict, InvalidInput
from ..events import record
from ..ids import mask_ids_in_text
from ..storage.blobs import BlobStore
from ..storage.tables import Notice
from ..tenancy import get_visible, visible
from ..workbench import Workbench
from .check import NoticeReport, check_notice, report_document
from .kinds import ACTIONABLE_VERDICTS


def blobs(wb: Workbench) -> BlobStore:
    return BlobStore(wb.settings.data_dir / "blobs")


def safe_filename(name: str | None, default: str = "notice.txt") -> str:
    """A name safe to store and to offer for download: no folders, no control characters, and
    a resident ID number in it masked (scans are named 李明_身份证_<number>.jpg), as every page,
    the API and the activity log show the name."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "_", base).strip(" .")
    return mask_ids_in_text(base[:200], valid_only=True) or default


def store_notice(
    wb: Workbench, actor: Actor, account_id: int, data: bytes, filename: str | None
) -> Notice:
    actor.require_change()
    account = get_account(wb, actor, account_id)
    name = safe_filename(filename)
    now = wb.clock.now()
    report = check_notice(data, name, wb.policies, today=now.date(), now=now)
    document = report_document(report)
    digest = blobs(wb).put(data)
    try:
        return _store(wb, actor, account.id, digest, data, name, report, document)
    except IntegrityError:  # a simultaneous upload of the same file was stored first
        with wb.db.reading() as session:
            first = _first_of_file(session, account.id, digest)
        if first is None:
            raise
        raise DuplicateNotice(first) from None


def _store(
    wb: Workbench,
    actor: Actor,
    account_id: int,
    digest: str,
    data: bytes,
    name: str,
    report: NoticeReport,
    document: dict[str, Any],
) -> Notice:
    with wb.db.transaction() as session:
        _refuse_duplicate(session, account_id, digest)
        notice = Notice(
            org_id=actor.org_id,
            account_id=account_id,
            sha256=digest,
            unique_sha256=digest,  # the database refuses a second one (revision 0020)
            filename=name,
            size=len(data),
            verdict=report.judgement.verdict,
            platform=report.judgement.platform,
            subject=_subject(report)[:500],
            sender=_sender(report)[:254],
            reference_id=(report.facts.reference_id or None),
            deadline=report.facts.deadline,
            report=document,
            created_at=wb.clock.now(),
        )
        session.add(notice)
        session.flush()
        record(
            session,
            actor,
            wb.clock,
            "notice.stored",
            account_id=account_id,
            subject=notice.subject or name,
            after={
                "verdict": notice.verdict,
                "platform": notice.platform,
                "file": name,
                "sha256": digest,
            },
        )
        return notice


class DuplicateNotice(Conflict):
    """The same file is already stored on this account; ``first_id`` is the stored one."""

    code = "duplicate_notice"

    def __init__(self, first_id: int) -> None:
        super().__init__(
            N_("This file is already stored on this account as notice {id} (/notices/{id})."),
            field="file",
            id=first_id,
        )
        self.first_id = first_id


def _subject(report: NoticeReport) -> str:
    """A forward is listed under the original's subject and sender: its notice is the original."""
    if report.original is not None and report.original.subject:
        return report.original.subject
    return report.notice.subject or report.notice.quoted_subject


def _sender(report: NoticeReport) -> str:
    if report.original is not None and report.original.from_address:
        return report.original.from_address
    return report.notice.from_address


def _first_of_file(session: Session, account_id: int, digest: str) -> int | None:
    return session.scalar(
        select(Notice.id)
        .where(Notice.account_id == account_id, Notice.sha256 == digest)
        .order_by(Notice.id)
        .limit(1)
    )


def _refuse_duplicate(session: Session, account_id: int, digest: str) -> None:
    """One notice per file per account: the same .eml uploaded twice is the same notice (the
    unique index on ``unique_sha256`` holds it when two uploads race past this read)."""
    first = _first_of_file(session, account_id, digest)
    if first is not None:
        raise DuplicateNotice(first)


def _visible(actor: Actor) -> Select[Notice]:
    return select(Notice).where(visible(actor, Notice))


def notice_of_account(session: Session, actor: Actor, account_id: int, notice_id: int) -> Notice:
    """A notice the actor sees, stored on ``account_id``: what a case or a verification opens
    from. A notice the actor does not see answers as if it did not exist; one they see, of
    another of their accounts, is named as such (it exists: "there is none" sent them looking)."""
    notice = get_visible(session, actor, Notice, notice_id)
    if notice.account_id != account_id:
        raise InvalidInput(
            N_("Notice {id} is of another seller account, not of seller account {account}."),
            field="notice_id",
            id=notice_id,
            account=account_id,
        )
    return notice


def _moment(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def notice_deadline(notice: Notice) -> datetime | None:
    """The notice's deadline to the minute, in UTC; None when nobody should act on it.

    Raises Conflict for a notice judged phishing or suspicious: it offers no case."""
    if notice.verdict not in ACTIONABLE_VERDICTS:
        raise Conflict(
            N_("Notice {id} looks like phishing or is suspicious: do not act on it."),
            field="notice_id",
            id=notice.id,
        )
    moment = _moment((notice.report or {}).get("deadline_at"))
    return moment.astimezone(UTC) if moment else None


def deadline_assumed(notice: Notice | None, due_at: datetime | None) -> bool:
    """``due_at`` is the notice's deadline assumed from the platform's usual window (the notice
    states none), not one the notice states or a member set."""
    if notice is None or due_at is None:
        return False
    report = notice.report or {}
    moment = _moment(report.get("deadline_at"))
    return report.get("deadline_source") == "platform_default" and moment == due_at


def notice_sent_at(notice: Notice) -> datetime:
    """When the platform sent the notice: its ``Date`` header, else when it was stored."""
    moment = _moment((notice.report or {}).get("date"))
    return moment.astimezone(UTC) if moment else notice.created_at


def get_notice(wb: Workbench, actor: Actor, notice_id: int) -> Notice:
    with wb.db.reading() as session:
        return get_visible(session, actor, Notice, notice_id)


def list_notices(wb: Workbench, actor: Actor, *, account_id: int | None = None) -> list[Notice]:
    query = _visible(actor)
    if account_id is not None:
        query = query.where(Notice.account_id == account_id)
    with wb.db.reading() as session:
        return list(session.scalars(query.order_by(Notice.id.desc()).limit(500)))


def original(wb: Workbench, actor: Actor, notice_id: int) -> tuple[Notice, bytes]:
    notice = get_notice(wb, actor, notice_id)
    return notice, blobs(wb).get(notice.sha256)
