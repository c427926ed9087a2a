"""Case pages: the list by deadline, one case with its checklist and timeline, and actions."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ...accounts.service import get_account, list_accounts
from ...auth.actor import Actor
from ...auth.service import member_names, members
from ...cases import from_notice, listing, page, rules, service, triage
from ...errors import N_, Conflict, InvalidInput, NotFound, ReinstateError
from ...paging import page_links, page_number
from ...storage.tables import SellerAccount
from ...tenancy import restricted
from ...validation import clean_date, clean_time, whole
from ...workbench import Workbench
from ..case_lines import account_options, case_lines, table_rows
from ..context import (
    gettext,
    language,
    page_actor,
    render_error,
    time_zone,
    verified_form,
    workbench,
)
from ..routing import Router
from ..templating import render

router = Router(include_in_schema=False)


@router.get("/cases")
def case_list(request: Request) -> Response:
    actor = page_actor(request)
    wb = workbench(request)
    query = request.query_params
    assignee = query.get("assignee", "")
    account = whole(query.get("account", ""))
    sort = query.get("sort", "due")
    found = listing.case_page(
        wb,
        actor,
        sort=sort,
        page=page_number(query.get("page")),
        platform=query.get("platform") or None,
        state=query.get("state") or None,
        assignee_id=whole(assignee),
        account_id=account,
    )
    team = member_names(wb, actor) if not restricted(actor) else []
    accounts = listing.store_names(wb, actor, (c.account_id for c in found.items), account)
    emails = {m.id: m.email for m in team}
    lines = case_lines(
        found.items,
        accounts,
        emails,
        wb.clock.now(),
        language=language(request),
        zone=time_zone(request),
    )
    context = {
        "lines": lines,
        "rows": table_rows(lines),
        "page": found,
        "page_links": page_links(found, "/cases", dict(query)),
        "actor": actor,
        "sort": sort,
        "filters": dict(query),
        "states": rules.STATES,
        "accounts": accounts,
        "account_options": account_options(accounts, account or 0),
        "members": emails,
        "clients": {m.id: m.email for m in team if m.role == "client"},
    }
    return render(request, "cases.html", context)


@router.get("/cases/new")
def newcase_page_response(request: Request, account: int | None = None) -> Response:
    actor = page_actor(request)
    actor.require_change()
    return _new_page(request, values={"account_id": str(account or "")})


def _choices(wb: Workbench, accounts: list[SellerAccount], chosen: str) -> dict[str, list[str]]:
    """The violation codes each platform offers, for the chosen account's platform only once
    an account is chosen (another platform's codes would be refused)."""
    platforms = [a.platform for a in accounts if str(a.id) == chosen] or [
        a.platform for a in accounts
    ]
    return {p: service.violation_choices(wb.policies.get_pack(p)) for p in dict.fromkeys(platforms)}


def _new_page(request: Request, status: int = 200, **extra: Any) -> Response:
    actor = page_actor(request)
    wb = workbench(request)
    accounts = list_accounts(wb, actor)
    values = extra.get("values") or {}
    context = {
        "accounts": accounts,
        "members": members(wb, actor),
        "choices": _choices(wb, accounts, str(values.get("account_id", ""))),
        "packs": wb.policies,
        "values": {},
        "ticked": [],
        **extra,
    }
    return render(request, "case_new.html", context, status=status)


@router.post("/cases/new")
async def create_case(request: Request) -> Response:
    actor = page_actor(request)
    raw = await request.form()
    form = await verified_form(request)
    violations = [v for v in raw.getlist("violations") if isinstance(v, str)]
    try:
        account = whole(form.get("account_id", ""))
        if account is None:
            raise InvalidInput(N_("Choose a seller account."), field="account_id")
        deadline = form.get("deadline") or None
        assignee = form.get("assignee_id", "")
        case = service.open_case(
            workbench(request),
            actor,
            account,
            violations,
            deadline=clean_date(deadline, "deadline") if deadline else None,
            assignee_id=whole(assignee),
            kind=form.get("kind") or None,
        )
    except ReinstateError as exc:
        if exc.status not in (404, 422):
            raise
        return _new_page(
            request, exc.status, values=form, ticked=violations, error=render_error(request, exc)
        )
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


def account_or_none(wb: Workbench, actor: Actor, account_id: int) -> SellerAccount | None:
    """The case's account, or None once it has been deleted (its cases stay)."""
    try:
        return get_account(wb, actor, account_id)
    except NotFound:
        return None


def case_page_response(request: Request, case_id: int, status: int = 200, **extra: Any) -> Response:
    actor = page_actor(request)
    shown = page.case_page(workbench(request), actor, case_id, language(request))
    context = {
        **dict(shown),  # the read model's fields, as they are: case, checklist, timeline, ...
        "actor": actor,
        "refusal": None,
        "confirm_last": False,
        "confirm_missing": False,
        "uploads": request.session.pop("uploads", None) or [],
        "forced": False,
        "forceable": True,
        "pack_built": request.session.pop("pack_built", False),  # shown once, after building
        "association": _association(request, actor, shown),
        **_approval_context(request, actor, shown.case, shown.letter_versions),
        **extra,
    }
    return render(request, "case.html", context, status=status)


def _association(request: Request, actor: Actor, shown: Any) -> Any:
    """On a related-accounts case: the links the platform likely saw (issue 18)."""
    from ...association import service as association
    from ...association import views

    if shown.account is None or not views.ASSOCIATION_VIOLATIONS & set(shown.case.violations):
        return None
    world = association.load_world(workbench(request), actor)
    materials = [item.material for item in shown.checklist]
    lang = language(request)
    return views.case_association(world, shown.account.id, shown.case.violations, materials, lang)


def _approval_context(
    request: Request, actor: Actor, case: Any, versions: list[Any]
) -> dict[str, Any]:
    """The client's decision on the newest letter version (issue 19), when there is one; for
    the team, the quote form with the kinds of case its price list has fees for on the case's
    platform (none chosen for them: an accepted quote cannot be taken back)."""
    from ...provider.approvals import DECISION_LABELS, approval
    from ...provider.pricing import KINDS, LANGUAGES, TIERS
    from ...provider.review import has_rejection
    from ...provider.service import engagement_if_any, price_list

    wb = workbench(request)
    case_id = case.id
    engagement = engagement_if_any(wb, actor, case_id, gettext(request), language(request))
    kinds = KINDS
    if actor.can_change and engagement is None:
        priced = price_list(wb, actor).prices.base.get(case.platform) or {}
        kinds = {code: label for code, label in KINDS.items() if code in priced} or KINDS
    shown = {
        "engagement": engagement,
        "has_rejection": has_rejection(wb, actor, case_id),  # deliverables (issue 19)
        "quote_kinds": kinds,
        "quote_tiers": TIERS,
        "quote_languages": {k: v for k, v in LANGUAGES.items() if k not in ("en", "zh")},
        "quote_values": {},  # the choices of the quote shown, and the quote (none yet)
        "quote_preview": None,
    }
    if not versions:
        return shown | {"letter_approval": None}
    newest = approval(wb, actor, case_id, versions[0].version)
    return shown | {"letter_approval": newest, "approval_labels": DECISION_LABELS}


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: int) -> Response:
    return case_page_response(request, case_id)


@router.post("/cases/{case_id}/event")
async def case_event(request: Request, case_id: int) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    wb = workbench(request)
    event = form.get("event", "")
    force = bool(form.get("force"))
    case = service.get_case(wb, actor, case_id)
    pack = wb.policies.get_pack(case.platform)
    # what was typed stays in the form through a refusal or a confirmation
    typed = {"event_at": form.get("at", "").strip(), "event_note": form.get("note", "")}
    try:
        # when it happened, in the reader's zone unless typed with an offset; else now
        at = (
            clean_time(typed["event_at"], "at", ZoneInfo(time_zone(request)))
            if typed["event_at"]
            else None
        )
    except InvalidInput as exc:
        return case_page_response(
            request, case_id, 422, refusal=render_error(request, exc), forceable=False, **typed
        )
    try:
        # The platform's rules first: no point confirming what it would refuse anyway.
        with wb.db.reading() as session:  # an assumed deadline closes no entrance here either
            current = service.state_for_rules(session, case)
        rules.apply(current, event, at or wb.clock.now(), pack, force=force)
        if (
            event == "submitted"
            and rules.is_last_attempt(service.state_of(case), pack)
            and not form.get("confirm_last")
        ):
            return case_page_response(
                request, case_id, 409, confirm_last=True, forced=force, **typed
            )
        confirmed = bool(form.get("confirm_missing"))
        service.apply_event(
            wb,
            actor,
            case_id,
            event,
            at=at,
            force=force,
            require_materials=not confirmed,
            note=form.get("note", "") if event == "rejected" else "",
        )
    except InvalidInput as exc:  # a time in the future
        return case_page_response(
            request, case_id, 422, refusal=render_error(request, exc), forceable=False, **typed
        )
    except Conflict as exc:  # a closed entrance is not for recording anyway
        # required materials missing: a confirm step (the list is the page's own checklist)
        missing = exc.field == "materials"
        return case_page_response(
            request,
            case_id,
            409,
            refusal=render_error(request, exc),
            forceable=exc.field != "due_at",
            confirm_missing=missing,
            forced=force and missing,
            **typed,
        )
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/edit")
async def case_edit(request: Request, case_id: int) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    assignee = form.get("assignee_id", "")
    try:
        deadline = form.get("deadline") or None
        values = {
            "assignee_id": whole(assignee),
            "client_visible": form.get("client_visible") == "1",
            "deadline": clean_date(deadline, "deadline") if deadline else None,
        }
        service.update_case(workbench(request), actor, case_id, values)
    except InvalidInput as exc:
        return case_page_response(request, case_id, 422, error=render_error(request, exc))
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/violations")
async def case_violations(request: Request, case_id: int) -> Response:
    """Choose the case's violations from its platform's; the checklist and letter follow."""
    actor = page_actor(request)
    raw = await request.form()
    await verified_form(request)
    violations = [v for v in raw.getlist("violations") if isinstance(v, str)]
    try:
        service.update_case(workbench(request), actor, case_id, {"violations": violations})
    except InvalidInput as exc:
        return case_page_response(request, case_id, 422, error=render_error(request, exc))
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/triage")
async def case_triage(request: Request, case_id: int) -> Response:
    """Record the answer to the platform's triage question (seed 002)."""
    actor = page_actor(request)
    form = await verified_form(request)
    try:
        triage.answer_triage(
            workbench(request), actor, case_id, form.get("answer", ""), form.get("question")
        )
    except InvalidInput as exc:
        return case_page_response(request, case_id, 422, error=render_error(request, exc))
    return RedirectResponse(f"/cases/{case_id}#triage", status_code=303)


@router.post("/cases/{case_id}/comment")
async def case_comment(request: Request, case_id: int) -> Response:
    actor = page_actor(request)
    form = await verified_form(request)
    try:
        service.comment(workbench(request), actor, case_id, form.get("comment", ""))
    except InvalidInput as exc:
        return case_page_response(request, case_id, 422, error=render_error(request, exc))
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/notices/{notice_id}/case")
async def case_from_notice(request: Request, notice_id: int) -> Response:
    """One click from a stored notice: its account, violations and deadline."""
    actor = page_actor(request)
    await verified_form(request)
    case = from_notice.open_from_notice(workbench(request), actor, notice_id)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)
