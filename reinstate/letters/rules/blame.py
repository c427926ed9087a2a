"""blame: putting the fault on the platform, buyers or carriers instead of owning the fix."""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter

PARTY = (
    r"(amazon|joom|shopee|temu|aliexpress|tiktok|taobao|your (system|team|algorithm)|"
    r"the platform|the buyer|buyers|the customer|customers|the carrier|carriers|"
    r"the courier|the shipping company|the logistics (company|provider)|USPS|UPS|FedEx|DHL)"
)
FAULT = (
    r"(fault|to blame|mistake|wrong(ly)?|unfair(ly)?|lied|lying|scam\w*|failed to|"
    r"responsible for|is responsible|are responsible|did not deliver|never delivered|"
    r"caused (this|the))"
)
PATTERN = re.compile(
    rf"\b{PARTY}\b[^.!?]{{0,60}}\b{FAULT}\b|not (our|my) fault|we are not responsible|"
    rf"(平台|买家|客户|物流|快递)[^。！？]{{0,12}}(的错|责任|误判|乱判|恶意)",
    re.I,
)


def check(letter: Letter) -> list[Finding]:
    return [
        Finding("blame", N_("This blames someone else; show what you control and changed."), number)
        for number, sentence in letter.sentences()
        if PATTERN.search(sentence)
    ]
