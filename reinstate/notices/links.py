"""A notice's links, one by one: where each really goes, and whether that is the platform's."""

from __future__ import annotations

import re

from ..errors import N_
from ..policies.loader import Policies
from ..policies.schema import Pack
from .brands import marketplace_domain
from .disguises import government_lookalike
from .domains import (
    SHORTENERS,
    abused_tld,
    edit_distance,
    free_hosting,
    ip_in_hostname,
    is_ip,
    official_host,
    split_host,
    unicode_host,
)
from .parse import Link
from .signals import MEDIUM, STRONG, Signal
from .signals import said as _said
from .text import skeleton

_REDIRECT_PARAM = re.compile(r"[?&](?:url|q|u|target|dest|redirect|redir|to)=([^&]+)", re.I)
_URLISH = re.compile(r"^(https?://)?([a-z0-9-]+\.)+[a-z]{2,}(/\S*)?$", re.I)


def link_signals(link: Link, pack: Pack | None, packs: Policies) -> list[Signal]:
    host = link.host
    if not host:
        return []
    shown = f"{link.href}"
    # Proof of a disguise in mail that claims a platform; in any other mail, a reason to doubt.
    weight = STRONG if pack is not None else MEDIUM
    if link.userinfo:
        message = N_("{link} goes to {host}, not the name before @")
        return [_said("link_userinfo", weight, message, link=shown, host=host)]
    if is_ip(host):
        message = N_("{link} goes to a bare IP address")
        return [_said("link_ip_address", weight, message, link=shown)]
    parts = split_host(host)
    readable = unicode_host(host)
    found: list[Signal] = []
    if "xn--" in host:
        weight = (
            STRONG
            if any(b in skeleton(readable) for p in packs.values() for b in p.brands if b.isascii())
            else MEDIUM
        )
        message = N_("{host} is shown as {readable}")
        found.append(_said("link_punycode", weight, message, host=host, readable=readable))
    if parts.registrable in SHORTENERS or host in SHORTENERS:
        message = N_("{link} hides its destination")
        found.append(_said("link_shortener", MEDIUM, message, link=shown))
    if free_hosting(host):
        message = N_("{host} is free hosting anyone can use")
        found.append(_said("link_free_hosting", MEDIUM, message, host=host))
    if government_lookalike(host):
        message = N_("{host} dresses as a government site but is not one")
        found.append(_said("link_government_lookalike", MEDIUM, message, host=host))
    if ip_in_hostname(host):
        message = N_("{host} is a numbered server")
        found.append(_said("link_ip_in_hostname", MEDIUM, message, host=host))
    if abused_tld(host):
        message = N_("{host} uses a top-level domain favoured by abuse")
        found.append(_said("link_abused_tld", MEDIUM, message, host=host))
    found += _redirect(link) + _text_mismatch(link, claims=pack is not None)
    if pack is None:
        return found
    if official_host(host, pack.hosts, pack.host_suffixes) or official_host(host, pack.asset_hosts):
        return found
    found.append(_unofficial(link, pack))
    return found


def _unofficial(link: Link, pack: Pack) -> Signal:
    parts = split_host(link.host)
    brands = [b for b in pack.brands if b.isascii() and " " not in b]
    if any(
        b in parts.subdomain.split(".")
        or parts.subdomain.startswith(b + ".")
        or b in skeleton(parts.subdomain)
        for b in brands
    ):
        return _said(
            "link_brand_in_subdomain",
            STRONG,
            N_("{host} only borrows the name {platform}; it belongs to {owner}"),
            host=link.host,
            platform=pack.names.en,
            owner=parts.registrable,
        )
    if any(_imitates(parts.domain, b) for b in brands):
        message = N_("{host} imitates {platform}")
        return _said("link_lookalike", STRONG, message, host=link.host, platform=pack.names.en)
    message = N_("{host} is not one of {platform}'s addresses")
    return _said("link_not_official", MEDIUM, message, host=link.host, platform=pack.names.en)


_LEET = str.maketrans("013457", "oleast")


def _imitates(label: str, brand: str) -> bool:
    """The domain label is the brand with a typo, a digit for a letter, or extra words."""
    plain = skeleton(label)
    if brand in plain or brand in plain.translate(_LEET):
        return True
    tokens = [t for t in re.split(r"[-_.]", plain) if t]
    limit = 1 if len(brand) < 6 else 2
    return any(edit_distance(t.translate(_LEET), brand) <= limit for t in tokens)


def _redirect(link: Link) -> list[Signal]:
    from urllib.parse import unquote

    match = _REDIRECT_PARAM.search(link.href)
    if match and unquote(match.group(1)).lower().startswith(("http:", "https:", "www.")):
        target = unquote(match.group(1))
        goes = target.split("//", 1)[-1].split("/", 1)[0].split("?", 1)[0].lower()
        if split_host(goes).registrable == split_host(link.host).registrable:
            return []  # a site's own click tracking back to itself (Amazon's gp/r.html)
        message = N_("{host} forwards to {target}")
        return [_said("link_redirect", MEDIUM, message, host=link.host, target=target[:120])]
    return []


def imitates_sender(link: Link, sender: str) -> list[Signal]:
    own = split_host(sender).domain
    other = split_host(link.host)
    if (
        len(own) >= 4
        and own in other.domain
        and other.registrable != split_host(sender).registrable
    ):
        message = N_("{host} imitates the sender's {sender}")
        return [_said("link_imitates_sender", MEDIUM, message, host=link.host, sender=sender)]
    return []


def _text_mismatch(link: Link, *, claims: bool) -> list[Signal]:
    text = link.text.strip().rstrip("/")
    if not _URLISH.match(text):
        return []
    shown = text.split("//", 1)[-1].split("/", 1)[0].lower()
    if split_host(shown).registrable != split_host(link.host).registrable:
        # Newsletters' click trackers do this too, and news cites a shop's address while
        # linking to its own story; showing a marketplace's address in mail that speaks as a
        # marketplace is a lure.
        weight = STRONG if claims and marketplace_domain(shown) else MEDIUM
        message = N_("shows {shown} but goes to {host}")
        return [_said("link_text_mismatch", weight, message, shown=shown, host=link.host)]
    return []
