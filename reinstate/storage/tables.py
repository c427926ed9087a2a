"""The tables. Queries live in the services (``reinstate.*.service``), never in route handlers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base as Base
from .base import UTCDateTime as UTCDateTime

ROLES = ("owner", "agent", "client", "viewer")
APPEAL_RESULTS = ("not_appealed", "pending", "upheld", "overturned")
ORG_KINDS = ("seller", "provider")


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="seller")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reminder_hours: Mapped[list[int]] = mapped_column(JSON, default=lambda: [72, 24, 6])
    notify_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)  # IANA name
    # seller ids in imported order files that are none of the organisation's stores, to leave
    # out of its metrics pages (a marketplace dataset names thousands of other sellers)
    ignored_seller_ids: Mapped[list[str]] = mapped_column(JSON, default=list)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(10), nullable=True)
    time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)  # IANA name
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    notify_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    calendar_hash: Mapped[str | None] = mapped_column(
        String(64), nullable=True, unique=True, index=True
    )


class Credential(Base):
    """A bearer secret: an API token or a web sign-in. Only its SHA-256 is stored."""

    __tablename__ = "credentials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "api" or "session"
    name: Mapped[str] = mapped_column(String(100), default="")
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SellerAccount(Base):
    """A store (店铺) on one platform, with the business profile the platform holds for it."""

    __tablename__ = "seller_accounts"
    # the account list's order within an organisation (migration 0021)
    __table_args__ = (
        Index("ix_seller_accounts_org_order", "org_id", "platform", "store_name", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    marketplace: Mapped[str] = mapped_column(String(60), default="")
    store_name: Mapped[str] = mapped_column(String(200))
    seller_id: Mapped[str] = mapped_column(String(100), default="")
    company_name: Mapped[str] = mapped_column(String(200), default="")
    registered_address: Mapped[str] = mapped_column(String(500), default="")
    uscc: Mapped[str] = mapped_column(String(18), default="")
    legal_representative: Mapped[str] = mapped_column(String(100), default="")
    legal_rep_id_number: Mapped[str] = mapped_column(String(30), default="")
    registered_email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AccountClient(Base):
    """A `client` member who may see one seller account."""

    __tablename__ = "account_clients"
    __table_args__ = (UniqueConstraint("account_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("seller_accounts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Event(Base):
    """One change: who, when, what, before and after. Append-only (database triggers refuse
    UPDATE and DELETE), written in the same transaction as the change it records."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_org_created", "org_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("seller_accounts.id"), nullable=True, index=True
    )
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    actor: Mapped[str] = mapped_column(String(254))
    via: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Penalty(Base):
    """A penalty a platform gave a seller account: the ledger the standing is computed from."""

    __tablename__ = "penalties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("seller_accounts.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date] = mapped_column(Date)
    violation: Mapped[str] = mapped_column(String(40))
    points: Mapped[int] = mapped_column(Integer)
    serious: Mapped[bool] = mapped_column(Boolean, default=False)
    # the day the penalty takes effect (None: the day it was received)
    effective_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    appeal_result: Mapped[str] = mapped_column(String(20), default="not_appealed")
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Notice(Base):
    """A platform notice a seller received, kept byte-for-byte in the blob store."""

    __tablename__ = "notices"
    __table_args__ = (
        Index("uq_notices_account_sha256", "account_id", "unique_sha256", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("seller_accounts.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    # the SHA-256 again on the account's first notice of a file (NULL on a copy stored before
    # revision 0020): a unique index on it stores each file once per account, even in a race
    unique_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(20))
    platform: Mapped[str | None] = mapped_column(String(20), nullable=True)
    subject: Mapped[str] = mapped_column(String(500), default="")
    sender: Mapped[str] = mapped_column(String(254), default="")
    reference_id: Mapped[str | None] = mapped_column(String(60), nullable=True)
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Case(Base):
    """One appeal for one seller account. Deadlines are columns; urgency is derived from them."""

    __tablename__ = "cases"
    # the case list's default order within an organisation (migration 0021)
    __table_args__ = (Index("ix_cases_org_due", "org_id", "due_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("seller_accounts.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), nullable=True)
    # the kind of notice the case answers (suspension, claim, ...: notices.kinds), its notice's
    # or the one given when it was opened; None for a case opened by hand without one
    kind: Mapped[str | None] = mapped_column(String(30), nullable=True)
    violations: Mapped[list[str]] = mapped_column(JSON)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    client_visible: Mapped[bool] = mapped_column(Boolean, default=True)
    state: Mapped[str] = mapped_column(String(20), default="open")
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resubmit_not_before: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    review_due: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    attempts_used: Mapped[int] = mapped_column(Integer, default=0)
    answering_request: Mapped[bool] = mapped_column(Boolean, default=False)
    # the answers to the platform's triage questions ({"listings_for_sale": "yes"}) and the
    # letter type they chose (None: the violations decide)
    triage: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)
    letter_type: Mapped[str | None] = mapped_column(String(20), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Raised by one on every state change, which is made only if it is still the version the
    # change was computed from (compare-and-set): two people cannot both move the case.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Reminder(Base):
    """A reminder to send once: claimed by a conditional UPDATE so two senders never both send."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_due", "sent_at", "fire_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    # a case's reminder, or a video verification's
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True, nullable=True)
    verification_id: Mapped[int | None] = mapped_column(
        ForeignKey("verifications.id", name="fk_reminders_verification_id"),
        index=True,
        nullable=True,
    )
    # "due" or "review_due"; a verification's: see verification/reminders.py
    kind: Mapped[str] = mapped_column(String(20))
    hours_before: Mapped[int] = mapped_column(Integer, default=0)
    fire_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_error: Mapped[str] = mapped_column(String(500), default="")


class Document(Base):
    """An evidence file on a case, kept byte-for-byte in the blob store; a document can satisfy
    several checklist items (``materials``). Deleting hides it; its blob is never removed.
    A case holds a file (by SHA-256) once among its shown documents: the database says so."""

    __tablename__ = "documents"
    __table_args__ = (
        Index(
            "uq_documents_case_sha256_live",
            "case_id",
            "sha256",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    materials: Mapped[list[str]] = mapped_column(JSON)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)  # typed by a person
    issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # when no text layer
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class LetterVersion(Base):
    """One saved version of a case's appeal letter: the answers it was written from, the text,
    its lint score, and the MinHash signature of its substance (the seller's answers) for the
    organisation's similarity index. Versions
    are only ever added."""

    __tablename__ = "letters"
    __table_args__ = (UniqueConstraint("case_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("seller_accounts.id"))
    version: Mapped[int] = mapped_column(Integer)
    platform: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5))
    draft: Mapped[dict[str, Any]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    score: Mapped[int] = mapped_column(Integer)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MetricImport(Base):
    """One import of order data into an organisation's metrics: what was read and refused, and
    the files it left (canonical orders of the whole organisation, merged with earlier imports,
    and their daily history). The latest import's files are the organisation's current ones."""

    __tablename__ = "metric_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    profile: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    as_of: Mapped[date] = mapped_column(Date)
    history_days: Mapped[int] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(Integer)
    orders: Mapped[int] = mapped_column(Integer)
    bad_rows: Mapped[int] = mapped_column(Integer)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    orders_file: Mapped[str] = mapped_column(String(255))  # relative to the metrics folder
    history_file: Mapped[str] = mapped_column(String(255))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MetricSnapshot(Base):
    """A metric as the platform itself reported it (Amazon's account health report), one per
    account, day, metric and fulfilment channel: a later report of the same day replaces it."""

    __tablename__ = "metric_snapshots"
    __table_args__ = (UniqueConstraint("account_id", "day", "metric", "fulfilment"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("seller_accounts.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    metric: Mapped[str] = mapped_column(String(40))
    fulfilment: Mapped[str] = mapped_column(String(3), default="")
    window_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    numerator: Mapped[int | None] = mapped_column(Integer, nullable=True)
    denominator: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    platform_status: Mapped[str] = mapped_column(String(30), default="")
    platform_target: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Alert(Base):
    """A notification of one event to the organisation's channels: the event is the outbox, this
    row its delivery, sent once (claimed by a conditional UPDATE with a lease, like reminders)."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_unsent", "sent_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("seller_accounts.id"), nullable=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_error: Mapped[str] = mapped_column(String(500), default="")


class Attempt(Base):
    """One counted try (a failed sign-in, a rehearsal) by an account or a client address; the
    throttle counts them in the database so every worker sees the same number."""

    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_kind_key_at", "kind", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Verification(Base):
    """One Amazon video verification of a seller account: from the invitation to the result.
    Its clocks are columns (the booking window, the result's due time); every state change is
    compare-and-set on ``version``."""

    __tablename__ = "verifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("seller_accounts.id"), index=True)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), nullable=True)
    platform: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default="invited")
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime())
    book_from: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    book_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    slot_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    result_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    no_shows: Mapped[int] = mapped_column(Integer, default=0)
    drops: Mapped[int] = mapped_column(Integer, default=0)  # in the session booked now
    failures: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class VerificationCheck(Base):
    """One readiness item of a verification: done or not, by whom and when it last changed."""

    __tablename__ = "verification_checks"
    __table_args__ = (UniqueConstraint("verification_id", "item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("seller_accounts.id"))
    verification_id: Mapped[int] = mapped_column(ForeignKey("verifications.id"), index=True)
    item: Mapped[str] = mapped_column(String(40))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    done_by: Mapped[str] = mapped_column(String(254), default="")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class VerificationTask(Base):
    """Fix the profile: the data drill found a document (or answer) saying otherwise."""

    __tablename__ = "verification_tasks"
    __table_args__ = (UniqueConstraint("verification_id", "field", "source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("seller_accounts.id"))
    verification_id: Mapped[int] = mapped_column(ForeignKey("verifications.id"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(200))  # the document's name
    found: Mapped[str] = mapped_column(String(500))  # what it says (ID numbers masked)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SignUp(Base):
    """A sign-up waiting for its email link: only the SHA-256 of the link's token is kept, with
    the password already hashed; the organisation and its owner are made when the link is used."""

    __tablename__ = "signups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    organisation: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(10), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


# The service provider's own tables (issue 19) live in their module; importing them here keeps
# one import path and one metadata for the migrations.
from .provider_tables import Engagement as Engagement  # noqa: E402
from .provider_tables import IntakeLink as IntakeLink  # noqa: E402
from .provider_tables import IntakeRequest as IntakeRequest  # noqa: E402
from .provider_tables import PriceList as PriceList  # noqa: E402
from .signal_tables import AccountChange as AccountChange  # noqa: E402
from .signal_tables import AccountIdentifier as AccountIdentifier  # noqa: E402
