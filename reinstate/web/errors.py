"""Every error rendered in one place: an HTML page, or the JSON envelope under ``/api/``.

Envelope: ``{"ok": false, "error": {"code", "message", "field"}, "status"}``.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError, ProgrammingError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ..errors import (
    N_,
    InvalidInput,
    NotAuthenticated,
    ReinstateError,
    TooManyAttempts,
    Unavailable,
)
from ..labels import FIELD_LABELS
from ..reasons import reason
from .context import gettext, is_api, sign_in_url
from .limits import BodyTooLarge, NoToken
from .templating import render

log = logging.getLogger("reinstate.web")

_HTTP_MESSAGES = {
    # a body the parser gave up on (JSON nested thousands deep, a broken multipart stream)
    400: (
        "bad_request",
        N_("The request body could not be read; send it as this address expects."),
    ),
    404: ("not_found", N_("There is no such page.")),
    405: ("method_not_allowed", N_("This address does not accept that method.")),
}


def envelope(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    body = {
        "ok": False,
        "error": {"code": code, "message": message, "field": field},
        "status": status,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def _page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", {"status": status, "message": message}, status=status)


async def on_reinstate_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ReinstateError)
    message = exc.render(gettext(request))
    if is_api(request):
        response: Response = envelope(exc.status, exc.code, message, exc.field)
    elif isinstance(exc, NotAuthenticated):
        return RedirectResponse(sign_in_url(request), status_code=303)
    else:
        response = _page(request, exc.status, message)
    if isinstance(exc, TooManyAttempts):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code, message_id = _HTTP_MESSAGES.get(exc.status_code, ("http_error", N_("Request refused.")))
    message = gettext(request)(message_id)
    if isinstance(exc, NoToken):
        return await on_reinstate_error(request, exc.error)
    if isinstance(exc, BodyTooLarge):
        code = "too_large"
        message = gettext(request)(
            N_("This request is too large: this address accepts at most {limit} MB.")
        ).format(limit=exc.limit_mb)
    if is_api(request):
        return envelope(exc.status_code, code, message)
    return _page(request, exc.status_code, message)


async def on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    _ = gettext(request)
    first = exc.errors()[0] if exc.errors() else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "query")]
    field = location[-1] if location else None
    if first.get("type") == "missing" and field:
        message = _("{field} must not be empty.").format(field=_(FIELD_LABELS.get(field, field)))
    elif first.get("type") == "extra_forbidden" and field:
        message = _("Unknown field: {name}.").format(name=field)
    elif first.get("type") == "json_invalid":
        message = _("The request body is not valid JSON.")
    elif field:
        label = _(FIELD_LABELS.get(field, field))
        message = _("{field} is not valid: {reason}.").format(field=label, reason=reason(first, _))
    else:
        message = _("The request body is not valid: {reason}.").format(reason=reason(first, _))
    if is_api(request):
        return envelope(422, "invalid_input", message, field)
    return _page(request, 422, message)


async def on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    message = gettext(request)(N_("Something went wrong on our side; nothing was changed."))
    if is_api(request):
        return envelope(500, "internal_error", message)
    return _page(request, 500, message)


def _undefined_table(exc: DBAPIError) -> bool:
    """The tables are not there: the database was never migrated (or was emptied)."""
    text = str(exc.orig).lower()
    return "no such table" in text or "does not exist" in text and "relation" in text


async def on_database_error(request: Request, exc: Exception) -> Response:
    """The database dropped, unreachable or unmigrated: 503 and one sentence, never a 500.
    The page is drawn without the signed-in user (finding them needs the database)."""
    assert isinstance(exc, DBAPIError)
    if isinstance(exc, ProgrammingError) and not _undefined_table(exc):
        return await on_unexpected(request, exc)
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc.orig)
    request.state.user = None
    if isinstance(exc, OperationalError | InterfaceError) and not _undefined_table(exc):
        message_id = N_("The database cannot be reached right now; try again in a moment.")
    else:
        message_id = N_("The database is not set up yet: run `reinstate db upgrade` first.")
    return on_reinstate_error_sync(request, Unavailable(message_id))


async def on_overflow(request: Request, exc: Exception) -> Response:
    """A number too large for a date or a column, from wherever the request carried it."""
    if isinstance(exc, DBAPIError) and not isinstance(exc, DataError):
        return await on_database_error(request, exc)
    error = InvalidInput(N_("A number in the request is too large."))
    return on_reinstate_error_sync(request, error)


async def on_broken_text(request: Request, exc: Exception) -> Response:
    """Text no database can store (a lone surrogate), from wherever the request carried it."""
    error = InvalidInput(N_("The request contains a broken character (a lone surrogate)."))
    return on_reinstate_error_sync(request, error)


def on_reinstate_error_sync(request: Request, exc: ReinstateError) -> Response:
    message = exc.render(gettext(request))
    if is_api(request):
        return envelope(exc.status, exc.code, message, exc.field)
    return _page(request, exc.status, message)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ReinstateError, on_reinstate_error)
    app.add_exception_handler(OperationalError, on_database_error)
    app.add_exception_handler(InterfaceError, on_database_error)
    app.add_exception_handler(ProgrammingError, on_database_error)
    app.add_exception_handler(DataError, on_overflow)
    app.add_exception_handler(OverflowError, on_overflow)
    app.add_exception_handler(UnicodeEncodeError, on_broken_text)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected)
