"""``reinstate storage check [--repair] [--json]``: leftovers of crashed writes, and rows whose
file is gone. Exit 1 while a problem remains."""

from __future__ import annotations

from typing import Annotated

import typer

from ..storage.check import check_storage
from .common import JsonFlag, emit, opened, sub_app

storage_app = sub_app("storage", "The file store: check it against the database.")


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
    lines = [
        f"temporary files: {len(report.temp_files)}",
        f"blobs no row points to: {len(report.orphan_blobs)}",
        f"rows whose file is missing: {len(report.missing_blobs)}",
        f"removed: {len(report.removed)}",
    ]
    lines += [f"  missing {m['row']} {m['id']}: {m['sha256']}" for m in report.missing_blobs]
    lines.append("ok" if report.ok else "problems remain")
    emit(as_json, report.document(), "\n".join(lines))
    if not report.ok:
        raise typer.Exit(1)
