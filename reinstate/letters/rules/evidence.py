"""no_evidence / dangling_exhibit: claims backed by citations that exist in the pack."""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter

CITATION = re.compile(
    r"\bexhibit\s+([A-Z]{1,2})\b(?:\s*,?\s*(?:p\.|pp\.|page)\s*(\d+))?|"
    r"附件\s*([A-Z]{1,2})(?![A-Za-z])(?:\s*第\s*(\d+)\s*页)?",
    re.I,
)
ANY_CITATION = re.compile(
    r"\bexhibit\b|\battach(ed|ment)|\bsee (the )?enclosed|附件|证据\s*[A-Z]", re.I
)


def check(letter: Letter) -> list[Finding]:
    if not ANY_CITATION.search(letter.text):
        return [
            Finding(
                "no_evidence", N_("The letter cites no evidence (exhibits, attachments)."), None
            )
        ]
    if letter.exhibits is None:
        return []
    ranges = {e.letter: e for e in letter.exhibits}
    found = []
    for number, line in enumerate(letter.lines, 1):
        for match in CITATION.finditer(line):
            name = (match.group(1) or match.group(3)).upper()
            page = match.group(2) or match.group(4)
            exhibit = ranges.get(name)
            if exhibit is None:
                found.append(
                    Finding(
                        "dangling_exhibit",
                        N_("Exhibit {exhibit} is not in the evidence pack."),
                        number,
                        params={"exhibit": name},
                    )
                )
            elif page and not exhibit.first_page <= int(page) <= exhibit.last_page:
                found.append(
                    Finding(
                        "dangling_exhibit",
                        N_("Exhibit {exhibit} has no page {page}: it is pages {first}-{last}."),
                        number,
                        params={
                            "exhibit": name,
                            "page": page,
                            "first": exhibit.first_page,
                            "last": exhibit.last_page,
                        },
                    )
                )
    return found
