"""The violation codes a case may name: its platform's (from the policy pack), and ``other``.

>>> from reinstate.policies.loader import load_policies
>>> clean_violations(["counterfeit", "counterfeit"], load_policies()["joom"])
['counterfeit']
"""

from __future__ import annotations

from typing import get_args

from ..errors import N_, InvalidInput
from ..policies.schema import Pack
from ..policies.taxonomy import ViolationCode

VIOLATION_CODES: tuple[str, ...] = get_args(ViolationCode)


def violation_choices(pack: Pack) -> list[str]:
    """The codes a case on this platform may name: the pack's violations, and ``other``."""
    return [*pack.violations, "other"]


def clean_violations(values: list[str], pack: Pack) -> list[str]:
    """The codes, each one the platform knows: a Shopee case cannot name Amazon's
    buyer-account link (it would have no checklist and no deadline rule)."""
    if not values:
        raise InvalidInput(N_("Name at least one violation."), field="violations")
    choices = violation_choices(pack)
    for code in values:
        if code not in VIOLATION_CODES:
            raise InvalidInput(
                N_("{field} “{value}” is not known: choose one of {choices}."),
                field="violation",
                value=code,
                choices=", ".join(choices),
            )
        if code not in choices:
            raise InvalidInput(
                N_("{platform} does not name the violation “{value}”: choose one of {choices}."),
                field="violation",
                platform=pack.names.en,
                value=code,
                choices=", ".join(choices),
            )
    return list(dict.fromkeys(values))
