"""too_large: over the platform's size limit per file."""

from __future__ import annotations

from ...errors import N_
from ..document import Context, Document, Problem


def check(doc: Document, ctx: Context) -> list[Problem]:
    limit = ctx.pack.files.max_mb
    megabytes = len(doc.data) / (1024 * 1024)
    if limit is None or megabytes <= limit:
        return []
    return [
        Problem(
            "too_large",
            N_("{size} MB is over {platform}'s limit of {limit} MB per file."),
            N_("Compress the scans or split the file into parts under the limit."),
            params={
                "size": f"{megabytes:.1f}",
                "limit": f"{limit:g}",
                "platform": ctx.pack.names.en,
            },
        )
    ]
