"""``reinstate storage check [--repair] [--json]``: leftovers of crashed writes, and rows whose
file is gone. Exit 1 while a problem remains."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import N_
from ..storage.check import check_storage
from .common import JsonFlag, cli_gettext, emit, opened, sub_app

storage_app = sub_app("storage", "The file store: check it against the database.")

# What a row that points into the store is (the ``row`` of a missing blob).
ROW_LABELS = {
    "document": N_("document"),
    "notice": N_("notice"),
    "pack_part": N_("evidence pack of event"),
}


@storage_app.command("check")
def storage_check(
    repair: Annotated[
        bool,
        typer.Option(
            "--repair", help="Remove temporary files and unreferenced blobs over an hour old."
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Temporary files, blobs no row points to, rows whose blob is missing."""
    with opened() as wb:
        report = check_storage(wb, repair=repair)
    _ = cli_gettext()
    lines = [
        _("temporary files: {count}").format(count=len(report.temp_files)),
        _("blobs no row points to: {count}").format(count=len(report.orphan_blobs)),
        _("rows whose file is missing: {count}").format(count=len(report.missing_blobs)),
        _("removed: {count}").format(count=len(report.removed)),
    ]
    lines += [
        "  "
        + _("missing {what} {id}: {digest}").format(
            what=_(ROW_LABELS.get(m["row"], m["row"])), id=m["id"], digest=m["sha256"]
        )
        for m in report.missing_blobs
    ]
    lines.append(_("ok") if report.ok else _("problems remain"))
    emit(as_json, report.document(), "\n".join(lines))
    if not report.ok:
        raise typer.Exit(1)
