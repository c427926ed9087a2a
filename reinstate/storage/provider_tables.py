"""The service provider's tables (issue 19): its price list, engagements and intake."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, synonym

from .base import Base, UTCDateTime


class PriceList(Base):
    """A provider organisation's price list, the TOML text as its owner saved it (validated by
    ``reinstate.provider.pricing`` before it is stored)."""

    __tablename__ = "price_lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    updated_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Engagement(Base):
    """An accepted quote for one case: its lines and total as quoted, and the SLA clock (the
    deliverables are due ``working_days`` after acceptance, or within the rush hours)."""

    __tablename__ = "engagements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("seller_accounts.id"))
    currency: Mapped[str] = mapped_column(String(3))
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    total: Mapped[str] = mapped_column(String(20))
    rush: Mapped[bool] = mapped_column(Boolean, default=False)
    working_days: Mapped[int] = mapped_column(Integer)
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The SLA reminder, sent through the outbox (:mod:`reinstate.outbox`): ``reminded_at`` is
    # when it went out, ``claimed_at`` the lease of the run sending it.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = synonym("reminded_at")
    accepted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class IntakeLink(Base):
    """A private intake link a provider shares: whoever holds it may send an intake request
    without signing in. Only the SHA-256 of its secret is kept."""

    __tablename__ = "intake_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class IntakeRequest(Base):
    """A request for the provider to take a case on: what the seller said, the eligibility
    verdict, the screenshot (checked like evidence, kept in the blob store), and once accepted
    the case it became."""

    __tablename__ = "intake_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("intake_links.id"), nullable=True)
    submitted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    verdict: Mapped[dict[str, Any]] = mapped_column(JSON)
    screenshot_sha256: Mapped[str] = mapped_column(String(64), default="")
    screenshot_name: Mapped[str] = mapped_column(String(200), default="")
    screenshot_problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(20), default="new")
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
