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
# "wrong" of the goods ("buyers received the wrong colour") is the seller's own error, not blame
GOODS = (
    r"colou?rs?|sizes?|items?|products?|variants?|models?|labels?|parts?|batch(es)?|goods|"
    r"units?|versions?|skus?|packag\w*|quantit\w*"
)
FAULT = (
    rf"(fault|to blame|mistake|wrongly|wrong(?! ({GOODS})\b)|unfair(ly)?|lied|lying|scam\w*|"
    r"failed to|"
    r"responsible for|is responsible|are responsible|did not deliver|never delivered|"
    r"caused (this|the))"
)
# Others in the seller's own chain (a supplier, a competitor, a forwarder): a root cause may
# name them and what they did, so only words that put the fault on them count ("our supplier
# sent a wrong batch" is a root cause; "it was our supplier's fault" is blame)
OTHERS = (
    r"(supplier|manufacturer|factory|wholesaler|vendor|distributor|competitor|rival|"
    r"third[- ]party|freight forwarder|forwarder|warehouse|agent)"
)
OTHERS_FAULT = (
    rf"\b{OTHERS}s?'s? fault|\bfault (of|lies with|lay with|is with|was with) (the|our|a) {OTHERS}|"
    rf"\b{OTHERS}s? (is|are|was|were) (to blame|at fault)|"
    rf"\b{OTHERS}s?\b[^.!?]{{0,40}}\b(lied|lying|cheat(ed|ing)?|scam\w*|sabotag\w*|"
    r"malicious(ly)?|framed us|reported us|complained about us|attack(ed|ing)? us)\b"
)
PATTERN = re.compile(
    rf"\b{PARTY}\b[^.!?]{{0,60}}\b{FAULT}\b|{OTHERS_FAULT}|"
    r"not (our|my) fault|we are not responsible|"
    r"(平台|买家|客户|物流|快递)[^。！？]{0,12}(的错|责任|误判|乱判|恶意)|"
    r"(供应商|厂家|工厂|同行|竞争对手|货代)[^。！？]{0,12}(的错|恶意|陷害|举报我们|投诉我们)",
    re.I,
)
# A sentence that names what the carrier or the buyer did and owns the seller's part in it ("the
# courier lost 30 parcels and we did not check the scans") is a root cause, not blame.
OWNED = re.compile(
    r"\bwe (did not|didn't|failed to|never) (check|notice|verify|monitor|inspect|catch|review|"
    r"confirm|test|track|follow up)|\bwe (should have|overlooked|missed|neglected)\b|"
    r"(?<!not )\bour (own )?(oversight|failure|mistake|error|negligence|responsibility)\b|"
    r"我们(没有|未能|未)(及时|认真|仔细)?(检查|核实|发现|注意|审核|监控|跟踪)|我们的(疏忽|失误|责任)",
    re.I,
)
DENIED = re.compile(r"not (our|my) fault|we are not responsible|不是我们的(错|责任)", re.I)


def blames(sentence: str) -> bool:
    if not PATTERN.search(sentence):
        return False
    return bool(DENIED.search(sentence)) or not OWNED.search(sentence)


def check(letter: Letter) -> list[Finding]:
    return [
        Finding("blame", N_("This blames someone else; show what you control and changed."), number)
        for number, sentence in letter.sentences()
        if blames(sentence)
    ]
