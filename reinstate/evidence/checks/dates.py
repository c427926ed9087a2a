"""expired / too_old: validity dates in the past, or documents older than the material allows."""

from __future__ import annotations

import re
from datetime import timedelta

from ...errors import N_
from ..document import Context, Document, Problem, dates_after

_VALID_UNTIL = re.compile(
    r"valid until|valid through|valid thru|valid to\b|expiry date|expires( on)?|"
    r"expiration date|period of validity|validity period|validity\s*[:：]|valid period|"
    r"(term|period) of authori[sz]ation|authori[sz]ation (period|term)|"
    r"有效期至|有效期限至|有效期截止|截止日期|有效期限|有效期|授权有效期|授权期限|授权期|"
    r"营业期限|经营期限",
    re.I,
)
# An invoice's own date is often written "Date:" alone (日期：); a due, delivery or expiry date
# is not when it was issued.
_ISSUED = re.compile(
    r"invoice date|date of issue|issued on|issue date|开票日期|出具日期|签发日期|"
    r"(?<![a-z] )(?<![a-z])date\s*[:：]|"
    r"(?<!到期)(?<!截止)(?<!交货)(?<!失效)(?<!有效)(?<!付款)日期\s*[:：]",
    re.I,
)


def check(doc: Document, ctx: Context) -> list[Problem]:
    text = doc.text
    if not text:
        return []
    problems = []
    ends = dates_after(text, _VALID_UNTIL)
    if ends and max(ends) < ctx.today:
        problems.append(
            Problem(
                "expired",
                N_("It expired on {date}."),
                N_("Get a current version (a renewed licence or authorisation)."),
                params={"date": max(ends).isoformat()},
            )
        )
    limit = ctx.material.max_age_days if ctx.material else None
    issued = dates_after(text, _ISSUED, first=True)
    if limit and issued and max(issued) < ctx.today - timedelta(days=limit):
        problems.append(
            Problem(
                "too_old",
                N_("It is dated {date}, older than {days} days."),
                N_("Use a document issued within the last {days} days."),
                params={"date": max(issued).isoformat(), "days": limit},
            )
        )
    return problems
