"""Chinese identity numbers: validation and masking (pure functions).

- Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from
  ``0-9A-HJ-NPQRTUWXY`` (no I, O, Z, S, V), the last a check character (weights 3^i mod 31).
- Resident identity card number (居民身份证号码), GB 11643-1999: 17 digits with a real birth date
  at positions 7-14, then an ISO 7064 MOD 11-2 check character (``0-9`` or ``X``).

>>> check_uscc("91350100M000100Y43").valid
True
>>> mask_id_number("11010519491231002X")
'110***********002X'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .errors import N_

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_ID_CHECK = "10X98765432"
_CN_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
# First-generation cards (GB 11643-1989): 15 digits, a two-digit birth year, no check digit;
# they stopped being valid on 2013-01-01.
_OLD_CN_ID = re.compile(r"^\d{6}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}$")


_PASTED = re.compile(r"[\s\-\u3000\u2010-\u2015\u2212\ufe58\ufe63\u200b-\u200d\u2060\ufeff]")


@dataclass(frozen=True)
class IdCheck:
    valid: bool
    reason: str | None  # an i18n message id when not valid


def normalise_id(value: str) -> str:
    """Upper-case, drop spaces, hyphens and dashes of every kind and the invisible characters a
    copied web page or chat message carries (zero-width space, byte-order mark), and turn
    full-width characters half-width."""
    half = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in value)
    return _PASTED.sub("", half).upper()


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_uscc(value: str) -> IdCheck:
    code = normalise_id(value)
    if len(code) != 18:
        return IdCheck(False, N_("A unified social credit code has 18 characters."))
    bad = {c for c in code if c not in USCC_ALPHABET}
    if bad and bad <= set("IOZSV"):
        return IdCheck(False, N_("A unified social credit code cannot contain I, O, Z, S or V."))
    if bad:  # a stray ＃, a Chinese character, a punctuation mark pasted with it
        return IdCheck(
            False,
            N_(
                "A unified social credit code has only digits and capital letters "
                "(not I, O, Z, S or V)."
            ),
        )
    if uscc_check_char(code[:17]) != code[17]:
        return IdCheck(
            False, N_("The check character of this unified social credit code is wrong.")
        )
    return IdCheck(True, None)


def cn_id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _CN_ID_WEIGHTS, strict=True))
    return _CN_ID_CHECK[total % 11]


def check_cn_id(value: str, *, today: date | None = None) -> IdCheck:
    number = normalise_id(value)
    if _OLD_CN_ID.match(number):
        return IdCheck(
            False,
            N_(
                "This is an old 15-digit ID number, no longer valid since 2013: "
                "give the 18-digit number on the current card."
            ),
        )
    if not _CN_ID_SHAPE.match(number):
        return IdCheck(False, N_("A resident ID number has 17 digits and a check digit or X."))
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return IdCheck(False, N_("The birth date in this resident ID number does not exist."))
    if born.year < 1900 or (today is not None and born > today):
        return IdCheck(False, N_("The birth date in this resident ID number does not exist."))
    if cn_id_check_char(number[:17]) != number[17]:
        return IdCheck(False, N_("The check digit of this resident ID number is wrong."))
    return IdCheck(True, None)


def looks_like_cn_id(value: str) -> bool:
    return bool(_CN_ID_SHAPE.match(normalise_id(value)))


def mask_id_number(value: str | None) -> str | None:
    """Hide the middle of a personal identity number; keep enough to recognise it."""
    if value is None:
        return None
    number = normalise_id(value)
    if len(number) <= 4:
        return "*" * len(number)
    head = min(3, (len(number) - 4) // 2)
    return number[:head] + "*" * (len(number) - head - 4) + number[-4:]


# Written whole, or in its three parts (region, birth date, sequence and check) apart by a space
# or a hyphen, as a seller types it into a file name or a form.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{6})[ \-]?(\d{8})[ \-]?(\d{3}[\dXx])(?![0-9A-Za-z])")


def mask_ids_in_text(text: str, *, valid_only: bool = False) -> str:
    """Mask every resident-ID-shaped number inside free text (on log records), or, with
    ``valid_only``, every real one (a birth date that exists and the right check digit) on text
    a person reads, where an order number of 18 digits (Taobao's) must stay readable.

    >>> mask_ids_in_text("身份证号：11010519491231002X，订单 123456789012345678", valid_only=True)
    '身份证号：110***********002X，订单 123456789012345678'
    """

    def masked(found: re.Match[str]) -> str:
        if valid_only and not check_cn_id(found.group(0).upper()).valid:
            return found.group(0)
        return mask_id_number(found.group(0)) or ""

    return _ID_IN_TEXT.sub(masked, text)
