"""Domains judged on their registrable part (public suffix list, offline), never by substring.

>>> official_host("sellercentral.amazon.com.evil.info", ["amazon.*"])
False
>>> official_host("www.amazon.co.jp", ["amazon.*"])
True
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import idna
import tldextract

# Offline: the suffix list bundled with tldextract, never fetched.
_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

SHORTENERS = frozenset({
    "bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly",
    "cutt.ly", "s.id", "t.ly", "shorturl.at", "rb.gy", "tiny.cc", "bl.ink", "lnkd.in",
    "shorte.st", "adf.ly", "v.gd", "qrco.de", "short.io", "urlz.fr", "dwz.cn", "t.cn",
    "url.cn", "suo.im", "x.co", "u.to", "clck.ru", "t2m.io", "linktr.ee", "short.gy",
    "tinyurl.is", "shorturl.gg", "soo.gd", "2no.co",
})  # fmt: skip
# Where anyone can publish a page for free: platforms do not host account pages there.
FREE_HOSTING = frozenset({
    "blogspot.com", "cloudfunctions.net", "web.app", "firebaseapp.com", "github.io",
    "weebly.com", "wixsite.com", "glitch.me", "netlify.app", "vercel.app", "pages.dev",
    "workers.dev", "000webhostapp.com", "ngrok.io", "ngrok-free.app", "herokuapp.com",
    "azurewebsites.net", "repl.co", "webflow.io", "godaddysites.com", "square.site",
    "ipfs.io", "dweb.link", "r2.dev", "onrender.com",
})  # fmt: skip
FREE_STORAGE_HOSTS = (
    "firebasestorage.googleapis.com", "storage.googleapis.com", "s3.amazonaws.com",
    "blob.core.windows.net", "sites.google.com", "docs.google.com", "forms.gle",
    "dropbox.com", "1drv.ms",
)  # fmt: skip
FREE_MAILBOXES = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "ymail.com", "aol.com", "icloud.com", "me.com", "gmx.com", "gmx.de",
    "mail.com", "proton.me", "protonmail.com", "zoho.com", "yandex.com", "yandex.ru",
    "mail.ru", "qq.com", "163.com", "126.com", "sina.com", "sohu.com", "foxmail.com",
    "aliyun.com", "yeah.net",
})  # fmt: skip
# Top-level domains that abuse reports rank worst; platforms' own mail never links there.
ABUSED_TLDS = frozenset({
    "xyz", "top", "icu", "click", "cfd", "sbs", "buzz", "rest", "monster", "gq", "tk", "ml",
    "cf", "ga", "work", "zip", "mov", "country", "kim", "loan", "win", "bid", "review",
    "date", "racing", "download", "stream", "accountant", "party", "trade", "science",
    "cricket", "faith", "lol", "quest", "bond",
})  # fmt: skip
_IP_LABELS = re.compile(r"(?:^|[.-])(\d{1,3})[.-](\d{1,3})[.-](\d{1,3})[.-](\d{1,3})(?:[.-]|$)")


@dataclass(frozen=True)
class Host:
    host: str
    subdomain: str
    domain: str
    suffix: str

    @property
    def registrable(self) -> str:
        return f"{self.domain}.{self.suffix}" if self.suffix else self.domain


@cache
def split_host(host: str) -> Host:
    parts = _extract(host.lower().rstrip("."))
    return Host(host.lower(), parts.subdomain, parts.domain, parts.suffix)


@cache
def public_suffixes() -> frozenset[str]:
    """Every suffix of the bundled public suffix list ("com", "gov.br", "co.uk")."""
    return frozenset(_extract.tlds)


@lru_cache(maxsize=4096)  # a notice repeats its hosts thousands of times
def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return host.isdigit()  # a bare integer host is an IPv4 address in disguise


@lru_cache(maxsize=4096)  # a notice repeats its hosts thousands of times
def unicode_host(host: str) -> str:
    """The host as a reader would see it (punycode decoded)."""
    try:
        return idna.decode(host)
    except (idna.IDNAError, UnicodeError, ValueError):
        return host


def official_sender(domain: str, senders: list[str]) -> bool:
    """``domain`` is one of ``senders`` or under one: looked up, from its last label leftwards,
    as far as the sender with most labels reaches (a hostile name may have thousands)."""
    domain = domain.lower().rstrip(".")
    allowed, reach = _senders(tuple(senders))
    if domain in allowed:
        return True
    end = len(domain)
    for _ in range(reach):
        at = domain.rfind(".", 0, end)
        if at < 0:
            return False
        if domain[at + 1 :] in allowed:
            return True
        end = at
    return False


@lru_cache(maxsize=256)
def _senders(senders: tuple[str, ...]) -> tuple[frozenset[str], int]:
    return frozenset(senders), max((s.count(".") + 1 for s in senders), default=0)


def official_host(host: str, patterns: list[str], suffixes: Sequence[str] = ()) -> bool:
    """``host`` is one of ``patterns`` or under it; ``name.*`` allows the platform's own
    ``suffixes`` (its marketplaces: amazon.co.uk, amazon.de ...), or any public suffix where
    none are given. Anyone may register amazon.top: a suffix is the platform's only when said.

    >>> official_host("sellercentral.amazon.top", ["sellercentral.amazon.*"], ["com", "co.uk"])
    False
    """
    host = host.lower().rstrip(".")
    parts = split_host(host)
    for pattern in patterns:
        if pattern.endswith(".*"):
            labels = f"{parts.subdomain}.{parts.domain}".strip(".")
            prefix = pattern[:-2]
            allowed = not suffixes or parts.suffix in suffixes
            if parts.suffix and allowed and (labels == prefix or labels.endswith("." + prefix)):
                return True
        elif host == pattern or host.endswith("." + pattern):
            return True
    return False


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return min(previous[-1], limit)


def valid_domain(domain: str) -> bool:
    """A real internet domain: allowed characters and a known public suffix."""
    if not domain or not re.fullmatch(r"[a-z0-9.-]+", domain) or ".." in domain:
        return False
    parts = split_host(domain)
    return bool(parts.suffix and parts.domain)


@lru_cache(maxsize=4096)  # a notice repeats its hosts thousands of times
def free_hosting(host: str) -> bool:
    parts = split_host(host)
    return parts.registrable in FREE_HOSTING or any(
        host == h or host.endswith("." + h) for h in FREE_STORAGE_HOSTS
    )


@lru_cache(maxsize=4096)  # a notice repeats its hosts thousands of times
def ip_in_hostname(host: str) -> bool:
    return not is_ip(host) and bool(_IP_LABELS.search(host))


def abused_tld(host: str) -> bool:
    return split_host(host).suffix.rsplit(".", 1)[-1] in ABUSED_TLDS
