"""What is known of a store beyond its profile: its change log (what may trigger a video
verification, issue 17) and the identifiers a platform may link it by (issue 18)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class AccountChange(Base):
    """One entry of an account's change log (login location, new device, password reset,
    bank or payment account change, category added): what the trigger monitor reads."""

    __tablename__ = "account_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("seller_accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(String(500), default="")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AccountIdentifier(Base):
    """An identifier a platform may link a store by (issue 18): only its keyed hash and a masked
    form are kept, never the value. ``source`` is ``profile`` for the account's own fields (kept
    in step with them), else ``manual`` or ``import``."""

    __tablename__ = "account_identifiers"
    __table_args__ = (
        UniqueConstraint("account_id", "kind", "digest", "source"),
        Index("ix_account_identifiers_org_digest", "org_id", "digest"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("seller_accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    digest: Mapped[str] = mapped_column(String(64))
    network: Mapped[str | None] = mapped_column(String(64), nullable=True)
    masked: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(10), default="manual")
    first_seen: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_seen: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
