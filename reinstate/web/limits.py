"""How large a request body may be, enforced while it streams in, before anyone is signed in.

FastAPI reads (and Starlette spools) a body before it resolves the dependencies that
authenticate, so without a limit a 400 MB JSON body sent without a token is held whole before
the 401. This middleware wraps ``receive``: a declared ``Content-Length`` over the limit is
refused on the first read, and a body without one is counted chunk by chunk and refused as soon
as it passes the limit. The refusal is :class:`BodyTooLarge` (an HTTP 413), rendered by the
app's one error handler as the JSON envelope or the HTML error page.

Limits are data: 1 MB for every body, larger only for the addresses that take files. A body sent
to the API without a token is not read at all: it is answered 401 on its first read; and before
a file-sized body is read, the token is checked as the API will check it, so an unknown or
revoked token cannot make the server spool even an upload within the limit (a 1 MB body with an
unknown token is bounded and refused by the API itself).

Example::

    app.add_middleware(BodyLimit, settings=settings)
"""

from __future__ import annotations

import math
import re

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import N_, NotAuthenticated
from ..notices.parse import MAX_BYTES as NOTICE_BYTES
from ..settings import Settings

MB = 1024 * 1024
DEFAULT_LIMIT = 1 * MB
# Room for the other fields of a form (and the mapping file of an import) beside the file.
FORM_ROOM = 2 * MB


class BodyTooLarge(HTTPException):
    """The request body is over the limit of its address; ``limit`` is in bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail="Content Too Large")
        self.limit = limit

    @property
    def limit_mb(self) -> int:
        return max(1, math.ceil(self.limit / MB))


class NoToken(HTTPException):
    """A body sent to the API without a valid bearer token: refused before it is read.

    ``error`` is the sentence the API's own check would give (no token, unknown, revoked ...).
    """

    def __init__(self, error: NotAuthenticated | None = None) -> None:
        super().__init__(status_code=401, detail="Unauthorized")
        self.error = error or NotAuthenticated(
            N_("Send an API token as `Authorization: Bearer <token>`.")
        )


def _base64(size: int) -> int:
    """The JSON API carries files as base64: four bytes for every three, plus the fields."""
    return size * 4 // 3 + DEFAULT_LIMIT


PAGE_UPLOAD_FILES = 4  # full-size files in one upload from the case page


def limits_for(settings: Settings) -> list[tuple[re.Pattern[str], int]]:
    """The addresses that take files, each with its limit; every other body gets 1 MB."""
    upload = settings.max_upload_mb * MB
    imports = settings.max_import_mb * MB + FORM_ROOM
    table = [
        (r"/api/v1/metrics/imports", imports),
        (r"/metrics/import", imports),
        (r"/api/v1/cases/\d+/documents", _base64(upload)),
        # the page takes several files at once: as many as fit in a few files' size
        (r"/cases/\d+/documents", upload * PAGE_UPLOAD_FILES + FORM_ROOM),
        (r"/api/v1/notices", _base64(NOTICE_BYTES)),
        (r"/notices/new", NOTICE_BYTES + FORM_ROOM),
    ]
    return [(re.compile(pattern), limit) for pattern, limit in table]


def _header(scope: Scope, wanted: bytes) -> bytes | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return bytes(value)
    return None


def _declared_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    return int(value) if value is not None and value.isdigit() and len(value) <= 18 else None


def _bearer(scope: Scope) -> str | None:
    """The bearer token of an API request ("" when it has none); None for other addresses."""
    if not scope["path"].startswith("/api/"):
        return None
    value = (_header(scope, b"authorization") or b"").decode("latin-1")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _refused_token(scope: Scope, token: str) -> NotAuthenticated | None:
    """Why the API would refuse ``token``, or None when it is a valid API token."""
    from ..auth.service import resolve_credential

    if not token:
        return NotAuthenticated(N_("Send an API token as `Authorization: Bearer <token>`."))
    try:
        resolve_credential(scope["app"].state.wb, token, "api")
    except NotAuthenticated as exc:
        return exc
    return None


class BodyLimit:
    """Refuse a request body over its address's limit without reading the rest of it."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.limits = limits_for(settings)

    def limit(self, path: str) -> int:
        for pattern, limit in self.limits:
            if pattern.fullmatch(path):
                return limit
        return DEFAULT_LIMIT

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope["path"])
        declared = _declared_length(scope)
        token = _bearer(scope)
        checked = token is None or (token != "" and limit <= DEFAULT_LIMIT)
        received = 0

        async def limited_receive() -> Message:
            nonlocal received, checked
            if not checked:  # a file-sized body, or none: the token is checked before it is read
                refused = await run_in_threadpool(_refused_token, scope, token or "")
                if refused is not None:
                    raise NoToken(refused)  # the API answers 401 anyway: not a byte is read
                checked = True
            if declared is not None and declared > limit:
                raise BodyTooLarge(limit)  # refused before a byte of it is read
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited_receive, send)
