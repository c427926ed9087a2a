"""too_long: over the platform's limit for an appeal's text (when the pack states one)."""

from __future__ import annotations

from ...errors import N_
from ..model import Finding, Letter


def check(letter: Letter) -> list[Finding]:
    limit = letter.pack.appeal.max_letter_chars
    if limit is None or len(letter.text) <= limit:
        return []
    return [
        Finding(
            "too_long",
            N_("{length} characters: {platform} accepts at most {limit}."),
            None,
            params={"length": len(letter.text), "limit": limit, "platform": letter.pack.names.en},
        )
    ]
