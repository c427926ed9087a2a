"""Identifiers of seller accounts, the link graph over them, and who is at risk by association.

Everything is read through the one scoping rule: a provider's team sees links across all its
clients' stores; a client sees only the stores given to them, and so never another client's
store or identifiers, not even as a node of a group. Values are never kept: an identifier is a
keyed hash (HMAC of the instance secret) and a masked form (reinstate.association.identifiers).

Example::

    add_identifier(wb, actor, account_id, "bank_account", "6222 0212 3456 3021")
    for risk in accounts_at_risk(session, actor):
        print(risk.account_id, risk.path, risk.strength)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..cases.listing import OPEN_STATES
from ..errors import N_, InvalidInput, NotFound
from ..events import record
from ..storage.tables import AccountIdentifier, Case, Notice, SellerAccount
from ..tenancy import get_visible, scope, visible
from ..validation import clean_date
from ..workbench import Workbench
from .graph import Graph, Row, build, path_to
from .identifiers import KINDS, Identifier, identify, strengths

# The account's own fields, and the kind of identifier each one is.
PROFILE_FIELDS = {
    "company_name": "company_name",
    "registered_address": "address",
    "uscc": "uscc",
    "legal_representative": "legal_person_name",
    "legal_rep_id_number": "legal_person_id",
    "registered_email": "email",
    "phone": "phone",
}
TROUBLE_LABELS = {
    "open_case": N_("an open appeal case"),
    "closed_lost": N_("an appeal that was lost"),
    "suspension_notice": N_("a suspension notice"),
}


@dataclass(frozen=True)
class AtRisk:
    """A store linked to a store in trouble: the path to it and the weakest link's strength."""

    account_id: int
    name: str
    path: list[int]
    names: list[str]
    strength: str
    trouble: str  # why the store at the end of the path is in trouble (TROUBLE_LABELS)


@dataclass
class World:
    """What the actor sees: the stores, their identifiers, the graph, and who is in trouble."""

    accounts: dict[int, SellerAccount]
    rows: list[Row]
    graph: Graph
    trouble: dict[int, str]

    def name(self, account_id: int) -> str:
        return self.accounts[account_id].store_name


# 2026-1-5, 2026/01/05 (Excel's way in a Chinese locale), 2026.1.5, 2026年1月5日, and a login
# log's time after the day (2026-01-05 10:23:00, 2026-01-05T10:23:00Z): the day as written
_SIGHTING = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T][\d:.+\-Z ]*)?")


def _sighting(value: object, field: str) -> date:
    found = _SIGHTING.fullmatch(str(value).strip())
    if found:
        try:
            return date(*(int(part) for part in found.groups()))
        except ValueError:
            pass  # 2026-02-30: the sentence below
    return clean_date(value, field)


def _dates(first: object, last: object) -> tuple[date | None, date | None]:
    first_seen = _sighting(first, "first_seen") if first not in (None, "") else None
    last_seen = _sighting(last, "last_seen") if last not in (None, "") else None
    if first_seen and last_seen and last_seen < first_seen:
        raise InvalidInput(N_("The last sighting is before the first."), field="last_seen")
    return first_seen, last_seen


def _account(session: Session, actor: Actor, account_id: int) -> SellerAccount:
    account = get_visible(session, actor, SellerAccount, account_id)
    if account.deleted_at is not None:
        raise NotFound(N_("There is no seller account {id}."), id=account_id)
    return account


def add_identifier(
    wb: Workbench,
    actor: Actor,
    account_id: int,
    kind: str,
    value: str,
    first_seen: object = None,
    last_seen: object = None,
) -> AccountIdentifier:
    """Keep one identifier of a store (its hash and masked form); the same one again widens
    its dates instead of adding a row."""
    actor.require_change()
    found = identify(wb.settings.resolved_secret_key(), kind, value)
    first, last = _dates(first_seen, last_seen)
    with wb.db.transaction() as session:
        account = _account(session, actor, account_id)
        row = _store(session, account, found, first, last, "manual", wb.clock.now())
        record(
            session,
            actor,
            wb.clock,
            "identifier.added",
            account_id=account.id,
            subject=account.store_name,
            after={"kind": found.kind, "value": found.masked},
        )
        return row


def _store(
    session: Session,
    account: SellerAccount,
    found: Identifier,
    first: date | None,
    last: date | None,
    source: str,
    now: Any,
) -> AccountIdentifier:
    row = session.scalar(
        select(AccountIdentifier).where(
            AccountIdentifier.account_id == account.id,
            AccountIdentifier.kind == found.kind,
            AccountIdentifier.digest == found.digest,
            AccountIdentifier.source == source,
        )
    )
    if row is None:
        row = AccountIdentifier(
            org_id=account.org_id,
            account_id=account.id,
            kind=found.kind,
            digest=found.digest,
            network=found.network,
            masked=found.masked,
            source=source,
            first_seen=first,
            last_seen=last,
            created_at=now,
        )
        session.add(row)
    else:
        row.first_seen = min(d for d in (row.first_seen, first) if d) if first else row.first_seen
        row.last_seen = max(d for d in (row.last_seen, last) if d) if last else row.last_seen
    session.flush()
    return row


def remove_identifier(wb: Workbench, actor: Actor, identifier_id: int) -> int:
    """Forget one identifier entered or imported; the id of its store."""
    actor.require_change()
    with wb.db.transaction() as session:
        row = get_visible(session, actor, AccountIdentifier, identifier_id)
        if row.source == "profile":
            raise InvalidInput(
                N_("This identifier comes from the account's details: change them instead.")
            )
        account = _account(session, actor, row.account_id)
        session.delete(row)
        record(
            session,
            actor,
            wb.clock,
            "identifier.removed",
            account_id=account.id,
            subject=account.store_name,
            before={"kind": row.kind, "value": row.masked},
        )
        return account.id


def identifiers_of(wb: Workbench, actor: Actor, account_id: int) -> list[AccountIdentifier]:
    with wb.db.reading() as session:
        _account(session, actor, account_id)
        query = scope(select(AccountIdentifier), actor, AccountIdentifier).where(
            AccountIdentifier.account_id == account_id
        )
        order = (AccountIdentifier.kind, AccountIdentifier.masked, AccountIdentifier.id)
        return list(session.scalars(query.order_by(*order)))


def profile_identifiers(secret: str, values: Mapping[str, Any]) -> list[Identifier]:
    """The identifiers an account's own fields give (those that are not valid are left out:
    the account form checks them)."""
    found = []
    for name, kind in PROFILE_FIELDS.items():
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            try:
                found.append(identify(secret, kind, value))
            except InvalidInput:
                continue
    return found


def sync_profile(session: Session, secret: str, account: SellerAccount, now: Any) -> None:
    """Keep the ``profile`` identifiers in step with the account's fields (same transaction)."""
    session.execute(
        delete(AccountIdentifier).where(
            AccountIdentifier.account_id == account.id, AccountIdentifier.source == "profile"
        )
    )
    values = {name: getattr(account, name) for name in PROFILE_FIELDS}
    for found in {f.digest: f for f in profile_identifiers(secret, values)}.values():
        _store(session, account, found, None, None, "profile", now)


# -- the graph --------------------------------------------------------------------------------


def _rows(session: Session, actor: Actor, accounts: Iterable[int]) -> list[Row]:
    ids = list(accounts)
    query = scope(select(AccountIdentifier), actor, AccountIdentifier).where(
        AccountIdentifier.account_id.in_(ids)
    )
    return [
        Row(r.account_id, r.kind, r.digest, r.masked, r.network, r.first_seen, r.last_seen)
        for r in session.scalars(query)
    ]


def _trouble(session: Session, actor: Actor, accounts: list[int]) -> dict[int, str]:
    """The stores that are suspended or closed: an open case, a lost appeal, a suspension."""
    found: dict[int, str] = {}
    # only the columns looked at, not every row as an object (Today asks on every visit, of
    # thousands of cases)
    notices = select(Notice.account_id, Notice.report).where(
        visible(actor, Notice), Notice.account_id.in_(accounts), Notice.verdict == "genuine"
    )
    for account_id, report in session.execute(notices):
        kind = report.get("kind")
        if kind == "suspension" or (kind is None and report.get("violations")):
            found[account_id] = "suspension_notice"
    cases = select(Case.account_id, Case.state).where(
        visible(actor, Case), Case.account_id.in_(accounts)
    )
    for account_id, state in session.execute(cases.order_by(Case.id)):
        if state == "closed_lost":
            found[account_id] = "closed_lost"
        elif state in OPEN_STATES and account_id not in found:
            found[account_id] = "open_case"
    return found


def _profile_rows(secret: str, accounts: Iterable[SellerAccount], rows: list[Row]) -> list[Row]:
    """The account details hashed with the current secret, where no stored row has them: the
    stores made before identifiers were kept, or kept under a secret since changed."""
    held = {(r.account_id, r.kind, r.digest) for r in rows}
    found = []
    for account in accounts:
        values = {name: getattr(account, name) for name in PROFILE_FIELDS}
        for f in profile_identifiers(secret, values):
            if (account.id, f.kind, f.digest) not in held:
                found.append(Row(account.id, f.kind, f.digest, f.masked, f.network))
    return found


def load(session: Session, actor: Actor, *, secret: str | None = None) -> World:
    """The actor's stores, their links and the stores in trouble, in one session. With the
    instance ``secret``, the accounts' details are compared as they are now, whatever was
    stored."""
    query = scope(select(SellerAccount), actor, SellerAccount).where(
        SellerAccount.deleted_at.is_(None)
    )
    accounts = {a.id: a for a in session.scalars(query.order_by(SellerAccount.id))}
    rows = _rows(session, actor, accounts)
    if secret is not None:
        rows += _profile_rows(secret, accounts.values(), rows)
    graph = build(rows, strengths())
    return World(accounts, rows, graph, _trouble(session, actor, list(accounts)))


def risk_of(world: World, account_id: int) -> AtRisk | None:
    """How the store is linked to one in trouble (itself excluded), or None."""
    if account_id not in world.accounts:
        return None
    targets = set(world.trouble) - {account_id}
    found = path_to(world.graph, account_id, targets)
    if found is None:
        return None
    path, strength = found
    names = [world.name(i) for i in path]
    return AtRisk(account_id, names[0], path, names, strength, world.trouble[path[-1]])


def accounts_at_risk(session: Session, actor: Actor, *, secret: str | None = None) -> list[AtRisk]:
    """Every store the actor sees that is linked to a suspended or closed store: its id and
    name, the path to that store and its strength, the strongest first.

    The Today page calls this; a client's answer is built from their own stores only.
    """
    world = load(session, actor, secret=secret)
    found = [r for i in world.accounts if (r := risk_of(world, i)) is not None]
    order = {"strong": 0, "medium": 1, "weak": 2}
    return sorted(found, key=lambda r: (order[r.strength], len(r.path), r.name, r.account_id))


def load_world(wb: Workbench, actor: Actor) -> World:
    with wb.db.reading() as session:
        return load(session, actor, secret=wb.settings.resolved_secret_key())


@dataclass(frozen=True)
class Match:
    """An identifier a store about to be created shares with one that exists."""

    account_id: int
    name: str
    kind: str
    masked: str


def matches_for_new(wb: Workbench, actor: Actor, values: Mapping[str, Any]) -> list[Match]:
    """What a store with these details would share with the organisation's stores (asked
    before saving; only the stores the actor sees are compared)."""
    found = profile_identifiers(wb.settings.resolved_secret_key(), values)
    if not found:
        return []
    digests = {f.digest: f for f in found}
    with wb.db.reading() as session:
        query = (
            scope(select(AccountIdentifier), actor, AccountIdentifier)
            .join(SellerAccount, SellerAccount.id == AccountIdentifier.account_id)
            .where(AccountIdentifier.digest.in_(digests), SellerAccount.deleted_at.is_(None))
            .add_columns(SellerAccount.store_name)
        )
        seen: dict[tuple[int, str], Match] = {}
        for row, name in session.execute(query):
            match = Match(row.account_id, name, row.kind, digests[row.digest].masked)
            seen.setdefault((row.account_id, row.digest), match)
    return sorted(seen.values(), key=lambda m: (m.account_id, KINDS.index(m.kind)))
