"""too_large: over the platform's size limit per file."""

from __future__ import annotations

import math

from ...errors import N_
from ..document import Context, Document, Problem

MB = 1024 * 1024  # as the limits are checked, and as the messages say them


def shown_over(megabytes: float) -> str:
    """A size over a limit as said to the reader: rounded up, so that a file just over 10 MB
    reads "10.1 MB", never "10.0 MB is over the limit of 10 MB".

    >>> shown_over((10 * MB + 1) / MB), shown_over(12.34)
    ('10.1', '12.4')
    """
    return f"{math.ceil(megabytes * 10) / 10:.1f}"


def over_limit(size: int, ctx: Context, own_limit_mb: float | None = None) -> Problem | None:
    """The problem of a file of ``size`` bytes: over the platform's limit, else over
    ``own_limit_mb`` (the most a command reads to check a file), else none."""
    limit = ctx.pack.files.max_mb
    megabytes = size / MB
    if limit is not None and megabytes > limit:
        return Problem(
            "too_large",
            N_("{size} MB is over {platform}'s limit of {limit} MB per file."),
            N_("Compress the scans or split the file into parts under the limit."),
            params={
                "size": shown_over(megabytes),
                "limit": f"{limit:g}",
                "platform": ctx.pack.names.en,
            },
        )
    if own_limit_mb is not None and megabytes > own_limit_mb:
        return Problem(
            "too_large",
            N_("{size} MB is more than the {limit} MB a file is checked up to."),
            N_("Compress the scans or split the file into parts under the limit."),
            params={"size": shown_over(megabytes), "limit": f"{own_limit_mb:g}"},
        )
    return None


def check(doc: Document, ctx: Context) -> list[Problem]:
    problem = over_limit(len(doc.data), ctx)
    return [problem] if problem else []
