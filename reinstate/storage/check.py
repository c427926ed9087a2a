"""``reinstate storage check``: the blob store against the rows that point into it.

Three kinds of problem: temporary files a crashed write left (``kill -9`` during ``evidence
add``), blobs no row points to (written, then the process died before the row was committed),
and rows whose blob is missing (a lost or restored folder). ``repair`` removes the first two
once they are older than an hour (younger ones may belong to a write in progress); the third
needs the files back, so it is only reported.

Example::

    report = check_storage(wb, repair=False)
    print(report.ok, len(report.temp_files), len(report.orphan_blobs))
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..workbench import Workbench
from .blobs import STALE_SECONDS, BlobStore
from .tables import Document, Event, Notice

log = logging.getLogger("reinstate.storage")


@dataclass
class StorageReport:
    temp_files: list[dict[str, Any]] = field(default_factory=list)
    orphan_blobs: list[dict[str, Any]] = field(default_factory=list)
    missing_blobs: list[dict[str, Any]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        left = [f for f in self.temp_files + self.orphan_blobs if f["path"] not in self.removed]
        return not left and not self.missing_blobs

    def document(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "temp_files": self.temp_files,
            "orphan_blobs": self.orphan_blobs,
            "missing_blobs": self.missing_blobs,
            "removed": self.removed,
        }


def store_of(wb: Workbench) -> BlobStore:
    return BlobStore(wb.settings.data_dir / "blobs")


def sweep_at_start(wb: Workbench) -> int:
    """At the start of a command that writes blobs: remove temporary files over an hour old."""
    removed = store_of(wb).sweep_stale()
    if removed:
        log.info("removed %d stale temporary files from the blob store", len(removed))
    return len(removed)


def _references(session: Session) -> Iterator[tuple[str, str, int]]:
    """(digest, what, id) for every row that points into the store, hidden ones included."""
    for document_id, digest in session.execute(select(Document.id, Document.sha256)):
        yield digest, "document", document_id
    for notice_id, digest in session.execute(select(Notice.id, Notice.sha256)):
        yield digest, "notice", notice_id
    packs = select(Event.id, Event.after).where(Event.name == "evidence.pack_built")
    for event_id, after in session.execute(packs):
        for part in (after or {}).get("parts", []):
            yield str(part.get("sha256", "")), "pack_part", event_id


def _entry(path: Path, now: float) -> dict[str, Any]:
    stat = path.stat()
    age = max(0, int(now - stat.st_mtime))
    return {"path": str(path), "size": stat.st_size, "age_seconds": age}


def check_storage(wb: Workbench, *, repair: bool = False) -> StorageReport:
    store, now, report = store_of(wb), time.time(), StorageReport()
    with wb.db.reading() as session:
        references = list(_references(session))
    wanted = {digest for digest, _, _ in references}
    for path in store.temp_files():
        report.temp_files.append(_entry(path, now))
    for digest, path in store.digests():
        if digest not in wanted:
            report.orphan_blobs.append({"sha256": digest, **_entry(path, now)})
    for digest, what, row in references:
        if not store.has(digest):
            report.missing_blobs.append({"sha256": digest, "row": what, "id": row})
    if repair:
        for entry in report.temp_files + report.orphan_blobs:
            if entry["age_seconds"] >= STALE_SECONDS:
                Path(entry["path"]).unlink(missing_ok=True)
                report.removed.append(entry["path"])
    return report
