"""``reinstate case``, ``reinstate remind`` and ``reinstate org notify``."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any

import typer
from sqlalchemy import select

from ..accounts.service import get_account
from ..auth.actor import Actor
from ..auth.service import user_by_email
from ..cases import reminders, rules, service, triage, views
from ..errors import N_, Conflict, InvalidInput, NotFound
from ..i18n import gettext_for
from ..storage.tables import Case, Organisation, SellerAccount
from ..validation import clean_time
from ..workbench import Workbench
from .admin import org_app
from .common import (
    JsonFlag,
    app,
    cli_gettext,
    cli_settings,
    emit,
    opened,
    org_actor,
    parse_date,
    sub_app,
)

case_app = sub_app("case", "Appeal cases: open, record what happened, list by deadline.")
_DURATION = re.compile(r"^(\d+)\s*([mhd])$")


MAX_DURATION = timedelta(days=36_600)
# the options case open and case update share
DeadlineOption = Annotated[str | None, typer.Option(help="Submission deadline, YYYY-MM-DD.")]
AssigneeOption = Annotated[str | None, typer.Option(help="Email of the member in charge.")]


def parse_duration(value: str) -> timedelta:
    match = _DURATION.match(value.strip().lower())
    if not match:
        raise InvalidInput(
            N_("“{value}” is not a duration: write it as 72h, 3d or 90m."),
            field="due_within",
            value=value,
        )
    amount, unit = int(match.group(1)), match.group(2)
    try:
        window = timedelta(**{{"m": "minutes", "h": "hours", "d": "days"}[unit]: amount})
    except OverflowError:
        window = timedelta.max
    if window > MAX_DURATION:  # past a century, now + window would leave the calendar
        raise InvalidInput(
            N_("“{value}” is too long a duration: at most {days} days."),
            field="due_within",
            value=value,
            days=MAX_DURATION.days,
        )
    return window


def _account_actor(wb: Workbench, account_id: int) -> Actor:
    with wb.db.reading() as session:
        account = session.get(SellerAccount, account_id)
    if account is None or account.deleted_at is not None:
        raise NotFound(N_("There is no seller account {id}."), id=account_id)
    return Actor.command_line(account.org_id)


def case_actor(wb: Workbench, case_id: int) -> Actor:
    with wb.db.reading() as session:
        case = session.get(Case, case_id)
    if case is None:
        raise NotFound(N_("There is no case {id}."), id=case_id)
    return Actor.command_line(case.org_id)


@case_app.command("open")
def case_open(
    account: Annotated[int, typer.Option("--account", help="Seller account id.")],
    platform: Annotated[str, typer.Option(help="The account's platform.")],
    violation: Annotated[list[str], typer.Option("--violation", help="Violation code; repeat.")],
    notice: Annotated[int | None, typer.Option("--notice", help="A stored notice id.")] = None,
    notice_date: Annotated[str | None, typer.Option("--notice-date", help="ISO time.")] = None,
    deadline: DeadlineOption = None,
    assignee: AssigneeOption = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="What the case answers: suspension, warning, claim, metric_alert or "
            "verification_invitation (default: its notice's). The platform's attempt limit "
            "governs some kinds only.",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Open a case for a seller account."""
    with opened() as wb:
        actor = _account_actor(wb, account)
        platform = wb.policies.resolve(platform)
        if get_account(wb, actor, account).platform != platform:
            raise InvalidInput(
                N_("Seller account {id} is not on {platform}."),
                field="platform",
                id=account,
                platform=wb.policies.get_pack(platform).names.get(cli_settings().language),
            )
        assignee_id = user_by_email(wb, assignee).id if assignee else None
        case = service.open_case(
            wb,
            actor,
            account,
            violation,
            notice_id=notice,
            notice_date=clean_time(notice_date, "notice_date") if notice_date else None,
            deadline=parse_date(deadline, "deadline") if deadline else None,
            assignee_id=assignee_id,
            kind=kind,
        )
        view = views.summarised(wb, case, cli_settings().language).document()
        _ = cli_gettext()
        text = _("Case {id}: {state}, due {due}").format(
            id=case.id, state=_state(view["state"]), due=_due(view["due_at"])
        )
        if view["overdue"]:  # opened from a notice whose deadline had already passed
            text += f" ({_('overdue')})"
        # the platform's attempt limit, when it does not state it for certain
        note = [view["attempts_note"]] if view["attempts_note"] else []
        emit(as_json, view, "\n".join([text, *note]))


def _state(code: str) -> str:
    from ..labels import CASE_STATE_LABELS

    return cli_gettext()(CASE_STATE_LABELS.get(code, code))


def _due(due_at: str | None) -> str:
    from ..timezones import shown

    return shown(due_at, "UTC") if due_at else "—"


def _violation_names(wb: Workbench, platform: str, codes: list[str]) -> str:
    language, pack = cli_settings().language, wb.policies.get_pack(platform)
    return ", ".join(
        v.name.get(language) if (v := pack.violation(code)) else cli_gettext()(N_("Other"))
        for code in codes
    )


@case_app.command("violations")
def case_violations(
    account: Annotated[int, typer.Option("--account", help="Seller account id.")],
    as_json: JsonFlag = False,
) -> None:
    """The violations a case for this account may name: its platform's, with their names."""
    language = cli_settings().language
    _ = gettext_for(language)
    with opened() as wb:
        platform = get_account(wb, _account_actor(wb, account), account).platform
        pack = wb.policies.get_pack(platform)
    rows = [
        {
            "code": code,
            "name": v.name.get(language) if (v := pack.violation(code)) else _(N_("Other")),
        }
        for code in service.violation_choices(pack)
    ]
    emit(as_json, rows, "\n".join(f"{r['code']:<28} {r['name']}" for r in rows))


@case_app.command("event")
def case_event(
    case_id: int,
    event: str,
    at: Annotated[str | None, typer.Option("--at", help="When it happened (ISO time).")] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Record it despite the platform's wait before a resubmission."
        ),
    ] = False,
    confirm: Annotated[
        bool,
        typer.Option("--confirm", help="Mark it submitted though required materials are missing."),
    ] = False,
    note: Annotated[
        str, typer.Option("--note", help="The platform's words, e.g. a rejection's reason.")
    ] = "",
    as_json: JsonFlag = False,
) -> None:
    """Record what happened: submitted, rejected, info_requested, reinstated or withdrawn."""
    with opened() as wb:
        try:
            outcome = service.apply_event(
                wb,
                case_actor(wb, case_id),
                case_id,
                event,
                at=clean_time(at, "at") if at else None,
                force=force,
                require_materials=not confirm,
                note=note,
            )
        except Conflict as exc:
            if exc.message == rules.EARLY_RESUBMISSION:  # "confirm" is a flag here too
                raise Conflict(
                    N_(
                        "{platform} accepts a new submission only from {time} ({hours} h after "
                        "the rejection); use --force to record it anyway."
                    ),
                    field=exc.field,
                    **exc.params,
                ) from exc
            if exc.field != "materials":
                raise
            # the service's sentence says "confirm"; on the command line that is a flag
            raise Conflict(
                N_(
                    "{count} required materials are not provided; use --confirm to mark the "
                    "case submitted anyway."
                ),
                field="materials",
                **exc.params,
            ) from exc
        _ = gettext_for(cli_settings().language)
        shown = views.case_outcome(wb, outcome, cli_settings().language)
        view = shown.model_copy(update={"notes": [_(n) for n in shown.notes]}).document()
        left = view["attempts_left"]
        text = [
            _("Case {id}: {state}, attempts used {used}, left {left}").format(
                id=case_id,
                state=_state(view["state"]),
                used=view["attempts_used"],
                left=left if left is not None else "—",
            )
        ]
        # the platform's clocks the event started: when it takes the next submission, and by
        # when it said it would answer
        if view["resubmit_not_before"]:
            text.append(
                _("Next submission from {time}").format(time=_due(view["resubmit_not_before"]))
            )
        if view["review_due"]:
            text.append(_("Review due by {time}").format(time=_due(view["review_due"])))
        if view["attempts_note"]:  # the platform does not state its limit for certain
            text.append(view["attempts_note"])
        emit(as_json, view, "\n".join(text + view["notes"]))


@case_app.command("triage")
def case_triage(
    case_id: int,
    answer: Annotated[str, typer.Argument(help="yes, no or unknown.")],
    question: Annotated[
        str | None, typer.Option(help="The question's id; default the platform's only one.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Answer the platform's triage question (Amazon: are the listings still for sale?); the
    case's violations, checklist and letter type follow the answer."""
    with opened() as wb:
        case = triage.answer_triage(wb, case_actor(wb, case_id), case_id, answer, question)
        view = views.summarised(wb, case, cli_settings().language).document()
        names = _violation_names(wb, view["platform"], view["violations"])
    from ..labels import LETTER_TYPE_LABELS

    _ = cli_gettext()
    letter = view["letter_type"]
    text = _("Case {id}: {violations}; letter: {letter}").format(
        id=case_id, violations=names, letter=_(LETTER_TYPE_LABELS.get(letter, letter))
    )
    emit(as_json, view, text)


@case_app.command("update")
def case_update(
    case_id: int,
    violation: Annotated[
        list[str] | None,
        typer.Option("--violation", help="Violation code; repeat. Replaces the case's violations."),
    ] = None,
    deadline: DeadlineOption = None,
    assignee: AssigneeOption = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="What the case answers (see case open).")
    ] = None,
    client_visible: Annotated[
        bool | None,
        typer.Option("--client-visible/--hidden-from-client", help="Whether the client sees it."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Change a case's violations (its checklist and letter type follow), deadline, member in
    charge or whether the client sees it: only what is given."""
    values: dict[str, Any] = {}
    if violation:
        values["violations"] = violation
    if deadline is not None:
        values["deadline"] = parse_date(deadline, "deadline")
    if client_visible is not None:
        values["client_visible"] = client_visible
    if kind is not None:
        values["kind"] = kind
    with opened() as wb:
        if assignee is not None:
            values["assignee_id"] = user_by_email(wb, assignee).id
        if not values:
            raise InvalidInput(
                N_(
                    "Say what to change: --violation, --deadline, --kind, --assignee or "
                    "--client-visible."
                ),
                field="case",
            )
        case = service.update_case(wb, case_actor(wb, case_id), case_id, values)
        view = views.summarised(wb, case, cli_settings().language).document()
        names = _violation_names(wb, view["platform"], view["violations"])
    _ = cli_gettext()
    text = _("Case {id}: {violations}; due {due}").format(
        id=case_id, violations=names, due=_due(view["due_at"])
    )
    emit(as_json, view, text)


@case_app.command("list")
def case_list(
    due_within: Annotated[str | None, typer.Option("--due-within", help="e.g. 72h")] = None,
    org: Annotated[int | None, typer.Option("--org", help="Only this organisation.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Cases by deadline, soonest first (every organisation unless --org)."""
    window = parse_duration(due_within) if due_within else None
    with opened() as wb:
        with wb.db.reading() as session:
            orgs = [org] if org else list(session.scalars(select(Organisation.id)))
        found: list[Case] = []
        for org_id in orgs:
            found += service.list_cases(wb, org_actor(wb, org_id), due_within=window)
        rows = views.case_list(wb, found, cli_settings().language).document()["items"]
        rows.sort(key=lambda r: (r["due_at"] is None, r["due_at"] or "", r["id"]))
        emit(as_json, rows, _case_lines(wb, rows))


def _case_lines(wb: Workbench, rows: list[dict[str, Any]]) -> str:
    """One line per case in words: number, deadline (UTC), platform, state, and overdue or the
    last attempt marked."""
    from ..labels import CASE_STATE_LABELS
    from ..timezones import shown

    _, language = cli_gettext(), wb.settings.language
    lines = []
    for r in rows:
        pack = wb.policies.get_pack(r["platform"])
        state = _(CASE_STATE_LABELS.get(r["state"], r["state"]))
        due = shown(r["due_at"], "UTC") if r["due_at"] else "—"
        marks = [_("overdue")] if r["overdue"] else []
        marks += [_("last attempt")] if r["last_attempt"] else []
        # the words last: a Chinese character is two columns wide, padding counts it as one
        line = f"#{r['id']:<5} {due:<20}  {pack.names.get(language)} · {state}"
        lines.append(line + (f"  ({', '.join(marks)})" if marks else ""))
    return "\n".join(lines) if lines else _("No cases.")


@app.command()
def remind(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count what is due.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Send the reminders, alerts and SLA reminders that are due (safe to run from cron)."""
    from ..alerts.send import AlertReport, send_alerts
    from ..provider.reminders import send_due as send_sla

    with opened() as wb:
        report = reminders.send_due(wb, dry_run=dry_run)
        alerts = AlertReport() if dry_run else send_alerts(wb)
        sla = send_sla(wb, dry_run=dry_run)
    document = {
        "due": report.due,
        "sent": len(report.sent),
        "failed": len(report.failed),
        "without_channel": len(report.without_channel),
        "refused": len(report.refused),
        "alerts_sent": len(alerts.sent),
        "alerts_failed": len(alerts.failed),
        "sla_sent": len(sla.sent),
        "sla_failed": len(sla.failed),
        "dry_run": dry_run,
    }
    _ = cli_gettext()
    text = _(
        "Reminders: {due} due, {sent} sent, {failed} failed, {without_channel} without a "
        "channel, {refused} refused. Alerts: {alerts_sent} sent, {alerts_failed} failed. "
        "SLA reminders: {sla_sent} sent, {sla_failed} failed."
    ).format(**document)
    emit(as_json, document, text + (" " + _("Dry run: nothing was sent.") if dry_run else ""))


@org_app.command("notify")
def org_notify(
    org_id: int,
    url: Annotated[list[str] | None, typer.Option("--url", help="apprise URL; repeat.")] = None,
    hours: Annotated[
        list[int] | None, typer.Option("--hours", help="Hours before; repeat.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Set an organisation's reminder channels and how long before a deadline they fire."""
    with opened() as wb:
        settings = service.set_reminder_settings(wb, org_actor(wb, org_id), urls=url, hours=hours)
    _ = cli_gettext()
    text = _("Reminders {hours} hours before a deadline; channels: {channels}").format(
        hours=", ".join(str(h) for h in settings["hours"]) or "—",
        channels=", ".join(settings["channels"]) or _("none"),
    )
    emit(as_json, settings, text)
