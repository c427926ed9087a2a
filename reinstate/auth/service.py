"""Organisations, members, passwords and bearer credentials.

Passwords are hashed with Argon2id. A credential (API token or web sign-in) is a random secret
shown once; only its SHA-256 is stored, so a leaked database holds no usable token.

Example::

    org = create_organisation(wb, "Blue Ocean Trading", "seller")
    owner = create_user(wb, Actor.command_line(org.id), "li@example.com", "owner", "s3cret-pass!")
    token = issue_credential(wb, owner, "api", name="ERP sync").secret
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Row, Select, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, make_transient_to_detached

from ..errors import N_, Conflict, InvalidInput, NotAuthenticated, NotFound
from ..events import record
from ..i18n import LANGUAGES
from ..storage.tables import ORG_KINDS, ROLES, Credential, Organisation, User
from ..tenancy import visible
from ..timezones import effective_zone
from ..validation import clean_choice, clean_email, clean_text
from ..workbench import Workbench
from . import throttle
from .actor import Actor

PASSWORD_MIN = 12
PASSWORD_MAX = 256
_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so both failures take the same time.

    Hashed on the first sign-in, not at import: an Argon2 hash is made to be slow.
    """
    return _hasher.hash("reinstate-dummy-password")


@dataclass(frozen=True)
class IssuedCredential:
    secret: str
    credential: Credential


def clean_password(password: str, email: str = "") -> str:
    """At least 12 characters, not the email or its name part, not a common or easily guessed
    password (zxcvbn's list of 30,000 common passwords and its guess estimate)."""
    if len(password) < PASSWORD_MIN:
        raise InvalidInput(
            N_("Password is too short: use at least {limit} characters."),
            field="password",
            limit=PASSWORD_MIN,
        )
    if len(password) > PASSWORD_MAX:
        raise InvalidInput(
            N_("{field} is too long: at most {limit} characters."),
            field="password",
            limit=PASSWORD_MAX,
        )
    name = email.strip().lower().partition("@")[0]
    lowered = password.lower()
    if email and (lowered == email.strip().lower() or (len(name) >= 3 and name in lowered)):
        raise InvalidInput(
            N_("The password must not contain your email address or its name."), field="password"
        )
    if _guessable(password, email, name):
        raise InvalidInput(
            N_("This password is too common or too easy to guess; choose a less predictable one."),
            field="password",
        )
    return password


def _guessable(password: str, email: str, name: str) -> bool:
    from zxcvbn import zxcvbn  # its word lists load on first use, not at import
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    if password.lower() in FREQUENCY_LISTS["passwords"]:
        return True
    # Score 0-1: fewer than a million guesses (repeats, keyboard walks, a word and a year).
    inputs = [part for part in (email, name, "reinstate") if part]
    return int(zxcvbn(password[:100], user_inputs=inputs)["score"]) < 2


def hash_password(password: str, email: str = "") -> str:
    return _hasher.hash(clean_password(password, email))


def reset_password(
    session: Session, wb: Workbench, actor: Actor, user: User, password: str
) -> None:
    """Give ``user`` a new password (inside the caller's transaction)."""
    actor.require_owner()
    user.password_hash = hash_password(password, user.email)
    record(session, actor, wb.clock, "member.password_reset", subject=user.email)


def actor_for(user: User, via: str) -> Actor:
    return Actor(org_id=user.org_id, role=user.role, label=user.email, via=via, user_id=user.id)


def create_organisation(
    wb: Workbench, name: str, kind: str = "seller", *, by: str = "", session: Session | None = None
) -> Organisation:
    """A new organisation; ``by`` is who signed up (empty: the command line)."""
    name = clean_text(name, "organisation", max_length=200, required=True)
    kind = clean_choice(kind, "kind", ORG_KINDS)
    if session is None:
        with wb.db.transaction() as own:
            return create_organisation(wb, name, kind, by=by, session=own)
    org = Organisation(name=name, kind=kind, created_at=wb.clock.now())
    session.add(org)
    session.flush()
    actor = Actor.command_line(org.id)
    if by:
        actor = Actor(org_id=org.id, role="owner", label=by, via="web")
    record(
        session,
        actor,
        wb.clock,
        "organisation.created",
        subject=name,
        after={"name": name, "kind": kind},
    )
    return org


def _email_taken(email: str) -> Conflict:
    return Conflict(N_("A user with the email {email} already exists."), field="email", email=email)


def _add_user(
    session: Session, wb: Workbench, actor: Actor, email: str, role: str, password: str
) -> User:
    email = clean_email(email)
    role = clean_choice(role, "role", ROLES)
    password_hash = hash_password(password, email)
    return add_hashed_user(session, wb, actor, email, role, password_hash)


def add_hashed_user(
    session: Session, wb: Workbench, actor: Actor, email: str, role: str, password_hash: str
) -> User:
    """A member whose clean email, role and Argon2 hash are given (a confirmed sign-up)."""
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise _email_taken(email)
    user = User(
        org_id=actor.org_id,
        email=email,
        password_hash=password_hash,
        role=role,
        created_at=wb.clock.now(),
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent sign-up took the address first
        raise _email_taken(email) from exc
    record(
        session,
        actor,
        wb.clock,
        "member.added",
        subject=email,
        after={"email": email, "role": role},
    )
    return user


def create_user(wb: Workbench, actor: Actor, email: str, role: str, password: str) -> User:
    """Add a member to the actor's organisation (owners only)."""
    actor.require_owner()
    with wb.db.transaction() as session:
        if session.get(Organisation, actor.org_id) is None:
            raise NotFound(N_("Organisation {id} does not exist."), id=actor.org_id)
        return _add_user(session, wb, actor, email, role, password)


def sign_up(
    wb: Workbench,
    *,
    organisation: str,
    kind: str,
    email: str,
    password: str,
    language: str | None = None,
    client: str | None = None,
) -> User:
    """A new organisation with its first owner, in one transaction. Sign-ups are counted per
    client address (10 in 15 minutes), which bounds how fast anyone can probe for addresses."""
    address = clean_email(email)
    count_sign_up(wb, client)
    password_hash = hash_password(password, address)
    with wb.db.transaction() as session:
        return found_organisation(session, wb, organisation, kind, address, password_hash, language)


def count_sign_up(wb: Workbench, client: str | None) -> None:
    """Count a sign-up from ``client`` (an IPv6 address by its /64), refusing the 11th in 15
    minutes: that bounds how fast anyone can probe for addresses."""
    if client:
        keys, now = [("sign_up_address", throttle.address_key(client))], wb.clock.now()
        with wb.db.transaction() as session:
            throttle.refuse_when_over(session, keys, now)
            throttle.count(session, keys, now)


def found_organisation(
    session: Session,
    wb: Workbench,
    name: str,
    kind: str,
    email: str,
    password_hash: str,
    language: str | None,
) -> User:
    """A new organisation and its first owner (a clean email, an Argon2 hash), in ``session``."""
    org = create_organisation(wb, name, kind, by=email, session=session)
    owner = Actor(org_id=org.id, role="owner", label=email, via="web")
    user = add_hashed_user(session, wb, owner, email, "owner", password_hash)
    user.language = language if language in LANGUAGES else None
    return user


def change_role(wb: Workbench, actor: Actor, user_id: int, role: str) -> User:
    actor.require_owner()
    role = clean_choice(role, "role", ROLES)
    with wb.db.transaction() as session:
        user = _member(session, actor, user_id)
        if user.role == "owner" and role != "owner" and _owner_count(session, actor.org_id) == 1:
            raise InvalidInput(N_("An organisation must keep at least one owner."), field="role")
        before = user.role
        user.role = role
        record(
            session,
            actor,
            wb.clock,
            "member.role_changed",
            subject=user.email,
            before={"role": before},
            after={"role": role},
        )
        return user


def _owner_count(session: Session, org_id: int) -> int:
    owners = select(User.id).where(
        User.org_id == org_id, User.role == "owner", User.disabled_at.is_(None)
    )
    return len(list(session.scalars(owners)))


def _member(session: Session, actor: Actor, user_id: int) -> User:
    user = session.scalar(select(User).where(visible(actor, User), User.id == user_id))
    if user is None:
        raise NotFound(N_("There is no such member in your organisation."))
    return user


def members(wb: Workbench, actor: Actor) -> list[User]:
    with wb.db.reading() as session:
        query = select(User).where(visible(actor, User)).order_by(User.email)
        return list(session.scalars(query))


def member_names(wb: Workbench, actor: Actor) -> Sequence[Row[int, str, str]]:
    """As ``members``, only each one's ``id``, ``email`` and ``role``, as plain rows: the
    result's own list (``all()``), not copied into another."""
    with wb.db.reading() as session:
        return session.connection().execute(_names(actor)).all()


@lru_cache(maxsize=512)  # built once per actor, by the scoping rule (issue 21)
def _names(actor: Actor) -> Select[int, str, str]:
    query = select(User.id, User.email, User.role).where(visible(actor, User))
    return query.order_by(User.email)


def user_by_email(wb: Workbench, email: str) -> User:
    address = clean_email(email)
    with wb.db.reading() as session:
        user = session.scalar(select(User).where(User.email == address))
    if user is None:
        raise NotFound(N_("There is no user with the email {email}."), email=address)
    return user


def authenticate(wb: Workbench, email: str, password: str, *, client: str | None = None) -> User:
    """The user whose email and password these are; one message for every failure.

    Failures are counted per account and per client address (``client``); after 10 in 15
    minutes either one is refused with TooManyAttempts before the password is even checked.
    """
    address = email.strip().lower()
    keys = [("sign_in_account", address)]
    if client:
        keys.append(("sign_in_address", throttle.address_key(client)))
    now = wb.clock.now()
    with wb.db.transaction() as session:
        throttle.refuse_when_over(session, keys, now)
        user = _verified(session, address, password)
        if user is not None:
            throttle.forget(session, keys[:1])  # the account's count; never the address's
            return user
    with wb.db.transaction() as session:
        throttle.count(session, keys, now)
    raise NotAuthenticated(N_("Email or password is incorrect."))


def _verified(session: Session, address: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.email == address))
    try:
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or user.disabled_at is not None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def set_language(wb: Workbench, user_id: int, language: str) -> None:
    language = clean_choice(language, "language", LANGUAGES)
    with wb.db.transaction() as session:
        user = session.get(User, user_id)
        if user is not None:
            user.language = language


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_credential(
    wb: Workbench,
    user: User,
    kind: str,
    *,
    name: str = "",
    days: int | None = None,
    via: str = "web",
) -> IssuedCredential:
    """A new bearer secret for ``user``; the secret itself is returned once and never stored."""
    if days is None:
        days = wb.settings.token_days if kind == "api" else wb.settings.session_days
    if not 1 <= days <= 3650:
        raise InvalidInput(N_("A token lasts from 1 to 3650 days."), field="days")
    name = clean_text(name, "token_name", max_length=100)
    secret = ("rst_" if kind == "api" else "rss_") + secrets.token_urlsafe(32)
    now = wb.clock.now()
    with wb.db.transaction() as session:
        credential = Credential(
            user_id=user.id,
            kind=kind,
            name=name,
            secret_hash=_digest(secret),
            prefix=secret[:10],
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        session.add(credential)
        session.flush()
        if kind == "api":
            record(
                session,
                actor_for(user, via),
                wb.clock,
                "token.created",
                subject=credential.prefix,
                after={"name": name, "expires_at": credential.expires_at.isoformat()},
            )
        return IssuedCredential(secret, credential)


def resolve_credential(wb: Workbench, secret: str, kind: str) -> User:
    """The user a bearer secret belongs to; refuses unknown, revoked and expired ones."""
    return resolve_with_zone(wb, secret, kind)[0]


_CREDENTIALS, _USERS = Credential.__table__, User.__table__
# Every page and API call signs in with this query, so it is built once, with its values as
# bind parameters (a statement built per request and keyed for the cache each time cost more
# CPU than the query), and reads plain columns (issue 21).
_SIGNED_IN = (
    select(
        _CREDENTIALS.c.id.label("credential_id"),
        _CREDENTIALS.c.revoked_at.label("credential_revoked_at"),
        _CREDENTIALS.c.expires_at.label("credential_expires_at"),
        _CREDENTIALS.c.last_used_at.label("credential_last_used_at"),
        Organisation.__table__.c.time_zone.label("org_time_zone"),
        *_USERS.c,
    )
    .join_from(_CREDENTIALS, _USERS, _USERS.c.id == _CREDENTIALS.c.user_id)
    .join(Organisation.__table__, Organisation.__table__.c.id == _USERS.c.org_id)
    .where(
        _CREDENTIALS.c.secret_hash == bindparam("secret_hash"),
        _CREDENTIALS.c.kind == bindparam("kind"),
    )
)


def resolve_with_zone(wb: Workbench, secret: str, kind: str) -> tuple[User, str]:
    """The user, as ``resolve_credential``, and the zone they read times in (``zone_of``),
    from one query: every page signs in and shows times (issue 21). The user is detached, as
    one read in a closed session."""
    now = wb.clock.now()
    with wb.db.reading() as session:  # one query, and no write but once a minute
        found = (
            session.connection()
            .execute(_SIGNED_IN, {"secret_hash": _digest(secret), "kind": kind})
            .first()
        )
    if found is None:
        raise NotAuthenticated(N_("This token is not valid."))
    if found.credential_revoked_at is not None:
        raise NotAuthenticated(N_("This token has been revoked."))
    if found.credential_expires_at <= now:
        raise NotAuthenticated(
            N_("This token expired on {date}."),
            date=found.credential_expires_at.date().isoformat(),
        )
    if found.disabled_at is not None:
        raise NotAuthenticated(N_("This token is not valid."))
    if _stale(found.credential_last_used_at, now):
        with wb.db.transaction() as session:
            session.execute(
                update(Credential)
                .where(Credential.id == found.credential_id)
                .values(last_used_at=now)
            )
    values = found._mapping
    user = User(**{column.key: values[column.key] for column in _USERS.c})
    make_transient_to_detached(user)
    zone = (
        effective_zone(user.time_zone, None)
        if user.time_zone
        else effective_zone(None, found.org_time_zone)
    )
    return user, zone


def _stale(last: datetime | None, now: datetime) -> bool:
    # Recording every request would turn each read into a write; once a minute is enough.
    return last is None or now - last > timedelta(minutes=1)


def revoke_credential(wb: Workbench, user: User, credential_id: int) -> None:
    with wb.db.transaction() as session:
        credential = session.get(Credential, credential_id)
        if credential is None or credential.user_id != user.id:
            raise NotFound(N_("There is no such token."))
        if credential.revoked_at is None:
            credential.revoked_at = wb.clock.now()
            if credential.kind == "api":
                record(
                    session,
                    actor_for(user, "web"),
                    wb.clock,
                    "token.revoked",
                    subject=credential.prefix,
                    before={"revoked": False},
                    after={"revoked": True},
                )


def end_session(wb: Workbench, secret: str) -> None:
    with wb.db.transaction() as session:
        credential = session.scalar(
            select(Credential).where(Credential.secret_hash == _digest(secret))
        )
        if credential is not None and credential.revoked_at is None:
            credential.revoked_at = wb.clock.now()


def api_tokens(wb: Workbench, user: User) -> list[Credential]:
    with wb.db.reading() as session:
        query = select(Credential).where(Credential.user_id == user.id, Credential.kind == "api")
        return list(session.scalars(query.order_by(Credential.id.desc())))
