"""bad_name: the platform's naming pattern (Joom: StoreName_ViolationType_Date)."""

from __future__ import annotations

import re
from datetime import date, datetime

from ...errors import N_
from ..document import Context, Document, Problem


def _token(text: str, fallback: str) -> str:
    words = re.findall(r"[0-9A-Za-z\u4e00-\u9fff]+", text)
    return "".join(w[:1].upper() + w[1:] for w in words) or fallback


def suggested_name(ctx: Context, original: str, *, placeholders: bool = False) -> str | None:
    """The name the platform wants; a part not known (no store name given) is ``StoreName``,
    or with ``placeholders`` left as ``{store_name}`` for :func:`reinstate.i18n.render` to say
    in the reader's words."""
    pattern = ctx.pack.files.name_pattern
    if not pattern:
        return None
    base = _base(original)
    extension = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    if extension not in ctx.pack.files.formats:  # a file to convert: named as it will be
        extension = ctx.pack.files.formats[0]
    stem = pattern.format(
        store_name=_token(ctx.store_name, "{store_name}" if placeholders else "StoreName"),
        violation_type=_token(
            ctx.violation.replace("_", " "), "{violation_type}" if placeholders else "ViolationType"
        ),
        date=ctx.today.strftime(ctx.pack.files.date_format),
    )
    return f"{stem}.{extension}"


def pattern_example(pattern: str, date_format: str, day: date) -> str:
    """The pattern with its date written as one (a seller reads 20261201, not a placeholder);
    :func:`reinstate.i18n.pattern_in_words` names the other parts.

    >>> pattern_example("{store_name}_{violation_type}_{date}", "%Y%m%d", date(2026, 12, 1))
    '{store_name}_{violation_type}_20261201'
    """
    return pattern.replace("{date}", day.strftime(date_format))


def _base(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _matcher(pattern: str, date_format: str) -> re.Pattern[str]:
    digits = len(date_format.replace("%Y", "0000").replace("%m", "00").replace("%d", "00"))
    regex = re.escape(pattern)
    regex = (
        regex.replace(r"\{store_name\}", r"[^_\s]+")
        .replace(r"\{violation_type\}", r"[^_\s]+")
        .replace(r"\{date\}", rf"(?P<date>\d{{{digits}}})")
    )
    return re.compile(rf"^{regex}\.[A-Za-z0-9]+$")


def _follows(name: str, pattern: str, date_format: str) -> bool:
    """The name is in the pattern, and its date is one (never 20261399)."""
    found = _matcher(pattern, date_format).match(name)
    if found is None or found.groupdict().get("date") is None:
        return found is not None
    try:
        datetime.strptime(found["date"], date_format)
    except ValueError:
        return False
    return True


def check(doc: Document, ctx: Context) -> list[Problem]:
    pattern = ctx.pack.files.name_pattern
    if not pattern or _follows(_base(doc.name), pattern, ctx.pack.files.date_format):
        return []
    return [
        Problem(
            "bad_name",
            N_("The name does not follow {platform}'s pattern {pattern}."),
            N_("Rename it to {suggested}."),
            severity="warning",  # the evidence pack is named to the pattern anyway
            params={
                "platform": ctx.pack.names.en,
                # shown in words with today's date (i18n.render); the hint names this file
                "pattern": pattern_example(pattern, ctx.pack.files.date_format, ctx.today),
                "suggested": suggested_name(ctx, doc.name, placeholders=True),
            },
        )
    ]
