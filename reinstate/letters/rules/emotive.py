"""emotive_language: pleading, outrage and shouting, which reviewers discount."""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter
from .structure import is_section_heading

WORDS = re.compile(
    r"\b(unfair|unjust|ridiculous|outrageous|desperate|devastated|heartbroken|"
    r"beg(ging)?|please,? please|i am begging|frustrat\w*|angry|shocked|"
    r"disgusted|absurd|nightmare|our family|my children|last hope)\b|!{2,}|"
    r"不公平|冤枉|委屈|无辜|心寒|求求|拜托|崩溃|绝望|太过分|全家人|一家老小|养家|(唯一|最后)的希望",
    re.I,
)
# a word in capitals on its own; one inside an identifier ("JOOM-55120", "SKU_ABCD") is a code
SHOUTING = re.compile(r"(?<![\w-])[A-Z]{4,}(?![\w-])")
# what sellers write in capitals because that is how it is written: identifiers, marks and rules
# of product compliance, carriers, platforms
ACRONYMS = frozenset(
    "SKUS ASIN ASINS FNSKU GTIN GTINS ISBN EORI IOSS UKCA CPSC CPSIA GPSR REACH ROHS WEEE "
    "LUCID EUTR USPS FEDEX HTTPS JOOM TEMU SHEIN TIKTOK".split()
)


def check(letter: Letter) -> list[Finding]:
    found = []
    for number, line in enumerate(letter.lines, 1):
        match = WORDS.search(line)
        # a heading in capitals ("ROOT CAUSE ANALYSIS") is a letter's layout, not shouting
        shouting = (
            []
            if is_section_heading(line)
            else [w for w in SHOUTING.findall(line) if w not in ACRONYMS]
        )
        if match or len(shouting) >= 3:
            words = match.group(0) if match else " ".join(shouting[:3])
            found.append(
                Finding(
                    "emotive_language",
                    N_("Emotional wording (“{words}”): state facts instead."),
                    number,
                    severity="warning",
                    params={"words": words},
                )
            )
    return found
