"""One rule per module; RULES is the order problems are reported in."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Finding, Letter
from . import (
    blame,
    coverage,
    emotive,
    evidence,
    items,
    language,
    length,
    overpromise,
    pii,
    placeholder,
    platform,
    repetition,
    similarity,
    statement,
    structure,
    vague_promise,
)

Rule = Callable[[Letter], list[Finding]]
RULES: tuple[Rule, ...] = (
    structure.check,
    statement.check,
    coverage.check,
    items.check,
    evidence.check,
    emotive.check,
    blame.check,
    vague_promise.check,
    overpromise.check,
    placeholder.check,
    language.check,
    platform.check,
    pii.check,
    length.check,
    similarity.check,
    repetition.check,
)
