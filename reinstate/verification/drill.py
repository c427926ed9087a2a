"""The data drill: what the reviewer asks, read from the stored business licence and ID documents
(their text layer) and compared, character for character, with the account profile Seller
Central holds. Seed 004: answers and documents must match the platform's record exactly
("XX大厦A座501" ≠ "XX大厦5楼"), and a wrong record is fixed within 24 h.

The document is the truth (the original's text is what the reviewer reads), so a difference is
shown as what the profile would have to change: ``compare(field, document, profile)``. ID
numbers are never shown or kept in full: found values are masked and their comparison has no
character diff.

>>> text = "营业执照\\n名称 深圳市蓝海贸易有限公司\\n住所 深圳市南山区XX大厦A座501\\n"
>>> [(f.field, f.value) for f in read_document(text, ["business_licence"])]
[('company_name', '深圳市蓝海贸易有限公司'), ('registered_address', '深圳市南山区XX大厦A座501')]
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass

from ..evidence.consistency import Comparison, compare, credit_codes_in
from ..ids import check_cn_id, mask_id_number, normalise_id

LICENCE = "business_licence"
ID_CARD = "legal_person_id"
MATERIALS = (LICENCE, ID_CARD)
# the next field's label ends a value written on the same line (two-column layouts)
_NEXT = (
    r"(?=\s+(?:类\s*型|成立日期|注册资本|营业期限|经营范围|登记机关|法定代表人|住\s*所|名\s*称|"
    r"性\s*别|民\s*族|出\s*生|住\s*址|公民身份号码|Type|Date|Registered capital|Business scope)|$)"
)
_CUES: dict[str, dict[str, str]] = {
    LICENCE: {
        "company_name": r"(?:企业名称|名\s*称|Company name)",
        "registered_address": r"(?:住\s*所|注册地址|经营场所|营业场所|Registered address|Domicile)",
        "legal_representative": r"(?:法定代表人|负\s*责\s*人|经\s*营\s*者|Legal representative)",
    },
    ID_CARD: {"legal_representative": r"(?:姓\s*名|Name)"},
}
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_NAME_FIELDS = frozenset({"legal_representative"})


@dataclass(frozen=True)
class Found:
    field: str
    value: str  # as the document writes it (ID numbers in full: never kept, see Finding)


@dataclass(frozen=True)
class Finding:
    """One fact of one document against the profile."""

    field: str
    source: str  # the document's file name
    found: str  # what the document says (an ID number masked)
    profile: str  # what the profile holds (an ID number masked)
    comparison: Comparison

    @property
    def equal(self) -> bool:
        return self.comparison.equal


def _value(text: str, cue: str, field: str) -> str | None:
    # a label starts a line, or a second column after a gap of spaces
    match = re.search(rf"(?m)(?:^\s*|[ \t]{{2,}}|\t){cue}\s*[:：]?\s*(.+?){_NEXT}", text)
    if match is None:
        return None
    value = match.group(1).strip()
    if field in _NAME_FIELDS:  # a name ends at a column's gap: "Zhang Wei" is one name
        value = re.split(r"\s{2,}", value)[0]
    return value or None


def read_document(text: str, materials: list[str]) -> list[Found]:
    """The facts a licence or ID document states, by profile field."""
    text = unicodedata.normalize("NFKC", text)
    found: dict[str, str] = {}
    for material in MATERIALS:
        if material not in materials:
            continue
        for field, cue in _CUES[material].items():
            value = _value(text, cue, field)
            if value and field not in found:
                found[field] = value
    if LICENCE in materials:
        codes = credit_codes_in(text)
        if codes:
            found["uscc"] = codes[0]
    if ID_CARD in materials:
        numbers = [n for n in _ID_NUMBER.findall(text) if check_cn_id(n).valid]
        if numbers:
            found["legal_rep_id_number"] = normalise_id(numbers[0])
    order = ("company_name", "uscc", "registered_address", "legal_representative")
    keys = sorted(found, key=lambda f: order.index(f) if f in order else len(order))
    return [Found(field, found[field]) for field in keys]


def _shown(field: str, value: str) -> str:
    return (mask_id_number(value) or "") if field == "legal_rep_id_number" else value


def findings(
    profile: dict[str, str], source: str, text: str, materials: list[str]
) -> list[Finding]:
    """Each fact of one document compared with the profile (the document is the truth)."""
    return [
        Finding(
            field=fact.field,
            source=source,
            found=_shown(fact.field, fact.value),
            profile=_shown(fact.field, profile.get(fact.field, "")),
            comparison=compare(fact.field, fact.value, profile.get(fact.field, "")),
        )
        for fact in read_document(text, materials)
    ]


def practice_digits() -> str:
    """A fresh 8-digit string to read aloud, as the reviewer's liveness check asks."""
    return f"{secrets.randbelow(10**8):08d}"
