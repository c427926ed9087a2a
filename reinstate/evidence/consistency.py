"""Does what a seller says or submits match what the platform holds, character for character?

Only harmless differences are forgiven (full-/half-width forms, spaces and invisible
characters; letter case in email addresses and in codes; how a phone number is written);
anything else is a mismatch, shown as a character-level diff ("XX大厦A座501" vs "XX大厦5楼").

>>> c = compare("registered_address", "深圳市南山区XX大厦A座501", "深圳市南山区XX大厦5楼")
>>> (c.equal, [(op, text) for op, text in c.diff if op != "equal"])
(False, [('delete', 'A座'), ('replace', '01→楼')])
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from ..errors import ReinstateError
from ..ids import USCC_ALPHABET, check_uscc
from ..storage.tables import SellerAccount

REHEARSED = (
    "seller_id",
    "company_name",
    "registered_address",
    "uscc",
    "legal_representative",
    "legal_rep_id_number",
    "registered_email",
    "phone",
)
SECRET = frozenset({"legal_rep_id_number"})
_USCC_IN_TEXT = re.compile(rf"(?<![0-9A-Z])[{USCC_ALPHABET}]{{18}}(?![0-9A-Z])")


@dataclass
class Comparison:
    field: str
    equal: bool
    diff: list[tuple[str, str]]  # (equal|delete|insert|replace, text); empty for secrets


# codes whose letters are one case by definition (the ID check character X, a credit code's
# letters, Amazon's merchant token): a code typed in lower case is the same code
CODES = frozenset({"legal_rep_id_number", "uscc", "seller_id"})


def normalise(value: str, field: str = "") -> str:
    """What is compared: spaces and invisible characters (a zero-width space pasted with the
    text) do not count, nor full- or half-width forms; every other character does."""
    text = unicodedata.normalize("NFKC", value)
    text = "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")
    if field == "phone" and text:
        from ..association.identifiers import normalise as identifier

        try:  # +86 138 0013 8000 and 138-0013-8000 are one number
            return identifier("phone", text)
        except ReinstateError:
            return text
    if field in CODES:
        return text.upper()
    return text.lower() if field == "registered_email" else text


def _diff(expected: str, given: str) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(
        None, expected, given, autojunk=False
    ).get_opcodes():
        if op == "equal":
            parts.append(("equal", expected[a1:a2]))
        elif op == "delete":
            parts.append(("delete", expected[a1:a2]))
        elif op == "insert":
            parts.append(("insert", given[b1:b2]))
        else:
            parts.append(("replace", f"{expected[a1:a2]}→{given[b1:b2]}"))
    return parts


def compare(field: str, expected: str, given: str) -> Comparison:
    left, right = normalise(expected, field), normalise(given, field)
    equal = left == right
    if field in SECRET:
        return Comparison(field, equal, [])
    return Comparison(field, equal, [] if equal else _diff(left, right))


def rehearse(account: SellerAccount, answers: dict[str, str]) -> list[Comparison]:
    """Compare typed answers with the profile; fields left blank are skipped."""
    return [
        compare(field, getattr(account, field) or "", answers[field])
        for field in REHEARSED
        if answers.get(field, "").strip()
    ]


def credit_codes_in(text: str) -> list[str]:
    found = _USCC_IN_TEXT.findall(unicodedata.normalize("NFKC", text).upper())
    return [code for code in dict.fromkeys(found) if check_uscc(code).valid]
