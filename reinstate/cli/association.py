"""``reinstate association``: import identifiers, scan an organisation, explain one store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .common import (
    JsonFlag,
    OrgOption,
    cli_gettext,
    cli_ngettext,
    cli_settings,
    emit,
    opened,
    org_actor,
    sub_app,
)

association_app = sub_app(
    "association", "Association risk: stores linked by shared identifiers, and why."
)


def _scan_text(document: dict[str, Any]) -> str:
    from ..association.views import LEVEL_LABELS, STRENGTH_LABELS

    _, lines = cli_gettext(), []
    for number, group in enumerate(document["groups"], start=1):
        names = ", ".join(f"{i} {group['names'][str(i)]}" for i in group["accounts"])
        risk = _(LEVEL_LABELS.get(group["risk"], group["risk"]))
        title, word = _("Group {number}").format(number=number), _("risk")
        lines.append(f"{title} ({word}: {risk}): {names}")
        for link in group["links"]:
            shared = "; ".join(
                f"{s['kind_label']} {s['masked']} ({_(STRENGTH_LABELS[s['strength']])})"
                for s in link["shared"]
            )
            lines.append(f"  {link['a']} - {link['b']}: {shared}")
        lines += [f"  ! {r['sentence']}" for r in group["at_risk"]]
    lines = lines or [_("No stores share an identifier.")]
    return "\n".join(lines + _uncounted_lines(document["not_counted"]))


def _uncounted_lines(found: list[dict[str, Any]]) -> list[str]:
    return [f"  - {u['a']} {u['a_name']} - {u['b']} {u['b_name']}: {u['reason']}" for u in found]


@association_app.command("import")
def association_import(
    file: Annotated[
        Path, typer.Argument(help="CSV: account_id, kind, value, first_seen, last_seen")
    ],
    org: OrgOption,
    as_json: JsonFlag = False,
) -> None:
    """Import identifiers of the organisation's stores; bad rows are reported and left out."""
    from ..association.imports import as_written_message, import_identifiers, problem_messages
    from ..errors import N_, InvalidInput

    if not file.is_file():
        raise InvalidInput(N_("There is no file {path}."), field="file", path=str(file))
    with opened() as wb:
        report = import_identifiers(wb, org_actor(wb, org), file)
    _, ngettext = cli_gettext(), cli_ngettext()
    rows, added, accounts = report["rows"], report["added"], report["accounts"]
    bad, repeated = report["bad_rows"], report["repeated"]
    text = _("{rows}: {added} kept for {accounts}, {bad}.").format(
        rows=ngettext("{count} row", "{count} rows", rows).format(count=rows),
        added=ngettext("{count} identifier", "{count} identifiers", added).format(count=added),
        accounts=ngettext("{count} account", "{count} accounts", accounts).format(count=accounts),
        bad=ngettext("{count} bad row", "{count} bad rows", bad).format(count=bad),
    )
    if repeated:
        text += " " + ngettext(
            "{count} row repeated an identifier already kept.",
            "{count} rows repeated an identifier already kept.",
            repeated,
        ).format(count=repeated)
    kept_as_written = as_written_message(report, ngettext)
    emit(as_json, report, "\n".join([text, *kept_as_written, *problem_messages(report, _)]))


@association_app.command("scan")
def association_scan(org: OrgOption, as_json: JsonFlag = False) -> None:
    """Group the organisation's stores by the identifiers they share, with the risk of each."""
    from ..association import service, views

    with opened() as wb:
        world = service.load_world(wb, org_actor(wb, org))
    document = views.scan(world, cli_settings().language).document()
    emit(as_json, document, _scan_text(document))


@association_app.command("explain")
def association_explain(account_id: int, as_json: JsonFlag = False) -> None:
    """What one store shares with others, and whether that puts it at risk."""
    from ..association import service, views
    from ..auth.actor import Actor
    from ..errors import N_, NotFound
    from ..storage.tables import SellerAccount

    with opened() as wb:
        with wb.db.reading() as session:
            account = session.get(SellerAccount, account_id)
        if account is None or account.deleted_at is not None:
            raise NotFound(N_("There is no seller account {id}."), id=account_id)
        world = service.load_world(wb, Actor.command_line(account.org_id))
    shown = views.explain(world, account_id, cli_settings().language).document()
    lines = [f"{shown['account_id']} {shown['name']}", *shown["sentences"]]
    if shown["at_risk"]:
        lines.append(shown["at_risk"]["sentence"])
    if shown["proof"]:
        lines.append(cli_gettext()("Proof of independent operation to prepare:"))
        lines += [f"  - {p['name']}: {p['valid_when']}" for p in shown["proof"]]
    lines += _uncounted_lines(shown["not_counted"])
    emit(as_json, shown, "\n".join(lines))
