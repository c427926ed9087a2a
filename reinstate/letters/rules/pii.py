"""pii: full identity, bank or card numbers have no place in a letter."""

from __future__ import annotations

import re

from ...errors import N_
from ...ids import check_cn_id
from ..model import Finding, Letter

CN_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
DIGITS = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
KINDS = {"identity": N_("identity"), "card": N_("card"), "bank": N_("bank account")}
BANK = re.compile(r"(bank|account|iban|账号|账户|卡号)[^\n]{0,20}?(\d[\d ]{9,30}\d)", re.I)


def luhn(number: str) -> bool:
    digits = [int(d) for d in number][::-1]
    total = sum(
        d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits)
    )
    return total % 10 == 0


def check(letter: Letter) -> list[Finding]:
    found = []
    for number, line in enumerate(letter.lines, 1):
        kind = None
        if any(check_cn_id(m).valid for m in CN_ID.findall(line)):
            kind = "identity"
        elif any(
            luhn(re.sub(r"\D", "", m)) and 13 <= len(re.sub(r"\D", "", m)) <= 19
            for m in DIGITS.findall(line)
        ):
            kind = "card"
        elif BANK.search(line):
            kind = "bank"
        if kind:
            found.append(
                Finding(
                    "pii",
                    N_("Line {line} shows a full {kind} number: leave it out or mask it."),
                    number,
                    params={"line": number, "kind": kind},
                )
            )
    return found
