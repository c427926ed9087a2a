"""The facts of a notice: reference id, deadline, violations, SKUs, ASINs, order ids, sections.

>>> from reinstate.policies.loader import load_policies
>>> from reinstate.notices.parse import read_notice
>>> n = read_notice(b"Your listing B07XJ8C8F5 (SKU: BO-LAMP-01) was removed. "
...                 b"Reference ID: 8472-AB19. Submit your appeal within 7 days.")
>>> f = extract_facts(n, load_policies()["amazon"], today=date(2026, 11, 18))
>>> (f.reference_id, f.asins, f.skus, f.deadline.isoformat(), f.deadline_source)
('8472-AB19', ['B07XJ8C8F5'], ['BO-LAMP-01'], '2026-11-25', 'relative')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..policies.schema import Pack
from .parse import ParsedNotice

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DEADLINE_CUE = (
    r"(?:by|before|no later than|until|deadline[:\s]*|due[:\s]*|"
    r"截止(?:日期|时间)?[:：]?\s*|请于|须于|在)"
)
_DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"), ("y", "m", "d")),
    (re.compile(_MONTH + r"\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", re.I), ("M", "d", "y")),
    (re.compile(r"(\d{1,2}) " + _MONTH + r"\.?,? (\d{4})", re.I), ("d", "M", "y")),
)
_RELATIVE = re.compile(
    r"within (\d{1,3}) (?:calendar |business |working )?days|"
    r"(\d{1,3}) ?(?:个)?(?:自然日|工作日|天)内",
    re.I,
)
_REFERENCE = re.compile(
    r"(?:reference|ref\.?|case|ticket|notice|appeal)\s*+(?:(?:id|number|no\.?|#)\s*+)?[:#：]\s*+"
    r"((?=[A-Z0-9-]{0,40}\d)[A-Z0-9][A-Z0-9-]{3,40})|"
    r"(?:编号|案例号|工单号|申诉单号)\s*+(?:[:：]\s*+)?((?=[A-Z0-9-]{0,40}\d)[A-Z0-9-]{4,40})",
    re.I,
)
_ASIN = re.compile(r"\b(B0[0-9A-Z]{8})\b")
_SKU = re.compile(r"\bSKUs?(?:\s*+ID)?\s*+(?:[:#：]\s*+)?([A-Za-z0-9][A-Za-z0-9_.-]{2,40})", re.I)
_JOOM_SKU = re.compile(r"\bJOOM-\d{3,}\b")
_AMAZON_ORDER = re.compile(r"\b\d{3}-\d{7}-\d{7}\b")
_ORDER = re.compile(
    r"(?:order\s*+(?:id|number|no\.?|#)\s*+(?:[:#：]\s*+)?|订单号\s*+(?:[:：]\s*+)?)"
    r"([A-Z0-9][A-Z0-9-]{5,40})",
    re.I,
)
_SECTION = re.compile(
    r"\b(?:section|clause|article)\s+(\d+(?:\.\d+)*)|第[一二三四五六七八九十百\d]+条", re.I
)


# Real notices are a few KB; a 10 MB one is hostile, and what matters is at its start.
SCAN_CHARS = 200_000


@dataclass
class Facts:
    reference_id: str | None = None
    deadline: date | None = None
    deadline_source: str | None = None  # "explicit", "relative" or "platform_default"
    violations: list[str] = field(default_factory=list)
    skus: list[str] = field(default_factory=list)
    asins: list[str] = field(default_factory=list)
    order_ids: list[str] = field(default_factory=list)
    policy_sections: list[str] = field(default_factory=list)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _as_date(match: re.Match[str], order: tuple[str, ...]) -> date | None:
    values = dict(zip(order, match.groups(), strict=True))
    try:
        month = int(values["m"]) if "m" in values else _MONTHS[values["M"].lower()[:3]]
        return date(int(values["y"]), month, int(values["d"]))
    except (ValueError, KeyError):
        return None


def explicit_deadline(text: str) -> date | None:
    """The earliest date that follows a deadline cue ("by", "before", "截止", ...)."""
    found = []
    for cue in re.finditer(_DEADLINE_CUE, text, re.I):
        window = text[cue.end() : cue.end() + 40]
        for pattern, order in _DATE_FORMS:
            match = pattern.match(window.lstrip(" ：:"))
            if match and (day := _as_date(match, order)):
                found.append(day)
    return min(found) if found else None


def _deadline(
    notice: ParsedNotice, pack: Pack | None, today: date
) -> tuple[date | None, str | None]:
    text = scanned_text(notice)
    explicit = explicit_deadline(text)
    if explicit:
        return explicit, "explicit"
    start = notice.date.date() if notice.date else today
    relative = _RELATIVE.search(text)
    if relative:
        return start + timedelta(days=int(relative.group(1) or relative.group(2))), "relative"
    if pack is not None and pack.appeal.submission_days:
        return start + timedelta(days=pack.appeal.submission_days), "platform_default"
    return None, None


def violations_in(text: str, pack: Pack) -> list[str]:
    hits = []
    for code, violation in pack.violations.items():
        for pattern in violation.patterns.en + violation.patterns.zh:
            match = re.search(pattern, text, re.I)
            if match:
                hits.append((match.start(), code))
                break
    return [code for _, code in sorted(hits)]


def scanned_text(notice: ParsedNotice) -> str:
    """The subject and the text the facts are looked for in: its first ``SCAN_CHARS``."""
    return f"{notice.subject}\n{notice.text[:SCAN_CHARS]}"


def extract_facts(notice: ParsedNotice, pack: Pack | None, *, today: date) -> Facts:
    text = scanned_text(notice)
    reference = _REFERENCE.search(text)
    deadline, source = _deadline(notice, pack, today)
    return Facts(
        reference_id=(reference.group(1) or reference.group(2)) if reference else None,
        deadline=deadline,
        deadline_source=source,
        violations=violations_in(text, pack) if pack else [],
        skus=_unique(
            [m.group(1).rstrip(".") for m in _SKU.finditer(text)] + _JOOM_SKU.findall(text)
        ),
        asins=_unique(_ASIN.findall(text)),
        order_ids=_unique(
            _AMAZON_ORDER.findall(text) + [m.group(1) for m in _ORDER.finditer(text)]
        ),
        policy_sections=_unique([m.group(0) for m in _SECTION.finditer(text)]),
    )
