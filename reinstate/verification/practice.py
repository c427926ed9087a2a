"""The data drill of a verification, through the service layer: read the account's stored licence
and ID documents (any of its cases), compare them with the profile, keep a fix-the-profile task
(due in 24 h) for each mismatch until a later run finds it fixed, and list the payment-account
changes of the last 3 months the reviewer asks about.

Example::

    tasks = run_drill(wb, actor, verification_id)   # records the tasks
    shown = drill_view(wb, actor, verification_id)  # findings, tasks, digits to read aloud
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..errors import NotFound
from ..events import record
from ..evidence.document import Document as Examined
from ..notices.service import blobs
from ..storage.tables import (
    AccountChange,
    Case,
    Document,
    SellerAccount,
    Verification,
    VerificationTask,
)
from ..tenancy import scope
from ..workbench import Workbench
from . import drill, service

FIX_WITHIN = timedelta(hours=24)  # seed 004: "应在24小时内…提交变更申请"
PAYMENT_KINDS = ("bank_change", "payment_change")
PAYMENT_WINDOW = timedelta(days=90)  # "近3个月收款账户变更记录"


def _profile(account: SellerAccount) -> dict[str, str]:
    names = ("company_name", "uscc", "registered_address", "legal_representative")
    return {name: getattr(account, name) or "" for name in (*names, "legal_rep_id_number")}


def account_findings(
    wb: Workbench, actor: Actor, session: Session, account: SellerAccount
) -> list[drill.Finding]:
    """Every licence and ID document shown on the account's cases, against its profile."""
    query = scope(select(Document), actor, Document).join(Case, Case.id == Document.case_id)
    query = query.where(Case.account_id == account.id, Document.deleted_at.is_(None))
    store = blobs(wb)
    found: list[drill.Finding] = []
    for document in session.scalars(query.order_by(Document.id)):
        materials = [m for m in document.materials if m in drill.MATERIALS]
        if not materials or document.kind != "pdf":
            continue
        try:
            data = store.get(document.sha256)
        except NotFound:  # 'storage check' reports a lost file; the other documents still count
            continue
        text = Examined(document.filename, data).text
        found += drill.findings(_profile(account), document.filename, text, materials)
    return found


def _tasks(session: Session, actor: Actor, verification_id: int) -> list[VerificationTask]:
    query = scope(select(VerificationTask), actor, VerificationTask)
    query = query.where(VerificationTask.verification_id == verification_id)
    return list(session.scalars(query.order_by(VerificationTask.id)))


def run_drill(wb: Workbench, actor: Actor, verification_id: int) -> list[VerificationTask]:
    """Compare now; open a task for each new mismatch, close those now fixed."""
    actor.require_change()
    row = service.get_verification(wb, actor, verification_id)
    now = wb.clock.now()
    with wb.db.transaction() as session:
        account = session.get(SellerAccount, row.account_id)
        assert account is not None
        found = account_findings(wb, actor, session, account)
        wrong = {(f.field, f.source): f for f in found if not f.equal}
        tasks = {(t.field, t.source): t for t in _tasks(session, actor, row.id)}
        opened, closed = [], []
        for key, finding in wrong.items():
            task = tasks.get(key)
            if task is None:
                task = _task(row, finding, now)
                session.add(task)
                tasks[key] = task
            elif task.done_at is not None:  # wrong again
                task.done_at, task.created_at, task.due_at = None, now, now + FIX_WITHIN
            else:
                continue
            task.found = finding.found
            opened.append(finding.field)
        for key, task in tasks.items():
            if key not in wrong and task.done_at is None:
                task.done_at = now
                closed.append(task.field)
        record(
            session,
            actor,
            wb.clock,
            "verification.drilled",
            account_id=row.account_id,
            subject=f"V{row.id}",
            after={"compared": len(found), "opened": opened, "fixed": closed},
        )
        session.flush()
        return _tasks(session, actor, row.id)


def _task(row: Verification, finding: drill.Finding, now: datetime) -> VerificationTask:
    return VerificationTask(
        org_id=row.org_id,
        account_id=row.account_id,
        verification_id=row.id,
        field=finding.field,
        source=finding.source[:200],
        found=finding.found[:500],
        created_at=now,
        due_at=now + FIX_WITHIN,
    )


def payment_changes(
    session: Session, actor: Actor, account_id: int, now: datetime
) -> list[AccountChange]:
    query = scope(select(AccountChange), actor, AccountChange).where(
        AccountChange.account_id == account_id,
        AccountChange.kind.in_(PAYMENT_KINDS),
        AccountChange.occurred_at >= now - PAYMENT_WINDOW,
    )
    return list(session.scalars(query.order_by(AccountChange.occurred_at)))


def drill_parts(
    wb: Workbench, actor: Actor, row: Verification
) -> tuple[list[drill.Finding], list[VerificationTask], list[AccountChange]]:
    """The findings, the tasks and the recent payment changes of one verification, read at once."""
    now = wb.clock.now()
    with wb.db.reading() as session:
        account = session.get(SellerAccount, row.account_id)
        assert account is not None
        found = account_findings(wb, actor, session, account)
        return (
            found,
            _tasks(session, actor, row.id),
            payment_changes(session, actor, account.id, now),
        )
