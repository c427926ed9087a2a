"""One exception tree for the whole product.

Every error a user can cause is a :class:`ReinstateError` carrying an HTTP-like ``status``, a
stable machine ``code`` and a message id (English, translated through the i18n catalog) with
named parameters. Each adapter renders it once: the web layer as an HTML page or the JSON envelope
``{"ok": false, "error": {"code", "message", "field"}, "status"}``, the CLI as one sentence on
stderr and a non-zero exit.

    ReinstateError (500)
     ├── InvalidInput (422)          a value the user typed is wrong; ``field`` names it
     ├── NotAuthenticated (401)      no, wrong, expired or revoked credentials
     ├── PermissionDenied (403)      signed in, but the role may not do this (or CSRF failed)
     ├── NotFound (404)              absent, or belongs to another organisation
     ├── Conflict (409)              would duplicate something unique (an email address)
     ├── TooManyAttempts (429)       throttled; ``retry_after`` says in how many seconds
     ├── Unavailable (503)           the database cannot be reached, or is not migrated yet
     └── ConfigurationError (500)    the installation is misconfigured (no secret in production)

Example::

    raise InvalidInput(N_("Store name must not be empty."), field="store_name")
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .i18n import N_ as N_  # where most modules take it from


class Label(str):
    """A parameter that is itself a message id (a state, an event), translated with the message:
    ``Conflict(N_("... {state} ..."), state=Label(N_("booked")))`` says 已预约 in Chinese, never
    the code ``booked``."""


class Phrase(str):
    """A parameter that is a message of its own, with its own parameters, translated with the
    message it is put in: ``Phrase(N_("{value} is not a time zone"), value="Mars/Olympus")``
    (pydantic's reasons, say, which are English)."""

    message: str
    params: dict[str, Any]

    def __new__(cls, message: str, **params: Any) -> Phrase:
        made = super().__new__(cls, message.format(**params) if params else message)
        made.message, made.params = message, params
        return made


class Moment(str):
    """A parameter that is a moment: written ISO 8601 in UTC to the minute
    (``2026-11-20T07:00+00:00``) unless the error is rendered for a reader in a zone, who reads
    it in theirs (``2026-11-20 15:00 UTC+8``), as every page writes times."""

    at: datetime

    def __new__(cls, at: datetime) -> Moment:
        written = super().__new__(cls, at.astimezone(UTC).isoformat(timespec="minutes"))
        written.at = at
        return written


class ReinstateError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, field: str | None = None, **params: Any) -> None:
        super().__init__(message.format(field=field, **params) if "{" in message else message)
        self.message = message
        self.params = params
        self.field = field

    def render(self, gettext: Any, zone: str | None = None) -> str:
        """The message in the language of ``gettext`` (a ``str -> str`` translator), its moments
        in ``zone`` when one is given."""
        from .labels import FIELD_LABELS

        params = {k: _shown(v, gettext, zone) for k, v in self.params.items()}
        if self.field is not None:
            params.setdefault("field", gettext(FIELD_LABELS.get(self.field, self.field)))
        text: str = gettext(self.message)
        return text.format(**params)


class InvalidInput(ReinstateError):
    status = 422
    code = "invalid_input"


class NotAuthenticated(ReinstateError):
    status = 401
    code = "not_authenticated"


class PermissionDenied(ReinstateError):
    status = 403
    code = "permission_denied"


class NotFound(ReinstateError):
    status = 404
    code = "not_found"


class Conflict(ReinstateError):
    status = 409
    code = "conflict"


class TooManyAttempts(ReinstateError):
    status = 429
    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int, **params: Any) -> None:
        super().__init__(message, minutes=max(1, -(-retry_after // 60)), **params)
        self.retry_after = retry_after


class ConfigurationError(ReinstateError):
    status = 500
    code = "configuration_error"


class Unavailable(ReinstateError):
    status = 503
    code = "unavailable"


def _shown(value: Any, gettext: Any, zone: str | None) -> Any:
    if isinstance(value, Phrase):
        text: str = gettext(value.message)
        return text.format(**value.params) if value.params else text
    if isinstance(value, Label):
        return gettext(value)
    if isinstance(value, Moment) and zone is not None:
        from .timezones import shown

        return shown(value.at, zone)
    return value
