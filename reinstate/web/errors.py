"""Every error rendered in one place: an HTML page, or the JSON envelope under ``/api/``.

Envelope: ``{"ok": false, "error": {"code", "message", "field"}, "status"}``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

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
from .context import gettext, is_api, sign_in_url
from .limits import BodyTooLarge, NoToken
from .templating import render

log = logging.getLogger("reinstate.web")

_HTTP_MESSAGES = {
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


# why pydantic refused a value, in words the reader's language has (its own are English), by
# the kind of error; the numbers it reports (a length, a bound) are put in
_REASONS = {
    **dict.fromkeys(
        ("int_parsing", "int_type", "int_from_float"), N_("a whole number is expected")
    ),
    **dict.fromkeys(
        ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number"),
        N_("a number is expected"),
    ),
    **dict.fromkeys(("bool_parsing", "bool_type"), N_("true or false is expected")),
    **dict.fromkeys(
        ("datetime_parsing", "datetime_type", "datetime_from_date_parsing"),
        N_("a date and time such as 2026-11-18T08:00:00+08:00 is expected"),
    ),
    "timezone_aware": N_("the time needs its offset from UTC, such as +08:00"),
    **dict.fromkeys(
        ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"),
        N_("a date such as 2026-11-18 is expected"),
    ),
    "string_type": N_("text is expected"),
    "string_too_long": N_("at most {max_length} characters"),
    "string_too_short": N_("at least {min_length} characters"),
    "too_long": N_("at most {max_length} items"),
    "too_short": N_("at least {min_length} items"),
    "greater_than_equal": N_("at least {ge}"),
    "greater_than": N_("more than {gt}"),
    "less_than_equal": N_("at most {le}"),
    "less_than": N_("less than {lt}"),
    **dict.fromkeys(("literal_error", "enum"), N_("one of {expected}")),
    "list_type": N_("a list is expected"),
    **dict.fromkeys(
        ("dict_type", "model_type", "model_attributes_type"), N_("an object is expected")
    ),
}


def _reason(error: dict[str, object], _: Callable[[str], str]) -> str:
    """Why a value was refused, in the reader's words where the kind of error is known."""
    words = _REASONS.get(str(error.get("type")))
    context = error.get("ctx")
    if words is None:
        return str(error.get("msg", "")).rstrip(".")
    try:
        return _(words).format(**(context if isinstance(context, dict) else {}))
    except (KeyError, IndexError):
        return str(error.get("msg", "")).rstrip(".")


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
        message = _("{field} is not valid: {reason}.").format(field=label, reason=_reason(first, _))
    else:
        message = _("The request body is not valid: {reason}.").format(reason=_reason(first, _))
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
