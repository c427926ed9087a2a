"""Brands as words, marketplaces phishers imitate, and whether the receiving server
authenticated the sender's domain. Pure functions over text and headers.

>>> mentions("Built with Joomla", "joom"), mentions("Your Joom store", "joom")
(0, 1)
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import N_
from .domains import official_sender, split_host
from .parse import ParsedNotice
from .scan import Rule, compile_rule
from .signals import STRONG, Signal, said
from .text import skeleton


def _domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower() if "@" in address else ""


def brand_pattern(brand: str) -> re.Pattern[str]:
    """The brand as a word: "Joomla" is not Joom, "WriteMultiTx" not Temu."""
    if not brand.isascii():
        return re.compile(re.escape(brand))
    pattern = r"(?<![a-z0-9])" + re.escape(brand).replace(r"\ ", r"\s+") + r"(?![a-z0-9])"
    return re.compile(pattern, re.I)


_BRAND_PATTERNS: dict[str, Rule] = {}


def _brand(brand: str) -> Rule:
    if brand not in _BRAND_PATTERNS:
        _BRAND_PATTERNS[brand] = compile_rule(
            brand_pattern(brand).pattern, brand_pattern(brand).flags
        )
    return _BRAND_PATTERNS[brand]


def mentions(text: str, brand: str) -> int:
    return len(_brand(brand).findall(text))


# A body names the platform as the sender of a notice, not in passing ("Follow us on TikTok").
_ACCOUNT_WORDS = (
    r"(?:seller|account|store|shop|order|support|service|security|team|prime|verification|"
    r"payment|merchant|customer|central|卖家|账号|账户|店铺|订单|客服"
    # Japanese (Amazon Japan): seller, account, listing, store, order, customer
    r"|セラー|アカウント|出品|ストア|注文|カスタマー)"
)


@lru_cache(maxsize=64)
def _speaking_as(brand: str) -> Rule:
    word = _brand(brand).pattern
    return compile_rule(word + r"[^\n]{0,3}" + _ACCOUNT_WORDS + r"|(?:your|the)\s+" + word, re.I)


def body_claims(body: str, brand: str) -> int:
    if not brand.isascii():
        return mentions(body, brand)
    if brand not in body:  # the body is lower-case (a skeleton): most brands are absent
        return 0
    return len(_speaking_as(brand).findall(body))


# Marketplaces phishers imitate beyond the seven packs (Mercado Libre, eBay, Shein ...).
OTHER_MARKETPLACES = (
    "mercadolibre", "mercadolivre", "mercadopago", "kaufland", "zalando", "shein", "ebay",
    "etsy", "walmart", "rakuten", "allegro", "otto", "cdiscount", "bol", "flipkart",
    "lazada", "tokopedia", "noon", "wish", "alibaba", "paypal", "shopify", "coupang",
)  # fmt: skip


def marketplace_domain(domain: str) -> bool:
    label = skeleton(split_host(domain).domain)
    words = set(re.split(r"[-_.]", label))
    return bool(words & set(OTHER_MARKETPLACES)) or any(
        b in label for b in ("amazon", "aliexpress", "joom", "shopee", "taobao", "temu", "tiktok")
    )


_AUTH_PART = re.compile(r"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)([^;]*)", re.I)
_AUTH_DOMAIN = re.compile(
    r"(?:header\.d|header\.i|smtp\.mailfrom|header\.from)\s*=\s*([^\s;]+)", re.I
)


def authenticated(notice: ParsedNotice) -> bool:
    """The From domain passed DMARC, or DKIM or SPF for a domain aligned with it (the same
    registrable domain), in the Authentication-Results the receiving server added."""
    sender = split_host(_domain_of(notice.from_address)).registrable
    if not sender:
        return False
    for line in notice.auth_results:
        for method, result, rest in _AUTH_PART.findall(line):
            if result.lower() != "pass":
                continue
            if method.lower() == "dmarc":
                return True
            for domain in _AUTH_DOMAIN.findall(rest):
                if split_host(domain.rsplit("@", 1)[-1].strip("<>")).registrable == sender:
                    return True
    return False


def addresses_its_customer(text: str, brand: str) -> bool:
    """The text speaks as the platform to its user: "your Amazon account", "您的淘宝店铺"."""
    if not brand.isascii():
        return bool(re.search(r"(?:您|你)的" + re.escape(brand), text))
    form = r"\byour\s+" + _brand(brand).pattern + r"\s+(?:seller\s+|selling\s+)?" + _ACCOUNT_WORDS
    return bool(compile_rule(form, re.I).search(text))


def other_senders(notice: ParsedNotice, senders: list[str] | None) -> list[Signal]:
    """A From of several mailboxes, one of them elsewhere ("no-reply@amazon.com,
    x@evil.example"): a mail program shows both, the check would judge the first only.
    ``senders``: the claimed platform's sending domains (None: the first sender's domain)."""
    first = split_host(_domain_of(notice.from_address)).registrable
    for address in notice.other_senders:
        domain = _domain_of(address)
        ours = (
            official_sender(domain, senders)
            if senders is not None
            else split_host(domain).registrable == first
        )
        if domain and not ours:
            message = N_("the mail names a second sender, {address}")
            return [said("sender_several", STRONG, message, address=address)]
    return []
