"""``reinstate engagement``: accept a case's quote, list the SLA, mark delivered, send the SLA
reminders (issue 19)."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import JsonFlag, OrgOption, cli_gettext, cli_settings, emit, opened, org_actor, sub_app

engagement_app = sub_app("engagement", "Engagements: accepted quotes and their SLA clock.")


def _languages(value: str | None) -> tuple[str, ...]:
    return tuple(p.strip().lower() for p in (value or "").split(",") if p.strip())


@engagement_app.command("accept")
def accept(
    case_id: int,
    org: OrgOption,
    kind: Annotated[str, typer.Option("--kind", help="Kind of case, e.g. metric.")] = "metric",
    metrics: Annotated[int, typer.Option("--metrics", help="Metrics appealed together.")] = 1,
    rush: Annotated[bool, typer.Option("--rush", help="Deliver within the rush hours.")] = False,
    languages: Annotated[
        str | None, typer.Option("--languages", help="Extra letter languages, e.g. de,fr.")
    ] = None,
    tier: Annotated[str | None, typer.Option("--tier", help="Account tier.")] = None,
    working_days: Annotated[
        int, typer.Option("--working-days", help="Working days to deliver in.")
    ] = 3,
    as_json: JsonFlag = False,
) -> None:
    """Accept the case's quote from the organisation's price list: an engagement on the SLA."""
    from ..provider.service import QuoteOptions, accept_quote, engagement_view

    options = QuoteOptions(
        kind=kind.strip().lower(),
        metrics=metrics,
        rush=rush,
        languages=_languages(languages),
        tier=tier,
        working_days=working_days,
    )
    with opened() as wb:
        actor = org_actor(wb, org)
        accept_quote(wb, actor, case_id, options)
        view = engagement_view(wb, actor, case_id, cli_gettext(), cli_settings().language)
    emit(as_json, view.document(), f"#{case_id}  {view.total} {view.currency}  {view.due_at}")


@engagement_app.command("list")
def listing(org: OrgOption, as_json: JsonFlag = False) -> None:
    """Every engagement by due time, with its SLA state and agent."""
    from ..provider.service import sla_list

    with opened() as wb:
        listed = sla_list(wb, org_actor(wb, org), cli_gettext(), cli_settings().language)
    lines = [
        f"#{e.case_id:<5} {e.due_at.isoformat():<26} {e.sla_label:<22} {e.agent or '-'}"
        for e in listed.engagements
    ]
    emit(as_json, listed.document(), "\n".join(lines) or cli_gettext()("No accepted quotes yet."))


@engagement_app.command("deliver")
def deliver(case_id: int, org: OrgOption, as_json: JsonFlag = False) -> None:
    """Mark the case's deliverables delivered."""
    from ..provider.service import deliver, engagement_view

    with opened() as wb:
        actor = org_actor(wb, org)
        deliver(wb, actor, case_id)
        view = engagement_view(wb, actor, case_id, cli_gettext(), cli_settings().language)
    emit(as_json, view.document(), f"#{case_id}  {view.sla_label}")


@engagement_app.command("remind")
def remind(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count what is due.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Send the SLA reminders that are due (safe to run from cron, and twice at once)."""
    from ..provider import reminders

    with opened() as wb:
        report = reminders.send_due(wb, dry_run=dry_run)
    document = {
        "due": report.due,
        "sent": len(report.sent),
        "failed": len(report.failed),
        "without_channel": len(report.without_channel),
        "dry_run": dry_run,
    }
    emit(as_json, document, " ".join(f"{k}={v}" for k, v in document.items()))
