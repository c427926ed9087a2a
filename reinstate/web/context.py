"""What every request needs: the workbench, its language, who is signed in, CSRF tokens."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from ..auth.actor import Actor
from ..auth.service import actor_for, resolve_credential, resolve_with_zone
from ..auth.zones import zone_of
from ..errors import N_, InvalidInput, NotAuthenticated, PermissionDenied, ReinstateError
from ..i18n import LANGUAGES, Gettext, gettext_for, negotiate
from ..storage.tables import User
from ..timezones import DEFAULT_ZONE
from ..workbench import Workbench

LANGUAGE_COOKIE = "reinstate_lang"
bearer_scheme = HTTPBearer(auto_error=False, description="An API token: `reinstate token create`")


def workbench(request: Request) -> Workbench:
    wb: Workbench = request.app.state.wb
    return wb


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def signed_in_user(request: Request) -> User | None:
    """The user of the web session cookie, or None. Cached on the request."""
    if hasattr(request.state, "user"):
        cached: User | None = request.state.user
        return cached
    user: User | None = None
    secret = request.session.get("sid") if "session" in request.scope else None
    if isinstance(secret, str):
        try:
            user, request.state.time_zone = resolve_with_zone(workbench(request), secret, "session")
        except NotAuthenticated:
            request.session.clear()
    request.state.user = user
    return user


def time_zone(request: Request) -> str:
    """The zone the signed-in member reads times in (found with them), else UTC."""
    user = signed_in_user(request)
    if user is None:
        return DEFAULT_ZONE
    zone: str | None = getattr(request.state, "time_zone", None)
    return zone or zone_of(workbench(request), user)


def language(request: Request) -> str:
    """The user's choice, else the language cookie, else the browser's, else the default."""
    user = None if is_api(request) else signed_in_user(request)
    if user is not None and user.language in LANGUAGES:
        return user.language
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    default = workbench(request).settings.language
    return negotiate(request.headers.get("accept-language"), default)


def gettext(request: Request) -> Gettext:
    return gettext_for(language(request))


def page_actor(request: Request) -> Actor:
    """For pages: the signed-in member (unauthenticated visitors are sent to sign in)."""
    user = signed_in_user(request)
    if user is None:
        raise NotAuthenticated(N_("Please sign in."))
    return actor_for(user, "web")


def api_user(request: Request, credentials: HTTPAuthorizationCredentials | None) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated(N_("Send an API token as `Authorization: Bearer <token>`."))
    return resolve_credential(workbench(request), credentials.credentials, "api")


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_matches(request: Request, sent: object) -> bool:
    expected = request.session.get("csrf")
    return (
        isinstance(sent, str)
        and isinstance(expected, str)
        and secrets.compare_digest(sent, expected)
    )


def csrf_refused() -> PermissionDenied:
    return PermissionDenied(
        N_("This form has expired or came from another site; reload the page and try again.")
    )


async def verified_formdata(request: Request, **limits: int) -> FormData:
    """The raw submitted form (files, repeated fields), after checking its CSRF token.
    ``limits`` are Starlette's (max_files, max_fields, max_part_size)."""
    try:
        form = await request.form(**limits)
    except HTTPException as exc:  # the parser's refusal (400), in English and never shown
        if exc.status_code != 400:  # a body over the address's limit says so itself (413)
            raise
        raise _unread_form(str(exc.detail), limits) from None
    if not csrf_matches(request, form.get("csrf_token")):
        await form.close()
        raise csrf_refused()
    return form


def _unread_form(detail: str, limits: dict[str, int]) -> InvalidInput:
    """One sentence for a form the parser refused: too many files chosen at once (a folder of
    scans), too many fields, a field too large, or a body that is no form."""
    if detail.startswith("Too many files") and "max_files" in limits:
        return InvalidInput(
            N_("Choose at most {limit} files at a time."), field="file", limit=limits["max_files"]
        )
    if detail.startswith("Too many fields"):
        return InvalidInput(N_("This form was sent with more fields than it has."))
    if "exceeded maximum size" in detail:
        return InvalidInput(
            N_("A field of this form is larger than {limit} KB."),
            limit=limits.get("max_part_size", 1024 * 1024) // 1024,
        )
    return InvalidInput(N_("The form could not be read; reload the page and send it again."))


async def verified_form(request: Request) -> dict[str, Any]:
    """The submitted form's text fields, after checking its CSRF token against the session's."""
    form = await verified_formdata(request)
    return {k: v for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}


def local_path(target: str | None, fallback: str = "/today") -> str:
    """Only same-site paths, so ``next=`` cannot send a user to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


def sign_in_url(request: Request) -> str:
    """Where to sign in, coming back afterwards to the page asked for; a form sent after the
    session ended comes back to the page it was sent from, since the address a form posts to
    answers no GET (signing in led to "This address does not accept that method")."""
    if request.method in ("GET", "HEAD"):
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:
        here = _form_page(request)
    return f"/signin?next={quote(here, safe='')}"


def _form_page(request: Request) -> str:
    """The page of this site a form was sent from (its Referer, which the site's
    ``same-origin`` referrer policy sends), else Today."""
    sent_from = urlsplit(request.headers.get("referer", ""))
    if sent_from.netloc != request.url.netloc:
        return "/today"
    page = sent_from.path + (f"?{sent_from.query}" if sent_from.query else "")
    return local_path(page)


def render_error(request: Request, exc: ReinstateError, zone: str | None = None) -> str:
    """The error for a page: in the reader's language, its moments in ``zone`` (else the
    reader's own)."""
    return exc.render(gettext(request), zone or time_zone(request))
