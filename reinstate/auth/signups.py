"""Sign-up confirmed by an emailed link, answering the same whether or not the email is taken.

``request_sign_up`` checks what the visitor typed and hashes the password in every case; a new
address gets a pending sign-up (only the SHA-256 of its link's token is stored) and the link, a
taken one a notice to sign in instead. ``confirm_sign_up`` claims the pending sign-up once
(compare-and-set on ``used_at``) and makes the organisation and its owner in the same
transaction. Mail goes through apprise to ``REINSTATE_MAIL_URL``; without one, development and
test write each letter to the log, and production refuses to sign anyone up.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import CursorResult, select, update

from ..errors import N_, Conflict, NotFound, Unavailable
from ..i18n import LANGUAGES, gettext_for
from ..settings import Settings
from ..storage.tables import ORG_KINDS, SignUp, User
from ..validation import clean_choice, clean_email, clean_text
from ..workbench import Workbench
from .service import count_sign_up, found_organisation, hash_password

log = logging.getLogger("reinstate.web")
LINK_LIFETIME = timedelta(hours=24)
CONFIRM_PATH = "signup/confirm/"


@dataclass(frozen=True)
class Requested:
    """What the page may say: the same for a new and a taken address."""

    email: str
    organisation: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def mail_ready(settings: Settings) -> None:
    """Refuse, in one sentence, when this server cannot send a sign-up link."""
    url = settings.mail_url.get_secret_value() if settings.mail_url else ""
    if not url and settings.env != "production":
        return
    if url and (settings.notify_allow_private or _refused(url) is None):
        return
    log.error("Sign-up is refused: REINSTATE_MAIL_URL is unset or leads to a private address.")
    raise Unavailable(N_("Sign-up is not available on this server."))


def link_base(settings: Settings, request_base: str) -> str:
    """Where mailed links point: the configured public address; the request's own address only
    outside production, since its Host header is the sender's to choose."""
    if settings.public_url:
        return settings.public_url.rstrip("/") + "/"
    if settings.env != "production":
        return request_base
    log.error("Sign-up is refused: REINSTATE_PUBLIC_URL is unset, so no link can be trusted.")
    raise Unavailable(N_("Sign-up is not available on this server."))


def _refused(url: str) -> str | None:
    from ..cases.destinations import refused_host  # apprise loads when mail is sent

    return refused_host(url)


def request_sign_up(
    wb: Workbench,
    *,
    organisation: str,
    kind: str,
    email: str,
    password: str,
    base_url: str,
    language: str | None = None,
    client: str | None = None,
) -> Requested:
    """Check the form, count the client's try, then mail a link (or a notice when taken)."""
    mail_ready(wb.settings)
    base_url = link_base(wb.settings, base_url)
    address = clean_email(email)
    count_sign_up(wb, client)
    name = clean_text(organisation, "organisation", max_length=200, required=True)
    kind = clean_choice(kind, "kind", ORG_KINDS)
    password_hash = hash_password(password, address)  # in both branches: the same time taken
    language = language if language in LANGUAGES else None
    token = secrets.token_urlsafe(32)
    now = wb.clock.now()
    with wb.db.transaction() as session:
        taken = session.scalar(select(User.id).where(User.email == address)) is not None
        if not taken:
            session.add(
                SignUp(
                    token_hash=_digest(token),
                    email=address,
                    organisation=name,
                    kind=kind,
                    password_hash=password_hash,
                    language=language,
                    created_at=now,
                    expires_at=now + LINK_LIFETIME,
                )
            )
    _ = gettext_for(language or wb.settings.language)
    if taken:
        subject = _("Someone tried to sign up to Reinstate with your address")
        body = _(
            "Someone tried to create an organisation on Reinstate with your address. "
            "If it was you, sign in instead: {link}"
        ).format(link=base_url + "signin")
    else:
        subject = _("Finish creating {organisation} on Reinstate").format(organisation=name)
        body = _(
            "Open this link within 24 hours to create {organisation} and sign in: {link}"
        ).format(organisation=name, link=base_url + CONFIRM_PATH + token)
    deliver(wb.settings, address, subject, body)
    return Requested(address, name)


def deliver(settings: Settings, to: str, subject: str, body: str) -> None:
    """Mail one letter; with no mail URL (development, test) write it to the log instead."""
    url = settings.mail_url.get_secret_value() if settings.mail_url else ""
    if not url:
        extra: dict[str, Any] = {"console_mail": True}  # the link is the point: not redacted
        log.warning(
            "Mail to %s (REINSTATE_MAIL_URL is unset)\n%s\n%s", to, subject, body, extra=extra
        )
        return
    if not settings.notify_allow_private and _refused(url) is not None:
        log.error("Mail to %s not sent: REINSTATE_MAIL_URL leads to a private address.", to)
        return
    from ..cases.reminders import apprise_send

    if not apprise_send([addressed(url, to)], subject, body):
        log.error("Mail to %s could not be sent through REINSTATE_MAIL_URL.", to)


def addressed(url: str, to: str) -> str:
    """``url`` with its recipient set to ``to``.

    >>> addressed("mailto://smtp.example.com?from=a@example.com", "b@example.com")
    'mailto://smtp.example.com?from=a%40example.com&to=b%40example.com'
    """
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "to"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("to", to)])))


def pending_sign_up(wb: Workbench, token: str) -> SignUp:
    """The sign-up a link would confirm, refused as :func:`confirm_sign_up` would refuse it;
    nothing is used up (opening the link only shows what confirming it makes)."""
    with wb.db.reading() as session:
        pending = session.scalar(select(SignUp).where(SignUp.token_hash == _digest(token)))
        taken = pending and session.scalar(select(User.id).where(User.email == pending.email))
    if pending is None:
        raise NotFound(N_("This sign-up link is not valid."))
    _refuse_used(pending, wb.clock.now())
    if taken is not None:
        raise _taken()
    return pending


def _refuse_used(pending: SignUp, now: datetime) -> None:
    if pending.used_at is not None:
        raise NotFound(N_("This sign-up link has already been used; sign in instead."))
    if pending.expires_at <= now:
        raise NotFound(N_("This sign-up link has expired; sign up again."))


def _taken() -> Conflict:
    return Conflict(N_("An account with this email already exists; sign in instead."))


def confirm_sign_up(wb: Workbench, token: str) -> User:
    """The owner of the organisation a sign-up link makes; a link works once, for 24 hours."""
    now = wb.clock.now()
    digest = _digest(token)
    with wb.db.transaction() as session:
        claim = update(SignUp).where(
            SignUp.token_hash == digest, SignUp.used_at.is_(None), SignUp.expires_at > now
        )
        claimed: CursorResult[Any] = session.execute(claim.values(used_at=now))  # type: ignore[assignment]
        pending = session.scalar(select(SignUp).where(SignUp.token_hash == digest))
        if pending is None:
            raise NotFound(N_("This sign-up link is not valid."))
        if claimed.rowcount != 1:
            _refuse_used(pending, now)
            raise NotFound(N_("This sign-up link has expired; sign up again."))
        if session.scalar(select(User.id).where(User.email == pending.email)) is not None:
            raise _taken()
        return found_organisation(
            session,
            wb,
            pending.organisation,
            pending.kind,
            pending.email,
            pending.password_hash,
            pending.language,
        )
