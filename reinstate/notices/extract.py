"""The facts of a notice: reference id, deadline, violations, SKUs, ASINs, order ids, sections.

>>> from reinstate.policies.loader import load_policies
>>> from reinstate.notices.parse import read_notice
>>> n = read_notice(b"Your listing B07XJ8C8F5 (SKU: BO-LAMP-01) was removed. "
...                 b"Reference ID: 8472-AB19. Submit your appeal within 7 days.")
>>> f = extract_facts(n, load_policies()["amazon"], today=date(2026, 11, 18))
>>> (f.reference_id, f.asins, f.skus, f.deadline.isoformat(), f.deadline_source)
('8472-AB19', ['B07XJ8C8F5'], ['BO-LAMP-01'], '2026-11-25', 'relative')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ..policies.schema import Pack, Patterns
from .deadlines import deadline_at, marketplace_of, pack_zone, written_zone
from .domains import official_sender
from .kinds import notice_kind
from .parse import ParsedNotice
from .products import product_ids
from .scan import compile_rule, pack_rules
from .text import reading_text

_REFERENCE = compile_rule(
    r"\b(?:reference|ref\.?|case|ticket|notice|notification|appeal|complaint|violation|penalty"
    r"|claim)(?:\s++(?:record|report))?\s*+(?:(?:id|number|no\.?|#)\s*+)?[:#：]\s*+"
    # the value may name itself again: "Reference: Notification ID 7788-ABCD-1122"
    r"(?:(?:[A-Z]++\s++){0,2}(?:id|number|no\.?|#)\s*+[:#：]?\s*+)?"
    r"((?=[A-Z0-9-]{0,40}\d)[A-Z0-9][A-Z0-9-]{3,40})|"
    # an order's, a product's or a parcel's number is not the notice's
    r"(?<!订单)(?<!商品)(?<!物流)(?<!运单)(?:编号|案例号|工单号|(?<![订运货])单号"
    r"|(?:违规|处罚|案件|申诉)(?:记录)?\s*+ID)\s*+(?:[:：]\s*+)?((?=[A-Z0-9-]{0,40}\d)[A-Z0-9-]{4,40})|"
    # in a sentence: "your case number is 1234567890", "reply to case 12345678901"
    r"\b(?:case|reference|ticket)\s++(?:(?:id|number|no\.?)\s++)?(?:is\s++|was\s++)?(\d{6,20})\b",
    re.I,
)
_ASIN = compile_rule(r"\b(B0[0-9A-Z]{8})\b")
# "SKU IDs: 3827719201", "SKU code 4411-A": the label's own words are no code
_SKU = compile_rule(
    r"\bSKUs?(?:\s*+(?:IDs?|codes?|numbers?|no\.?)(?![A-Za-z]))?\s*+([:#：]\s*+)?"
    r"([A-Za-z0-9][A-Za-z0-9_.-]{2,40})",
    re.I,
)
_JOOM_SKU = compile_rule(r"\bJOOM-\d{3,}\b")
# "SKU: BO-LAMP-01, BO-MUG-22": the codes listed after the label, not only the first
_SKU_LIST = compile_rule(
    r"\bSKUs?(?:\s*+(?:IDs?|codes?|numbers?|no\.?))?\s*+[:：]\s*+[A-Za-z0-9][A-Za-z0-9_.-]{2,40}+"
    r"((?:\s*+[,，;、]\s*+[A-Za-z0-9][A-Za-z0-9_.-]{2,40}+){1,49})",
    re.I,
)
_SKU_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{2,40}")
_AMAZON_ORDER = compile_rule(r"\b\d{3}-\d{7}-\d{7}\b")
_TEMU_ORDER = compile_rule(r"\bPO-\d{3}-\d{8,20}\b")  # Temu's order numbers, named anywhere
_ORDER = compile_rule(
    # without a colon the number follows on the label's line: a table's "Order ID" heads a
    # column, and the next row's first cell is something else
    # Shopee numbers its orders "Order SN"
    r"(?:order\s*+(?:id|number|no\.?|#|sn)(?:[ \t]*+[:#：]\s*+|[ \t]++)|订单号\s*+(?:[:：]\s*+)?)"
    r"([A-Z0-9][A-Z0-9-]{5,40})",
    re.I,
)
# "Orders: 1123456789, 1123456790", "Order IDs: …", "订单：…", "订单号 …、…" — a list after a label
_ORDER_LIST = compile_rule(
    r"(?:(?:\border(?:s|\s+ids?|\s+numbers?|\s+sns?)|订单|訂單)\s*+[:：]"
    # a Chinese notice runs "涉及订单号 1234、1235" on without a colon
    # Temu's stock-up orders: 备货单号
    r"|(?:订单|訂單)(?:号|編號|编号|號)|备货单号?)\s*+(?:[:：]\s*+)?"
    r"([A-Z0-9][A-Z0-9-]{5,40}+(?:(?:\s*+[,，;、]\s*+|\s++(?:and\s++)?)[A-Z0-9][A-Z0-9-]{5,40}+){0,49})",
    re.I,
)
_ORDER_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9-]{5,40}", re.I)
# what follows an order label and is no order: a date ("Order ID: 2026-11-18" of a table's
# wrapped cell) or a phone number ("138-1234-5678", "1-800-123-4567")
_NO_ORDER = re.compile(r"(?:19|20)\d\d-\d{1,2}-\d{1,2}|(?:\d{1,3}-)?\d{3}-\d{3,4}-\d{4}")
_ADDRESS = compile_rule(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# "Section 3(b)", "§ 4.2", "第5.2条", "第二十八条第一款": the sub-clause goes with its section
_SECTION = compile_rule(
    r"\b(?:section|clause|article)\s+(\d+(?:\.\d+)*(?:\([a-z0-9]{1,3}\))?)|§\s?\d+(?:\.\d+)*"
    r"|第[一二三四五六七八九十百零〇\d]+(?:\.\d+)*条(?:第[一二三四五六七八九十\d]+款)?",
    re.I,
)


# Real notices are a few KB; a 10 MB one is hostile, and what matters is at its start.
SCAN_CHARS = 200_000


@dataclass
class Facts:
    reference_id: str | None = None
    deadline: date | None = None
    deadline_source: str | None = None  # explicit, relative, platform_window, platform_default
    deadline_at: datetime | None = None
    kind: str = "informational"
    reply_to: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    skus: list[str] = field(default_factory=list)
    asins: list[str] = field(default_factory=list)
    order_ids: list[str] = field(default_factory=list)
    policy_sections: list[str] = field(default_factory=list)
    product_ids: list[str] = field(default_factory=list)  # AliExpress, Shopee, Temu, TikTok Shop


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _skus(text: str) -> list[str]:
    r"""The SKUs the notice names: after a label, each of a list (up to the first word that is
    no code: a code has a digit, a hyphen or an underscore), and Joom's own.

    >>> _skus("Affected SKU: BO-LAMP-01, BO-MUG-22, which were removed. SKU ID: X9Z")
    ['BO-LAMP-01', 'BO-MUG-22', 'X9Z']
    """
    found = [
        (m.start(2), m.group(2).rstrip("."))
        for m in _SKU.finditer(text)
        # without a colon only a code with a digit, a hyphen or an underscore: "SKU list"
        if m.group(1) or any(c.isdigit() or c in "-_" for c in m.group(2))
    ]
    for listed in _SKU_LIST.finditer(text):
        for token in _SKU_TOKEN.finditer(text, listed.start(1), listed.end(1)):
            code = token.group(0).rstrip(".")
            if not any(c.isdigit() or c in "-_" for c in code):
                break
            found.append((token.start(), code))
    return _unique([code for _, code in sorted(found)] + _JOOM_SKU.findall(text))


def _order_ids(text: str) -> list[str]:
    found = (
        _AMAZON_ORDER.findall(text)
        + _TEMU_ORDER.findall(text)
        + [m.group(1) for m in _ORDER.finditer(text)]
    )
    for listed in _ORDER_LIST.finditer(text):
        found += [t for t in _ORDER_TOKEN.findall(listed.group(1)) if any(c.isdigit() for c in t)]
    return _unique([order for order in found if not _NO_ORDER.fullmatch(order)])


def reply_addresses(notice: ParsedNotice, pack: Pack | None) -> list[str]:
    """Where the platform asks the seller to write: its own addresses in Reply-To or named in
    the text (seed 002: "send it to the address named in Amazon's email")."""
    if pack is None:
        return []
    named = notice.reply_to + _ADDRESS.findall(notice.text[:SCAN_CHARS])
    own = [
        a.lower().rstrip(".")
        for a in named
        if official_sender(a.rsplit("@", 1)[-1].rstrip("."), pack.senders)
    ]
    sender = (notice.from_address or notice.quoted_from).lower()  # the sender is not a reply-to
    return [a for a in _unique(own) if a != sender or a in notice.reply_to][:5]


def _described(pack: Pack) -> Iterator[tuple[str, Patterns]]:
    return ((code, violation.patterns) for code, violation in pack.violations.items())


def violations_in(text: str, pack: Pack) -> list[str]:
    hits = []
    for code, rules in pack_rules(pack, "violations", lambda: _described(pack)):
        for rule in rules:
            match = rule.search(text)
            if match:
                hits.append((match.start(), code))
                break
    return [code for _, code in sorted(hits)]


def _numbers_products(pack: Pack | None) -> bool:
    return pack is None or pack.platform != "amazon"


def scanned_text(notice: ParsedNotice) -> str:
    """The subject and the text the facts are looked for in, as a reader reads them (odd
    spaces, invisible characters and quoting marks gone): its first ``SCAN_CHARS``."""
    return reading_text(f"{notice.subject}\n{notice.text[:SCAN_CHARS]}")


# how far a notice's Date may be ahead of the reader's clock (mail servers' clocks and a day
# read in another zone) before it is not taken as the start of its relative deadline
FUTURE_SLACK = timedelta(days=2)


def extract_facts(
    notice: ParsedNotice, pack: Pack | None, *, today: date, now: datetime | None = None
) -> Facts:
    """The notice's facts; relative deadlines count from its ``Date``, else from ``now``."""
    text = scanned_text(notice)
    reference = _REFERENCE.search(text)
    kind = notice_kind(text, pack)
    local = marketplace_of(pack, notice.from_address or notice.quoted_from, text)
    fallback = now or datetime.combine(today, time(0), tzinfo=pack_zone(pack, local))
    start = notice.date or fallback
    if start > fallback + FUTURE_SLACK:  # a Date not yet come (a forged or broken clock)
        start = fallback  # counts from now: never a deadline years away
    zone = written_zone(notice.date if start is notice.date else None, pack, local)
    moment, source = deadline_at(text, start, pack, kind, zone, local)
    return Facts(
        reference_id=next(filter(None, reference.groups()), None) if reference else None,
        # the day in the zone the notice is written in, stated or counted (the moment is in it)
        deadline=moment.date() if moment is not None else None,
        deadline_source=source,
        deadline_at=moment,
        kind=kind,
        reply_to=reply_addresses(notice, pack),
        violations=violations_in(text, pack) if pack else [],
        skus=_skus(text),
        asins=_unique(_ASIN.findall(text)),
        order_ids=_order_ids(text),
        policy_sections=_unique([m.group(0) for m in _SECTION.finditer(text)]),
        # Amazon names its products by ASIN (above): its notices are not looked through again
        product_ids=product_ids(text, notice.links) if _numbers_products(pack) else [],
    )
