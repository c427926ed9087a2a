"""The application factory: nothing is built at import time.

Example::

    app = create_app(Settings(data_dir=Path("var")))
"""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..clock import Clock
from ..settings import Settings
from ..storage.db import Database
from ..workbench import Workbench
from . import errors, vendor
from .bounds import bounded_numbers
from .limits import BodyLimit
from .routes import (
    accounts,
    api,
    api_association,
    api_letters,
    api_metrics,
    api_penalties,
    api_provider,
    api_verify,
    association,
    auth,
    cases,
    deliverables,
    evidence,
    letters,
    me,
    metrics,
    notices,
    organisation,
    penalties,
    provider,
    rules,
    search,
    today,
    verifications,
)
from .templating import make_templates

STATIC = Path(__file__).parent / "static"
# Server-rendered pages; every POST among them checks a CSRF token (a test posts to each).
PAGE_ROUTERS = (
    auth.router,
    accounts.router,
    penalties.router,
    notices.router,
    cases.router,
    evidence.router,
    letters.router,
    me.router,
    organisation.router,
    rules.router,
    metrics.router,
    verifications.router,
    association.router,
    today.router,
    search.router,
    provider.router,
    deliverables.router,
)
_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

_DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'"
)


# The app's own files, the same for everyone: a browser may keep them
_SHARED_FILES = ("/static/", "/vendor/")


class SecurityHeaders:
    """Headers every page gets: no framing, no sniffing, a strict content security policy; and
    every answer but the app's own files is never stored (``no-store``): a page or a download of
    a member's cases is not kept in a shared computer's or a proxy's cache, nor shown again by
    the Back button after signing out."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # The API docs page starts Swagger UI (served by the app) with an inline script.
        docs = scope["path"].startswith("/docs")
        shared = scope["path"].startswith(_SHARED_FILES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                csp = _DOCS_CSP if docs else _CSP
                headers.append((b"content-security-policy", csp.encode()))
                if not shared and not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestReads:
    """One database session for the reads of each request (``Database.request_scope``), given
    back to the pool as soon as the answer starts."""

    def __init__(self, app: ASGIApp, db: Database) -> None:
        self.app = app
        self.db = db

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_then_release(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.db.end_reads()
            await send(message)

        with self.db.request_scope():
            await self.app(scope, receive, send_then_release)


def create_app(
    settings: Settings, *, clock: Clock | None = None, workbench: Workbench | None = None
) -> FastAPI:
    wb = workbench or Workbench.open(settings, clock)
    app = FastAPI(
        title="Reinstate",
        version=__version__,
        description="Account health and appeal workbench. Authenticate with "
        "`Authorization: Bearer <token>` (`reinstate token create EMAIL`).",
        openapi_url="/openapi.json",
        docs_url=None,  # served by vendor.install with the packaged Swagger UI, not its CDN
        redoc_url=None,
        dependencies=[Depends(bounded_numbers)],
    )
    app.state.wb = wb
    app.state.templates = make_templates(auto_reload=settings.env == "development")
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        session_cookie="reinstate_session",
        max_age=settings.session_days * 86400,
        same_site="lax",
        https_only=settings.env == "production",
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, settings=settings)  # before sessions and sign-in
    app.add_middleware(RequestReads, db=wb.db)  # outermost: the limit's token check shares it
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    vendor.install(app)
    errors.install(app)
    app.include_router(api.router)
    app.include_router(api_letters.router)
    app.include_router(api_metrics.router)
    app.include_router(api_penalties.router)
    app.include_router(api_verify.router)
    app.include_router(api_association.router)
    app.include_router(today.api_router)
    app.include_router(search.api_router)
    app.include_router(api_provider.router)
    for pages in PAGE_ROUTERS:
        app.include_router(pages)
    return app
