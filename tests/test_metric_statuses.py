"""The statuses ``metrics compute`` prints are worked out for a whole file at once
(``judge.statuses``); each must be the one the rule for a single value (``judge.status``, the
SPEC's wording) gives, at every boundary of every kind of target a pack can set."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from reinstate.metrics.judge import STATUSES, Target, status, statuses

# rates at and around the packs' targets (1%, 4%, 95%, 0), their at-risk edges, and the ends
VALUES = sorted(
    {0.0, 1.0, 0.5, 2.0, 24.0}
    | {
        edge + nudge
        for edge in (0.01, 0.008, 0.04, 0.032, 0.95, 0.96, 0.99, 0.9, 0.2, 1e-12)
        for nudge in (-1e-9, -1e-13, 0.0, 1e-13, 1e-9)
    }
)
TARGETS = [
    Target(value, comparator, margin, unit)
    for value, comparator, margin, unit in itertools.product(
        (0.01, 0.04, 0.95, 0.0, 1.0, 24.0),
        ("lt", "le", "gt", "ge"),
        (0.2, 0.1, 0.0),
        ("rate", "hours"),
    )
]


@pytest.mark.parametrize("target", TARGETS, ids=repr)
def test_each_status_of_a_file_is_the_one_its_value_alone_gets(target: Target) -> None:
    values = np.array([*VALUES, np.nan])
    found = [STATUSES[code] for code in statuses(values, target)]
    expected = [status(None if np.isnan(v) else float(v), target) for v in values]
    assert found == expected


def test_no_target_is_no_data() -> None:
    assert [STATUSES[c] for c in statuses(np.array([0.5, np.nan]), None)] == ["no_data"] * 2
