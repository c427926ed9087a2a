"""Sign up, sign in, sign out, and the language switch."""

from __future__ import annotations

from functools import partial

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ...auth.service import authenticate, end_session, issue_credential, set_language
from ...auth.signups import confirm_sign_up, pending_sign_up, request_sign_up
from ...auth.zones import adopt_browser_zone
from ...errors import InvalidInput, NotAuthenticated, ReinstateError, TooManyAttempts
from ...i18n import LANGUAGES
from ...storage.tables import User
from ..context import (
    LANGUAGE_COOKIE,
    language,
    local_path,
    render_error,
    signed_in_user,
    verified_form,
    workbench,
)
from ..routing import Router
from ..templating import render

router = Router(include_in_schema=False)


@router.get("/")
def home(request: Request) -> Response:
    target = "/today" if signed_in_user(request) else "/signin"
    return RedirectResponse(target, status_code=303)


@router.get("/signin")
def signin_page(request: Request, next: str = "/today") -> Response:
    if signed_in_user(request):
        return RedirectResponse(local_path(next), status_code=303)
    return render(request, "signin.html", {"next": local_path(next), "email": ""})


def _start_session(request: Request, user: User, target: str) -> Response:
    issued = issue_credential(workbench(request), user, "session")
    request.session.clear()  # a fresh session (and CSRF token) on every sign-in
    request.session["sid"] = issued.secret
    return RedirectResponse(local_path(target), status_code=303)


@router.post("/signin")
async def signin(request: Request) -> Response:
    form = await verified_form(request)
    email = form.get("email", "")
    client = request.client.host if request.client else None
    try:
        user = authenticate(workbench(request), email, form.get("password", ""), client=client)
    except (NotAuthenticated, TooManyAttempts) as exc:
        context = {
            "next": local_path(form.get("next")),
            "email": email,
            "error": render_error(request, exc),
        }
        response = render(request, "signin.html", context, status=exc.status)
        if isinstance(exc, TooManyAttempts):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    adopt_browser_zone(workbench(request), user.id, form.get("time_zone"))
    return _start_session(request, user, form.get("next", "/today"))


@router.get("/signup")
def signup_page(request: Request) -> Response:
    return render(request, "signup.html", {"values": {"kind": "seller"}})


@router.post("/signup")
async def signup(request: Request) -> Response:
    form = await verified_form(request)
    try:
        requested = await run_in_threadpool(  # Argon2 and the mail server block
            partial(
                request_sign_up,
                workbench(request),
                organisation=form.get("organisation", ""),
                kind=form.get("kind", ""),
                email=form.get("email", ""),
                password=form.get("password", ""),
                base_url=str(request.base_url),
                language=language(request),
                client=request.client.host if request.client else None,
            )
        )
    except (InvalidInput, ReinstateError) as exc:
        values = {k: v for k, v in form.items() if k != "password"}
        context = {"values": values, "error": render_error(request, exc), "field": exc.field}
        response = render(request, "signup.html", context, status=exc.status)
        if isinstance(exc, TooManyAttempts):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    # the same page whether or not the email was taken: only its owner's mailbox tells
    context = {"email": requested.email, "organisation": requested.organisation}
    return render(request, "signup_sent.html", context)


@router.get("/signup/confirm/{token}")
def signup_confirm_page(request: Request, token: str) -> Response:
    """What the mailed link makes, with the button that makes it: opening a link signs nobody
    in (a link sent to someone else would sign them in to the sender's organisation, and a
    mail scanner that opens links would use it up)."""
    pending = pending_sign_up(workbench(request), token)
    context = {"email": pending.email, "organisation": pending.organisation, "token": token}
    return render(request, "signup_confirm.html", context)


@router.post("/signup/confirm/{token}")
async def signup_confirm(request: Request, token: str) -> Response:
    await verified_form(request)
    user = confirm_sign_up(workbench(request), token)
    return _start_session(request, user, "/today")


@router.post("/signout")
async def signout(request: Request) -> Response:
    await verified_form(request)
    secret = request.session.get("sid")
    if isinstance(secret, str):
        end_session(workbench(request), secret)
    request.session.clear()
    return RedirectResponse("/signin", status_code=303)


@router.post("/language")
async def switch_language(request: Request) -> Response:
    form = await verified_form(request)
    chosen = form.get("language", "")
    if chosen not in LANGUAGES:
        chosen = language(request)
    user = signed_in_user(request)
    if user is not None:
        set_language(workbench(request), user.id, chosen)
    response = RedirectResponse(local_path(form.get("next")), status_code=303)
    response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 86400, httponly=True, samesite="lax")
    return response
