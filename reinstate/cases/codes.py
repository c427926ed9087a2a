"""The violation codes a case may name: its platform's (from the policy pack), and ``other``.

>>> from reinstate.policies.loader import load_policies
>>> clean_violations(["counterfeit", "counterfeit"], load_policies()["joom"])
['counterfeit']
>>> clean_violations(["Counterfeit", "Late Shipment", "关联账号"], load_policies()["amazon"])
['counterfeit', 'late_shipment', 'related_accounts']
>>> amazon = load_policies()["amazon"]
>>> with_violations(amazon, ["buyer_account_association"], {"listings_for_sale": "yes"})
(['buyer_account_association'], 'statement')
>>> with_violations(amazon, ["late_shipment"], {"listings_for_sale": "yes"})
(['late_shipment'], None)
"""

from __future__ import annotations

import re
import unicodedata
from typing import get_args

from ..errors import N_, InvalidInput
from ..policies import triage
from ..policies.schema import CaseKind, Pack
from ..policies.taxonomy import ViolationCode
from ..storage.tables import Notice
from ..validation import clean_choice

VIOLATION_CODES: tuple[str, ...] = get_args(ViolationCode)
# The kinds of notice a case may answer (notices.kinds; an informational one asks nothing).
CASE_KINDS: tuple[str, ...] = tuple(k for k in get_args(CaseKind) if k != "informational")


def clean_kind(value: str) -> str:
    """A case's kind as typed ("Metric alert", "metric-alert"), or one sentence."""
    typed = "_".join(value.replace("-", " ").split()).lower() if isinstance(value, str) else value
    return clean_choice(typed, "case_kind", CASE_KINDS)


def notice_case_kind(notice: Notice) -> str | None:
    """The kind of a case opened from ``notice``: the notice's (one stored before kinds
    existed offered a suspension's case); None for a notice read as asking nothing."""
    kind = (notice.report or {}).get("kind", "suspension")
    return kind if kind in CASE_KINDS else None


def violation_choices(pack: Pack) -> list[str]:
    """The codes a case on this platform may name: the pack's violations, and ``other``."""
    return [*pack.violations, "other"]


def _folded(name: str) -> str:
    return re.sub(r"[\s\-_]+", "_", unicodedata.normalize("NFKC", name).strip()).casefold()


def violation_code(value: str, pack: Pack) -> str:
    """The code a member names a violation by: its code in any case or spacing ("Late
    Shipment"), its name on this platform or its label, in English or Chinese; else ``value``
    as it was, for :func:`clean_violations` to refuse in one sentence."""
    from ..i18n import gettext_for
    from ..labels import VIOLATION_LABELS

    wanted, chinese = _folded(value), gettext_for("zh_CN")
    for code in (*violation_choices(pack), *VIOLATION_CODES):
        names = [code]
        if code in pack.violations:
            names += [pack.violations[code].name.en, pack.violations[code].name.zh]
        if code in VIOLATION_LABELS:
            names += [VIOLATION_LABELS[code], chinese(VIOLATION_LABELS[code])]
        if wanted in {_folded(name) for name in names}:
            return code
    return value


def clean_violations(values: list[str], pack: Pack) -> list[str]:
    """The codes, each one the platform knows: a Shopee case cannot name Amazon's
    buyer-account link (it would have no checklist and no deadline rule)."""
    if not values:
        raise InvalidInput(N_("Name at least one violation."), field="violations")
    values = [violation_code(value, pack) if isinstance(value, str) else value for value in values]
    choices = violation_choices(pack)
    for code in values:
        if code in VIOLATION_CODES and code not in choices:
            raise InvalidInput(
                N_("{platform} does not name the violation “{value}”: choose one of {choices}."),
                field="violation",
                platform=pack.names.en,
                value=code,
                choices=", ".join(choices),
            )
        clean_choice(code, "violation", tuple(choices))
    return list(dict.fromkeys(values))


def with_violations(
    pack: Pack, values: list[str], answers: dict[str, str]
) -> tuple[list[str], str | None]:
    """The violations a member chose (checked) and the letter type the case's recorded triage
    answers make of them, as answering the triage does: an answer that would leave these
    violations as they are keeps its letter type; one that would change them no longer
    decides it, and the type is left to the violations."""
    codes = clean_violations(values, pack)
    letter_type = None
    for question_id, answer in answers.items():
        if pack.triage_question(question_id) is None:
            continue
        named, chosen = triage.answered(pack, codes, question_id, answer)
        if named == codes and chosen is not None:
            letter_type = chosen
    return codes, letter_type
