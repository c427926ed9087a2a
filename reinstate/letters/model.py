"""What a lint rule sees: the letter's lines and sentences, the platform, the notice's facts,
and the evidence pack's exhibits; and what it returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..policies.schema import Pack
from .index import Match


@dataclass(frozen=True)
class Finding:
    code: str
    message: str  # i18n message id
    line: int | None
    severity: str = "error"  # or "warning"
    params: dict[str, Any] = field(default_factory=dict)
    weight: int | None = None  # what it costs the score, when not its code's usual weight


@dataclass(frozen=True)
class ExhibitRange:
    letter: str
    first_page: int
    last_page: int

    @classmethod
    def from_map(cls, exhibits: list[dict[str, Any]]) -> list[ExhibitRange]:
        """From the exhibit map an evidence pack records (``exhibit``, ``first_page``, …)."""
        return [cls(e["exhibit"], int(e["first_page"]), int(e["last_page"])) for e in exhibits]


@dataclass
class Letter:
    text: str
    pack: Pack
    violations: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)  # SKUs, ASINs, order ids of the notice
    exhibits: list[ExhibitRange] | None = None  # None: no pack to check citations against
    others: dict[str, str] = field(default_factory=dict)  # other accounts' letters
    similar: list[Match] = field(default_factory=list)  # found by the organisation's index
    letter_type: str = "plan_of_action"  # or "statement": the structure rules follow it
    language: str | None = None  # the letter's language when not the platform's (issue 19)
    reference: str = ""  # the notice's reference id, which the reviewer files the appeal under

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def sentences(self) -> list[tuple[int, str]]:
        """(line number, sentence) for every sentence."""
        found = []
        for number, line in enumerate(self.lines, 1):
            for sentence in re.split(r"(?<=[.!?。！？])\s*", line):
                if sentence.strip():
                    found.append((number, sentence.strip()))
        return found
