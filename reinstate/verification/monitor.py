"""The trigger monitor through the service layer: an account's change log (entered one by one
or imported from CSV), the pack's triggers it sets off, and the accounts of an actor that may be
asked for video verification (for the account page and the home page).

CSV import: a header ``occurred_at,kind,detail`` (``detail`` optional); times ISO 8601 with an
offset; kinds as in :data:`triggers.KINDS`. A bad row refuses the whole file, naming its line.

Example::

    record_change(wb, actor, account_id, "password_reset", occurred_at)
    import_changes(wb, actor, account_id, csv_text)
    for risk in accounts_at_verification_risk(wb, actor): print(risk.store_name, risk.triggers)
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.service import get_account
from ..auth.actor import Actor
from ..errors import N_, InvalidInput
from ..events import record
from ..policies.schema import TriggerMonitor
from ..storage.tables import AccountChange, Organisation, SellerAccount, Verification
from ..tenancy import scope
from ..timezones import seller_zone
from ..validation import clean_time, keepable
from ..workbench import Workbench
from . import triggers
from .records import state_of
from .rules import is_closed

MAX_ROWS = 5000
MAX_DETAIL = 500


@dataclass(frozen=True)
class AccountRisk:
    account: SellerAccount
    triggers: list[triggers.Trigger]


def monitor_of(wb: Workbench, platform: str) -> TriggerMonitor | None:
    video = wb.policies.get_pack(platform).verification.video
    return video.monitor if video else None


def _name(text: str) -> str:
    """A kind or a column as written by hand or by a spreadsheet: ``Bank Change``,
    ``bank-change`` and ``ＢＡＮＫ_ＣＨＡＮＧＥ`` are ``bank_change``."""
    return re.sub(r"[\s\-]+", "_", unicodedata.normalize("NFKC", text).strip().casefold())


def _kind(kind: str, line: int | None = None) -> str:
    named = _name(kind)
    if named not in triggers.KINDS:
        where = {"line": line} if line else {}
        message = (
            N_("Line {line}: the kind of change “{value}” is not known: choose one of {choices}.")
            if line
            else N_("The kind of change “{value}” is not known: choose one of {choices}.")
        )
        raise InvalidInput(
            message, field="kind", value=kind[:40], choices=", ".join(triggers.KINDS), **where
        )
    return named


def _row(
    actor: Actor, account: SellerAccount, kind: str, at: datetime, detail: str, now: datetime
) -> AccountChange:
    return AccountChange(
        org_id=account.org_id,
        account_id=account.id,
        kind=kind,
        detail=detail.strip()[:MAX_DETAIL],
        occurred_at=at,
        recorded_by=actor.label,
        created_at=now,
    )


def _not_future(at: datetime, now: datetime, line: int | None = None) -> None:
    if at > now + timedelta(minutes=5):
        if line:
            raise InvalidInput(
                N_("Line {line}: {field} cannot be in the future."), field="at", line=line
            )
        raise InvalidInput(N_("{field} cannot be in the future."), field="at")


def record_change(
    wb: Workbench, actor: Actor, account_id: int, kind: str, at: datetime, detail: str = ""
) -> AccountChange:
    actor.require_change()
    account = get_account(wb, actor, account_id)
    now = wb.clock.now()
    at, kind = keepable(at, "occurred_at"), _kind(kind)
    _not_future(at, now)
    with wb.db.transaction() as session:
        row = _row(actor, account, kind, at, detail, now)
        session.add(row)
        record(
            session,
            actor,
            wb.clock,
            "account.change_logged",
            account_id=account.id,
            subject=account.store_name,
            after={"kind": kind, "occurred_at": at.isoformat(timespec="seconds")},
        )
        return row


def _parsed(text: str, now: datetime) -> list[tuple[str, datetime, str]]:
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    # a spreadsheet in a European or Chinese locale saves with semicolons or tabs
    delimiter = max(",;\t", key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if reader.fieldnames:
        reader.fieldnames = [_name(name or "") for name in reader.fieldnames]
    if not reader.fieldnames or not {"occurred_at", "kind"} <= set(reader.fieldnames):
        raise InvalidInput(
            N_("The file needs a header with the columns occurred_at, kind and detail."),
            field="file",
        )
    rows: list[tuple[str, datetime, str]] = []
    for line, item in enumerate(reader, start=2):
        if len(rows) >= MAX_ROWS:
            raise InvalidInput(N_("At most {n} rows in one file."), field="file", n=MAX_ROWS)
        kind = _kind((item.get("kind") or "").strip(), line)
        written = (item.get("occurred_at") or "").strip()
        try:
            at = clean_time(written, "occurred_at")
        except InvalidInput:
            raise InvalidInput(
                N_("Line {line}: “{value}” is not a time with its zone, like {example}."),
                field="file",
                line=line,
                value=written[:40],
                example="2026-11-18T08:00:00+08:00",
            ) from None
        _not_future(at, now, line)
        rows.append((kind, at, item.get("detail") or ""))
    if not rows:
        raise InvalidInput(N_("The file has no rows."), field="file")
    return rows


def import_changes(wb: Workbench, actor: Actor, account_id: int, text: str) -> int:
    """Add every row of a CSV change log, or none of them."""
    actor.require_change()
    account = get_account(wb, actor, account_id)
    now = wb.clock.now()
    rows = _parsed(text, now)
    with wb.db.transaction() as session:
        for kind, at, detail in rows:
            session.add(_row(actor, account, kind, at, detail, now))
        record(
            session,
            actor,
            wb.clock,
            "account.changes_imported",
            account_id=account.id,
            subject=account.store_name,
            after={"rows": len(rows)},
        )
    return len(rows)


def changes_of(session: Session, actor: Actor, account_id: int) -> list[AccountChange]:
    query = scope(select(AccountChange), actor, AccountChange)
    query = query.where(AccountChange.account_id == account_id)
    return list(session.scalars(query.order_by(AccountChange.occurred_at.desc())))


def _assessed(
    wb: Workbench,
    account: SellerAccount,
    changes: list[AccountChange],
    now: datetime,
    zone: tzinfo,
    cleared: datetime | None = None,
) -> list[triggers.Trigger]:
    """The triggers ``changes`` set off at ``now``, counting only the changes after ``cleared``
    (the call of the last verification the account passed: the platform saw and cleared the
    changes before it, which set off no trigger again); quarters in the seller's ``zone``."""
    monitor = monitor_of(wb, account.platform)
    if monitor is None:
        return []
    later = [(c.kind, c.occurred_at) for c in changes if cleared is None or c.occurred_at > cleared]
    return triggers.assess(later, monitor, now, zone)


def seller_zones(session: Session, org_ids: set[int]) -> dict[int, tzinfo]:
    """Each organisation's calendar zone (timezones.seller_zone: its own, else Asia/Shanghai)."""
    if not org_ids:
        return {}
    query = select(Organisation.id, Organisation.time_zone).where(Organisation.id.in_(org_ids))
    zones: dict[int, tzinfo] = {org: seller_zone(None) for org in org_ids}
    zones.update({org: seller_zone(zone) for org, zone in session.execute(query)})
    return zones


def cleared_at(session: Session, actor: Actor, account_ids: list[int]) -> dict[int, datetime]:
    """When each of ``account_ids`` last passed a video verification: its call's time (or, with
    none recorded, when it was recorded passed)."""
    if not account_ids:
        return {}
    query = scope(select(Verification), actor, Verification).where(
        Verification.account_id.in_(account_ids), Verification.state == "passed"
    )
    found: dict[int, datetime] = {}
    for row in session.scalars(query):
        at = row.completed_at or row.updated_at
        found[row.account_id] = max(at, found.get(row.account_id, at))
    return found


def in_verification(
    wb: Workbench, session: Session, actor: Actor, accounts: list[SellerAccount]
) -> set[int]:
    """The ids of ``accounts`` with a video verification that is not over (rules.is_closed):
    what the triggers warn of has come, so "may be asked for video verification" is not said of
    them."""
    platforms = {a.id: a.platform for a in accounts}
    if not platforms:
        return set()
    query = scope(select(Verification), actor, Verification).where(
        Verification.account_id.in_(list(platforms)), Verification.state != "passed"
    )
    found = set()
    for row in session.scalars(query):
        video = wb.policies.get_pack(platforms[row.account_id]).verification.video
        if video is not None and not is_closed(state_of(row), video):
            found.add(row.account_id)
    return found


def change_log(
    wb: Workbench, actor: Actor, account_id: int
) -> tuple[SellerAccount, list[AccountChange], list[triggers.Trigger]]:
    """The account's change log and the triggers it sets off (none while the account has a
    verification in progress; only by the changes since the last one it passed)."""
    account = get_account(wb, actor, account_id)
    with wb.db.reading() as session:
        changes = changes_of(session, actor, account.id)
        verifying = in_verification(wb, session, actor, [account])
        cleared = cleared_at(session, actor, [account.id]).get(account.id)
        zone = seller_zones(session, {account.org_id})[account.org_id]
    found = [] if verifying else _assessed(wb, account, changes, wb.clock.now(), zone, cleared)
    return account, changes, found


def accounts_at_verification_risk(wb: Workbench, actor: Actor) -> list[AccountRisk]:
    """The accounts ``actor`` may see whose change log sets off a video-verification trigger
    and that have no verification in progress."""
    with wb.db.reading() as session:
        return at_verification_risk(wb, session, actor, wb.clock.now())


def at_verification_risk(
    wb: Workbench, session: Session, actor: Actor, now: datetime
) -> list[AccountRisk]:
    """:func:`accounts_at_verification_risk` in a session the caller holds, at its ``now`` (the
    Today page reads every source in one session at one instant)."""
    accounts = list(
        session.scalars(
            scope(select(SellerAccount), actor, SellerAccount).where(
                SellerAccount.deleted_at.is_(None)
            )
        )
    )
    watched = [a for a in accounts if monitor_of(wb, a.platform) is not None]
    verifying = in_verification(wb, session, actor, watched)
    watched = [a for a in watched if a.id not in verifying]
    logs: dict[int, list[AccountChange]] = {a.id: [] for a in watched}
    if watched:
        query = scope(select(AccountChange), actor, AccountChange)
        for change in session.scalars(query.where(AccountChange.account_id.in_(list(logs)))):
            logs[change.account_id].append(change)
    cleared = cleared_at(session, actor, list(logs))
    zones = seller_zones(session, {a.org_id for a in watched})
    found = [
        AccountRisk(a, _assessed(wb, a, logs[a.id], now, zones[a.org_id], cleared.get(a.id)))
        for a in watched
    ]
    return [risk for risk in found if risk.triggers]
