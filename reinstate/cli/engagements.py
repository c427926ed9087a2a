"""``reinstate engagement``: accept a case's quote, list the SLA, mark delivered, send the SLA
reminders; ``reinstate deliverable report|review|prevention``: the root-cause analysis report,
the failure review after a rejection, the prevention checklist after a reinstatement (issue 19)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import N_, InvalidInput, NotFound
from .common import (
    JsonFlag,
    OrgOption,
    cli_gettext,
    cli_settings,
    emit,
    opened,
    org_actor,
    sub_app,
    write_file,
)
from .quoting import (
    AdvisoryOption,
    DeclarationOption,
    HistoryRepairOption,
    LanguagesOption,
    MetricsOption,
    ReconstructionOption,
    RushOption,
    TierOption,
    languages,
    padded,
    quote_text,
    tier,
)

if TYPE_CHECKING:
    from ..auth.actor import Actor
    from ..workbench import Workbench


def case_actor(wb: Workbench, case_id: int) -> Actor:
    """The command line, as an owner of the case's organisation."""
    from ..auth.actor import Actor
    from ..storage.tables import Case

    with wb.db.reading() as session:
        case = session.get(Case, case_id)
    if case is None:
        raise NotFound(N_("There is no case {id}."), id=case_id)
    return Actor.command_line(case.org_id)


# the accepted quote's deliverables fall due after the platform's deadline for the case
AFTER_DEADLINE = N_(
    "The deliverables fall due after the case's deadline ({deadline}): the letter would come "
    "too late to submit."
)
engagement_app = sub_app("engagement", "Engagements: accepted quotes and their SLA clock.")


@engagement_app.command("accept")
def accept(
    case_id: int,
    org: OrgOption,
    kind: Annotated[str, typer.Option("--kind", help="Kind of case, e.g. metric.")] = "metric",
    metrics: MetricsOption = 1,
    rush: RushOption = False,
    languages_: LanguagesOption = None,
    tier_: TierOption = None,
    reconstruction: ReconstructionOption = False,
    history_repair: HistoryRepairOption = False,
    advisory: AdvisoryOption = False,
    declaration: DeclarationOption = False,
    working_days: Annotated[
        int, typer.Option("--working-days", help="Working days to deliver in.")
    ] = 3,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Only price the quote from the price list; nothing is stored."
        ),
    ] = False,
    digest: Annotated[
        str | None,
        typer.Option("--digest", help="Accept only the quote a dry run showed with this digest."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Accept the case's quote from the organisation's price list: an engagement on the SLA.
    With --dry-run, print the quote (each line and the total) and store nothing."""
    from .. import timezones
    from ..provider import service
    from ..provider.views import QuotePreview

    options = service.QuoteOptions(
        kind=kind.strip().lower(),
        metrics=metrics,
        rush=rush,
        languages=languages(languages_),
        tier=tier(tier_),
        reconstruction=reconstruction,
        history_repair=history_repair,
        advisory=advisory,
        declaration=declaration,
        working_days=working_days,
    )
    _, language = cli_gettext(), cli_settings().language
    with opened() as wb:
        actor = org_actor(wb, org)
        if dry_run:
            quote, shown = service.preview_quote(wb, actor, case_id, options)
            service.check_shown(options, quote, digest)
            preview = QuotePreview.shown(case_id, quote, shown, _, language)
            said = _(
                "Dry run: nothing was stored. To accept exactly this quote, add --digest {digest}."
            ).format(digest=shown)
            emit(as_json, preview.document(), quote_text(preview, _) + "\n" + said)
            return
        service.accept_quote(wb, actor, case_id, options, digest)
        view = service.engagement_view(wb, actor, case_id, _, language)
    due = timezones.shown(view.due_at, "UTC")
    text = f"#{case_id}  {view.total} {view.currency}  {due}"
    if view.after_deadline and view.case_deadline_at is not None:
        deadline = timezones.shown(view.case_deadline_at, "UTC")
        text += "\n" + _(AFTER_DEADLINE).format(deadline=deadline)
    emit(as_json, view.document(), text)


@engagement_app.command("list")
def listing(org: OrgOption, as_json: JsonFlag = False) -> None:
    """Every engagement by due time, with its SLA state and agent."""
    from ..provider.service import sla_list
    from ..timezones import shown_in

    with opened() as wb:
        listed = sla_list(wb, org_actor(wb, org), cli_gettext(), cli_settings().language)
    due = shown_in("UTC")  # to the minute, as case list shows a deadline
    lines = [
        f"#{e.case_id:<5} {due(e.due_at):<20} {padded(e.sla_label, 22)} {e.agent or '-'}"
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
    _ = cli_gettext()
    text = _(
        "SLA reminders: {due} due, {sent} sent, {failed} failed, {without_channel} without a "
        "channel."
    ).format(**document)
    emit(as_json, document, text + (" " + _("Dry run: nothing was sent.") if dry_run else ""))


deliverable_app = sub_app(
    "deliverable", "Deliverables: root-cause report, failure review, prevention checklist."
)


def _pdf_path(out: Path) -> None:
    if out.suffix.lower() != ".pdf":
        raise InvalidInput(
            N_("Write the report to a .pdf file, not {name}."), field="out", name=out.name
        )


OutOption = Annotated[Path, typer.Option("--out", help="The PDF to write.")]


@deliverable_app.command("report")
def deliverable_report(case_id: int, out: OutOption, as_json: JsonFlag = False) -> None:
    """Write the case's root-cause analysis report (Chinese and English) as a PDF."""
    from ..provider.report import report_content, report_pdf

    _pdf_path(out)
    with opened() as wb:
        content = report_content(wb, case_actor(wb, case_id), case_id)
    data = report_pdf(content)
    write_file(out, data)
    document = {"case_id": case_id, "path": str(out), "bytes": len(data)}
    emit(as_json, document, str(out))


@deliverable_app.command("review")
def deliverable_review(case_id: int, out: OutOption, as_json: JsonFlag = False) -> None:
    """Write the failure review of the case's latest rejection (Chinese and English) as a PDF."""
    from ..provider.review import review_content, review_pdf

    _pdf_path(out)
    with opened() as wb:
        content = review_content(wb, case_actor(wb, case_id), case_id)
    data = review_pdf(content)
    write_file(out, data)
    document = {
        "case_id": case_id,
        "path": str(out),
        "bytes": len(data),
        "number": content.number,
        "chargeable": content.chargeable,
        "amount": content.amount,
        "currency": content.currency or None,
    }
    emit(as_json, document, str(out))


@deliverable_app.command("prevention")
def deliverable_prevention(case_id: int, out: OutOption, as_json: JsonFlag = False) -> None:
    """Write the prevention checklist of a reinstated case (Chinese and English) as a PDF."""
    from ..provider.prevention import prevention_content, prevention_pdf

    _pdf_path(out)
    with opened() as wb:
        content = prevention_content(wb, case_actor(wb, case_id), case_id)
    data = prevention_pdf(content)
    write_file(out, data)
    checks = sum(len(s.checks) for s in content.sections)
    watch = content.watch_until.isoformat() if content.watch_until else None
    document = {
        "case_id": case_id,
        "path": str(out),
        "bytes": len(data),
        "checks": checks,
        "recurrence_watch_until": watch,
    }
    emit(as_json, document, str(out))
