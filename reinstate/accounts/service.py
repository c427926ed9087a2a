"""Create, read, change and delete seller accounts, within the actor's organisation only.

Every change writes an event in the same transaction. The legal representative's ID number is
stored in full (evidence checks compare against it) but leaves this module masked: in views, in
the activity log and in API answers.

Example::

    account = create_account(wb, actor, {"platform": "joom", "store_name": "Blue Ocean Home"})
    update_account(wb, actor, account.id, {"seller_id": "5f1a9c"})
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..errors import N_, InvalidInput, NotFound
from ..events import changed, record
from ..ids import check_cn_id, check_uscc, looks_like_cn_id, mask_id_number, normalise_id
from ..paging import PAGE_SIZE, Page, Paged, fetch_rows, paged
from ..platforms import platform_codes
from ..policies.loader import platform_code
from ..storage.tables import AccountClient, SellerAccount, User
from ..tenancy import visible
from ..validation import clean_choice, clean_email, clean_text
from ..workbench import Workbench

# field -> maximum length; the order is the order forms and views show them in.
TEXT_FIELDS: dict[str, int] = {
    "marketplace": 60,
    "store_name": 200,
    "seller_id": 100,
    "company_name": 200,
    "registered_address": 500,
    "uscc": 18,
    "legal_representative": 100,
    "legal_rep_id_number": 30,
    "registered_email": 254,
    "phone": 40,
}
FIELDS: tuple[str, ...] = ("platform", *TEXT_FIELDS)
MASKED_FIELDS = frozenset({"legal_rep_id_number"})
_PHONE = re.compile(r"^\+?[0-9 ()\-]{5,40}$")
_OTHER_ID = re.compile(r"^[0-9A-Z]{5,30}$")


def clean_fields(values: Mapping[str, Any], *, partial: bool) -> dict[str, str]:
    """Validated, normalised field values; refuses unknown fields and bad values."""
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise InvalidInput(N_("Unknown field: {name}."), field=unknown[0], name=unknown[0])
    cleaned: dict[str, str] = {}
    if "platform" in values or not partial:
        cleaned["platform"] = clean_choice(
            platform_code(values.get("platform")), "platform", platform_codes()
        )
    for name, limit in TEXT_FIELDS.items():
        if name in values or not partial:
            required = name == "store_name"
            cleaned[name] = clean_text(values.get(name), name, max_length=limit, required=required)
    return _check_formats(cleaned)


def _check_formats(fields: dict[str, str]) -> dict[str, str]:
    if fields.get("uscc"):
        fields["uscc"] = normalise_id(fields["uscc"])
        result = check_uscc(fields["uscc"])
        if not result.valid and result.reason:
            raise InvalidInput(result.reason, field="uscc")
    if fields.get("legal_rep_id_number"):
        fields["legal_rep_id_number"] = number = normalise_id(fields["legal_rep_id_number"])
        if looks_like_cn_id(number):
            result = check_cn_id(number, today=datetime.now(UTC).date())  # none born later
            if not result.valid and result.reason:
                raise InvalidInput(result.reason, field="legal_rep_id_number")
        elif not _OTHER_ID.match(number):
            raise InvalidInput(
                N_("An ID number has 5 to 30 letters and digits."), field="legal_rep_id_number"
            )
    if fields.get("registered_email"):
        fields["registered_email"] = clean_email(fields["registered_email"], "registered_email")
    if fields.get("phone") and not _PHONE.match(fields["phone"]):
        raise InvalidInput(
            N_("A phone number has digits, spaces, brackets, hyphens and an optional +."),
            field="phone",
        )
    return fields


def view(account: SellerAccount) -> dict[str, Any]:
    """What may be shown of an account anywhere: the ID number masked."""
    shown: dict[str, Any] = {"id": account.id, "org_id": account.org_id}
    for name in FIELDS:
        shown[name] = getattr(account, name)
    shown["legal_rep_id_number"] = mask_id_number(account.legal_rep_id_number) or ""
    shown["created_at"] = account.created_at.isoformat()
    shown["updated_at"] = account.updated_at.isoformat()
    return shown


def _masked(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (mask_id_number(v) if k in MASKED_FIELDS and v else v) for k, v in fields.items()}


def _visible(actor: Actor) -> Select[SellerAccount]:
    return select(SellerAccount).where(
        visible(actor, SellerAccount), SellerAccount.deleted_at.is_(None)
    )


def _get(session: Session, actor: Actor, account_id: int) -> SellerAccount:
    account = session.scalar(_visible(actor).where(SellerAccount.id == account_id))
    if account is None:
        raise NotFound(N_("There is no seller account {id}."), id=account_id)
    return account


ORDER = (SellerAccount.platform, SellerAccount.store_name, SellerAccount.id)


def list_accounts(
    wb: Workbench, actor: Actor, *, platform: str | None = None
) -> list[SellerAccount]:
    query = _visible(actor)
    if platform:
        query = query.where(SellerAccount.platform == platform)
    with wb.db.reading() as session:
        return list(session.scalars(query.order_by(*ORDER)))


def account_names(wb: Workbench, actor: Actor) -> list[Row[Any]]:
    """As ``list_accounts``, only each one's ``id``, ``store_name``, ``platform`` and
    ``seller_id``, as plain rows: for pages that name every store (a list of hundreds of whole
    accounts, built twice, was most of the metrics page's CPU time, issue 21)."""
    query = _visible(actor).with_only_columns(
        SellerAccount.id, SellerAccount.store_name, SellerAccount.platform, SellerAccount.seller_id
    )
    with wb.db.reading() as session:
        return list(session.execute(query.order_by(*ORDER)))


# What the list shows of an account: never the ID number, so there is nothing to mask.
LIST_COLUMNS = (
    SellerAccount.id,
    SellerAccount.store_name,
    SellerAccount.platform,
    SellerAccount.marketplace,
    SellerAccount.seller_id,
    SellerAccount.company_name,
)


def account_page(
    wb: Workbench, actor: Actor, *, platform: str | None = None, page: int = 1
) -> Page[Row[Any]]:
    """One page of the list, in the same order, cut in the database (issue 21): rows of
    LIST_COLUMNS, read with their count in one query."""
    with wb.db.reading() as session:
        return fetch_rows(session, _list_statements(actor, platform), page, PAGE_SIZE)


# Built once per reader and platform, by the scoping rule for that actor (issue 21: building
# and keying a statement per request cost more CPU than running it).
@lru_cache(maxsize=512)
def _list_statements(actor: Actor, platform: str | None) -> Paged:
    query = _visible(actor).with_only_columns(*LIST_COLUMNS)
    if platform:
        query = query.where(SellerAccount.platform == platform)
    return paged(query, ORDER)


def get_account(wb: Workbench, actor: Actor, account_id: int) -> SellerAccount:
    with wb.db.reading() as session:
        return _get(session, actor, account_id)


def create_account(wb: Workbench, actor: Actor, values: Mapping[str, Any]) -> SellerAccount:
    actor.require_change()
    fields = clean_fields(values, partial=False)
    now = wb.clock.now()
    with wb.db.transaction() as session:
        account = SellerAccount(org_id=actor.org_id, created_at=now, updated_at=now, **fields)
        session.add(account)
        session.flush()
        _sync_identifiers(wb, session, account)
        record(
            session,
            actor,
            wb.clock,
            "account.created",
            account_id=account.id,
            subject=account.store_name,
            after=_masked({name: value for name, value in fields.items() if value}),
        )
        return account


def _sync_identifiers(wb: Workbench, session: Session, account: SellerAccount) -> None:
    """The account's details are identifiers a platform links stores by (issue 18)."""
    from ..association.service import sync_profile

    sync_profile(session, wb.settings.resolved_secret_key(), account, wb.clock.now())


def update_account(
    wb: Workbench, actor: Actor, account_id: int, values: Mapping[str, Any]
) -> SellerAccount:
    actor.require_change()
    fields = clean_fields(values, partial=True)
    with wb.db.transaction() as session:
        account = _get(session, actor, account_id)
        current = {name: getattr(account, name) for name in fields}
        before, after = changed(current, fields)
        if not after:
            return account
        for name, value in after.items():
            setattr(account, name, value)
        account.updated_at = wb.clock.now()
        _sync_identifiers(wb, session, account)
        record(
            session,
            actor,
            wb.clock,
            "account.updated",
            account_id=account.id,
            subject=account.store_name,
            before=_masked(before),
            after=_masked(after),
        )
        return account


def delete_account(wb: Workbench, actor: Actor, account_id: int) -> None:
    """Hide the account from every list; its history and activity stay."""
    actor.require_change()
    with wb.db.transaction() as session:
        account = _get(session, actor, account_id)
        account.deleted_at = wb.clock.now()
        record(
            session,
            actor,
            wb.clock,
            "account.deleted",
            account_id=account.id,
            subject=account.store_name,
            before=_masked(view(account)),
        )


def clients_of(wb: Workbench, actor: Actor, account_id: int) -> list[User]:
    with wb.db.reading() as session:
        _get(session, actor, account_id)
        query = (
            select(User)
            .join(AccountClient, AccountClient.user_id == User.id)
            .where(AccountClient.account_id == account_id)
            .order_by(User.email)
        )
        return list(session.scalars(query))


def set_client_access(
    wb: Workbench, actor: Actor, account_id: int, email: str, *, allowed: bool
) -> None:
    """Let a `client` member see this account, or stop them."""
    actor.require_change()
    address = clean_email(email)
    with wb.db.transaction() as session:
        account = _get(session, actor, account_id)
        user = session.scalar(select(User).where(User.email == address, visible(actor, User)))
        if user is None or user.role != "client":
            raise InvalidInput(
                N_("{email} is not a client member of your organisation."),
                field="email",
                email=address,
            )
        link = session.scalar(
            select(AccountClient).where(
                AccountClient.account_id == account.id, AccountClient.user_id == user.id
            )
        )
        if allowed and link is None:
            session.add(AccountClient(account_id=account.id, user_id=user.id))
        elif not allowed and link is not None:
            session.delete(link)
        else:
            return
        record(
            session,
            actor,
            wb.clock,
            "account.client_access",
            account_id=account.id,
            subject=address,
            before={"client": address, "access": not allowed},
            after={"client": address, "access": allowed},
        )
