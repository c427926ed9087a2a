"""no_evidence / dangling_exhibit: claims backed by citations that exist in the pack."""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter

# "Exhibit B, p. 3" in each letter language (the composer writes Anlage B, S. 3 in German,
# pièce B in French, anexo B in Spanish, allegato B in Italian, 附件B第3页, 添付資料B第3頁).
_LATIN_NAMES = r"exhibit|anlage|pi[eè]ce|anexo|allegato"
_LATIN_PAGE = r"p\.|pp\.|page|seite|s\.|p[aá]gina"
CITATION = re.compile(
    rf"\b(?:{_LATIN_NAMES})\s+(?P<latin>[A-Z]{{1,2}})\b"
    rf"(?:\s*,?\s*(?:{_LATIN_PAGE})\s*(?P<latin_page>\d+))?|"
    r"(?:附件|添付資料)\s*(?P<cjk>[A-Z]{1,2})(?![A-Za-z])(?:\s*第\s*(?P<cjk_page>\d+)\s*[页頁])?",
    re.I,
)
ANY_CITATION = re.compile(
    r"\bexhibit\b|\battach(ed|ment)|\bsee (the )?enclosed|附件|证据\s*[A-Z]|"
    r"\b(anlage|beigefügt|pi[eè]ce|ci-joint|anexo|adjunto|allegat[oi])\b|添付",
    re.I,
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
            name = (match["latin"] or match["cjk"]).upper()
            page = match["latin_page"] or match["cjk_page"]
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
