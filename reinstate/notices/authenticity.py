"""Is a notice really from the platform it names? Every signal is kept, with its weight.

Verdict: ``phishing`` on any strong signal; ``suspicious`` on any medium one; otherwise
``genuine`` only when the notice has headers, its sender and every link are official for the
platform it names, and any authentication results present pass; ``unverifiable`` else (text
without headers, or mail that names no platform we know).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..policies.loader import Policies
from ..policies.schema import Pack
from .brands import (
    addresses_its_customer,
    authenticated,
    body_claims,
    marketplace_domain,
    mentions,
)
from .domains import (
    FREE_MAILBOXES,
    SHORTENERS,
    abused_tld,
    edit_distance,
    free_hosting,
    ip_in_hostname,
    is_ip,
    official_host,
    official_sender,
    split_host,
    unicode_host,
    valid_domain,
)
from .lures import free_hosting_sender, impersonation, lure_signals
from .parse import Link, ParsedNotice
from .text import has_hidden_characters, has_mixed_script_word, skeleton

STRONG, MEDIUM, WEAK, GOOD = "strong", "medium", "weak", "good"
RISKY_EXTENSIONS = (
    ".html",
    ".htm",
    ".shtml",
    ".svg",
    ".exe",
    ".scr",
    ".com",
    ".pif",
    ".bat",
    ".cmd",
    ".ps1",
    ".js",
    ".jse",
    ".vbs",
    ".vbe",
    ".wsf",
    ".hta",
    ".jar",
    ".lnk",
    ".iso",
    ".img",
    ".docm",
    ".xlsm",
    ".pptm",
    ".dotm",
    ".xlam",
    ".zip",
    ".rar",
    ".7z",
    ".gz",
    ".tar",
    ".cab",
    ".ace",
)
_CREDENTIALS = re.compile(
    r"\b(password|passcode|\bpin\b|one[- ]time code|verification code|security code|"
    r"card number|credit card|debit card|\bcvv\b|\bcvc\b|expiry date|bank account (number|details)"
    r"|routing number|social security|payment (information|method|details)|billing "
    r"(information|details))\b|密码|验证码|银行卡号|卡号|信用卡|安全码|支付信息",
    re.I,
)
_ASK = re.compile(
    r"\b(enter|confirm|provide|update|verify|submit|send|re-?enter|type)\b|请(输入|提供|填写|确认)",
    re.I,
)
_EXPEDITE = re.compile(
    r"(expedit\w{0,12}+|fast[- ]track|priority review|speed up)[^.\n]{0,80}"
    r"(fee|pay|payment|\$|usd|€|charge)|(fee|pay|payment)[^.\n]{0,80}(expedit|fast[- ]track)"
    r"|加急[^。\n]{0,30}(费|付款|支付)|(费|付款|支付)[^。\n]{0,30}加急",
    re.I,
)
_SOON = re.compile(
    r"within (?:1|2|3|6|12|24|48|72) hours|in (?:12|24|48) hours|immediately|today|right now|"
    r"final (?:notice|warning)|last chance|(?:24|48|72) ?小时内|立即|马上|今天",
    re.I,
)
_LOSS = re.compile(
    r"suspend|deactivat|clos(?:e|ed|ure)|lock|delet|terminat|disabl|restrict|cancel|frozen|"
    r"freez|lose|封|关闭|冻结|删除|停用|注销",
    re.I,
)
_PRIZE = re.compile(
    r"you('ve| have) (won|been selected)|claim your (prize|reward|gift)|gift card|\bwinner\b"
    r"|congratulations[^.\n]{0,60}(won|selected|prize|reward)|恭喜[^。\n]{0,20}(中奖|获得)|礼品卡",
    re.I,
)
_REDIRECT_PARAM = re.compile(r"[?&](?:url|q|u|target|dest|redirect|redir|to)=([^&]+)", re.I)
# Runs of the characters an address or a domain is made of; each run is then read by hand,
# once: a regular expression with nested quantifiers took 470 s on a 120 KB "a.a.a.…" name.
_NAME_RUN = re.compile(r"[\w.+@-]+")
_LABEL = re.compile(r"[\w-]+")
_AUTH = re.compile(r"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)", re.I)
_URLISH = re.compile(r"^(https?://)?([a-z0-9-]+\.)+[a-z]{2,}(/\S*)?$", re.I)


@dataclass(frozen=True)
class Signal:
    code: str
    detail: str
    weight: str


@dataclass(frozen=True)
class Judgement:
    verdict: str
    platform: str | None
    signals: list[Signal]


def _domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower() if "@" in address else ""


def claimed_platform(notice: ParsedNotice, packs: Policies) -> str | None:
    """The platform the notice presents itself as: by sender domain, else by its brand in the
    sender's name or the subject, else by the body speaking as the platform."""
    sender = _domain_of(notice.from_address)
    for code, pack in packs.items():
        if sender and official_sender(sender, pack.senders):
            return code
    head = skeleton(f"{notice.from_name} {notice.subject}")
    body = skeleton(notice.text[:20000])
    best, score = None, 0
    for code, pack in packs.items():
        count = sum(3 * mentions(head, b) + body_claims(body, b) for b in pack.brands)
        if count > score:
            best, score = code, count
    return best


def domains_in_name(name: str) -> Iterator[str]:
    """Addresses' domains and bare domains written in a display name, in linear time.

    >>> list(domains_in_name("amazon.com support (help@amaz0n-help.net)"))
    ['amazon.com', 'amaz0n-help.net']
    """
    for run in _NAME_RUN.finditer(name):
        token = run.group(0).rsplit("@", 1)[-1].strip(".-")
        labels = token.split(".")
        # The domain ends at the last label of letters ("com"), and starts after the last
        # label that could not be one ("a..b", "x+y").
        while labels and not (
            len(labels[-1]) >= 2 and labels[-1].isascii() and labels[-1].isalpha()
        ):
            labels.pop()
        start = len(labels)
        while start > 0 and _LABEL.fullmatch(labels[start - 1]) and "_" not in labels[start - 1]:
            start -= 1
        if len(labels) - start >= 2:
            yield ".".join(labels[start:])


def _sender_form_signals(notice: ParsedNotice, pack: Pack | None) -> list[Signal]:
    """What any sender must get right, whichever company it claims to be."""
    if not notice.has_headers:
        return []
    sender = _domain_of(notice.from_address)
    if not valid_domain(sender):
        shown = notice.from_address or notice.from_name or "(none)"
        return [
            Signal("sender_malformed", f"the sender address {shown} is not a real domain", STRONG)
        ]
    signals = []
    name = skeleton(notice.from_name)
    for named in domains_in_name(name):
        if valid_domain(named) and split_host(named).registrable != split_host(sender).registrable:
            # An address in the name, or a marketplace's domain, is a disguise; a bare
            # "News.com" or "r.hughes" in a person's or a newsletter's name is not proof.
            weight = STRONG if "@" in name or marketplace_domain(named) else MEDIUM
            signals.append(
                Signal(
                    "sender_name_spoof",
                    f"the sender's name shows {named} but the mail comes from {sender}",
                    weight,
                )
            )
            break
    if split_host(sender).registrable in FREE_MAILBOXES and pack is None:
        signals.append(
            Signal("sender_free_mailbox", f"sent from a free mailbox ({sender})", MEDIUM)
        )
    return signals


def _sender_signals(notice: ParsedNotice, pack: Pack | None) -> list[Signal]:
    sender = _domain_of(notice.from_address)
    signals: list[Signal] = _sender_form_signals(notice, pack)
    if pack is not None and sender:
        if official_sender(sender, pack.senders):
            signals.append(Signal("sender_official", sender, GOOD))
        else:
            # Named in the sender's name or subject, the platform is worn as a disguise; only
            # mentioned in the text (a mailing list discussing it), it is merely unconfirmed.
            head = skeleton(f"{notice.from_name} {notice.subject}")
            body = skeleton(notice.text[:20000])
            worn = any(
                mentions(head, brand) or addresses_its_customer(body, brand)
                for brand in pack.brands
            )
            signals.append(
                Signal(
                    "sender_not_official",
                    f"{sender} is not one of {pack.names.en}'s sending domains",
                    STRONG if worn else MEDIUM,
                )
            )
    for reply in notice.reply_to:
        domain = _domain_of(reply)
        ok = (
            official_sender(domain, pack.senders)
            if pack
            else (split_host(domain).registrable == split_host(sender).registrable)
        )
        if domain and not ok:
            signals.append(Signal("reply_to_elsewhere", f"replies go to {domain}", MEDIUM))
    path = _domain_of(notice.return_path)
    if path and sender and split_host(path).registrable != split_host(sender).registrable:
        signals.append(Signal("return_path_elsewhere", f"bounces go to {path}", WEAK))
    return signals


def _disguise_signals(notice: ParsedNotice, packs: Policies) -> list[Signal]:
    signals: list[Signal] = []
    for label, text in (("sender name", notice.from_name), ("subject", notice.subject)):
        if has_hidden_characters(text):
            signals.append(
                Signal("hidden_characters", f"invisible characters in the {label}", STRONG)
            )
        elif has_mixed_script_word(text):
            signals.append(
                Signal("lookalike_letters", f"look-alike letters in the {label}", STRONG)
            )
    raw = f"{notice.from_name} {notice.subject} {notice.text[:20000]}".lower()
    unmasked = skeleton(raw)
    for pack in packs.values():
        for brand in pack.brands:
            if (
                brand.isascii()
                and brand in unmasked
                and brand not in raw
                and mentions(unmasked, brand)
            ):
                signals.append(
                    Signal(
                        "disguised_brand",
                        f"“{brand}” is written with hidden or look-alike characters",
                        STRONG,
                    )
                )
    return signals


def _link_signals(link: Link, pack: Pack | None, packs: Policies) -> list[Signal]:
    host = link.host
    if not host:
        return []
    shown = f"{link.href}"
    # Proof of a disguise in mail that claims a platform; in any other mail, a reason to doubt.
    weight = STRONG if pack is not None else MEDIUM
    if link.userinfo:
        return [Signal("link_userinfo", f"{shown} goes to {host}, not the name before @", weight)]
    if is_ip(host):
        return [Signal("link_ip_address", f"{shown} goes to a bare IP address", weight)]
    parts = split_host(host)
    readable = unicode_host(host)
    found: list[Signal] = []
    if "xn--" in host:
        weight = (
            STRONG
            if any(b in skeleton(readable) for p in packs.values() for b in p.brands if b.isascii())
            else MEDIUM
        )
        found.append(Signal("link_punycode", f"{host} is shown as {readable}", weight))
    if parts.registrable in SHORTENERS or host in SHORTENERS:
        found.append(Signal("link_shortener", f"{shown} hides its destination", MEDIUM))
    if free_hosting(host):
        found.append(Signal("link_free_hosting", f"{host} is free hosting anyone can use", MEDIUM))
    if ip_in_hostname(host):
        found.append(Signal("link_ip_in_hostname", f"{host} is a numbered server", MEDIUM))
    if abused_tld(host):
        found.append(
            Signal("link_abused_tld", f"{host} uses a top-level domain favoured by abuse", MEDIUM)
        )
    found += _redirect(link) + _text_mismatch(link)
    if pack is None:
        return found
    if official_host(host, pack.hosts) or official_host(host, pack.asset_hosts):
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
        return Signal(
            "link_brand_in_subdomain",
            f"{link.host} only borrows the name {pack.names.en}; it belongs to {parts.registrable}",
            STRONG,
        )
    if any(_imitates(parts.domain, b) for b in brands):
        return Signal("link_lookalike", f"{link.host} imitates {pack.names.en}", STRONG)
    return Signal(
        "link_not_official", f"{link.host} is not one of {pack.names.en}'s addresses", MEDIUM
    )


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
        return [Signal("link_redirect", f"{link.host} forwards to {target[:120]}", MEDIUM)]
    return []


def _imitates_sender(link: Link, sender: str) -> list[Signal]:
    own = split_host(sender).domain
    other = split_host(link.host)
    if (
        len(own) >= 4
        and own in other.domain
        and other.registrable != split_host(sender).registrable
    ):
        return [
            Signal("link_imitates_sender", f"{link.host} imitates the sender's {sender}", MEDIUM)
        ]
    return []


def _text_mismatch(link: Link) -> list[Signal]:
    text = link.text.strip().rstrip("/")
    if not _URLISH.match(text):
        return []
    shown = text.split("//", 1)[-1].split("/", 1)[0].lower()
    if split_host(shown).registrable != split_host(link.host).registrable:
        # Newsletters' click trackers do this too; showing a marketplace's address is a lure.
        weight = STRONG if marketplace_domain(shown) else MEDIUM
        return [Signal("link_text_mismatch", f"shows {shown} but goes to {link.host}", weight)]
    return []


def _auth_signals(notice: ParsedNotice) -> list[Signal]:
    signals = []
    for line in notice.auth_results:
        for method, result in _AUTH.findall(line):
            result = result.lower()
            if result in ("fail", "hardfail"):
                # The receiving server's word alone: forwarding and lists break SPF and DKIM,
                # so a failure makes mail suspicious, never phishing by itself.
                signals.append(Signal("auth_failed", f"{method.lower()}={result}", MEDIUM))
            elif result in ("softfail", "permerror", "temperror", "none", "neutral"):
                signals.append(Signal("auth_not_passed", f"{method.lower()}={result}", WEAK))
            elif result == "pass":
                signals.append(Signal("auth_passed", f"{method.lower()}=pass", GOOD))
    return signals


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?。！？])\s+|\n", text)


def _content_signals(notice: ParsedNotice, claims: bool, official: bool) -> list[Signal]:
    text = f"{notice.subject}\n{notice.text[:50000]}"
    signals = []
    for sentence in _sentences(text):
        if _CREDENTIALS.search(sentence) and _ASK.search(sentence):
            signals.append(
                Signal("asks_for_secrets", sentence.strip()[:160], STRONG if claims else MEDIUM)
            )
            break
    if _PRIZE.search(text):
        signals.append(Signal("prize_lure", "promises a prize or gift", MEDIUM))
    if _EXPEDITE.search(text):
        signals.append(Signal("paid_expedite", "offers a paid faster review", STRONG))
    for sentence in _sentences(text):
        if _SOON.search(sentence) and _LOSS.search(sentence):
            # From the platform's own, authenticated address a deadline is information.
            weight = WEAK if official else MEDIUM
            signals.append(Signal("urgent_threat", sentence.strip()[:160], weight))
            break
    for name in notice.attachments:
        if name.lower().endswith(RISKY_EXTENSIONS):
            signals.append(Signal("risky_attachment", name, STRONG if claims else MEDIUM))
    return signals


def judge(notice: ParsedNotice, packs: Policies) -> Judgement:
    platform = claimed_platform(notice, packs)
    pack = packs[platform] if platform else None
    signals = _sender_signals(notice, pack) + _disguise_signals(notice, packs)
    sender = _domain_of(notice.from_address)
    for link in dict.fromkeys(notice.links):  # each distinct link once
        signals += _link_signals(link, pack, packs)
        if pack is None and valid_domain(sender):
            signals += _imitates_sender(link, sender)
    official = any(s.code == "sender_official" for s in signals)
    signals += _auth_signals(notice) + _content_signals(notice, pack is not None, official)
    signals += _lures(notice, sender, official and authenticated(notice))
    if not notice.has_headers:
        signals.append(
            Signal("no_headers", "pasted text or a page: the sender cannot be checked", WEAK)
        )
    return Judgement(_verdict(notice, pack, signals), platform, _unique(signals))


def _lures(notice: ParsedNotice, sender: str, trusted: bool) -> list[Signal]:
    """Lures in six languages, brand impersonation and free-hosting senders. The platform's
    own authenticated mail may speak of deadlines and suspensions: only secrets count there."""
    found = lure_signals(f"{notice.from_name}\n{notice.subject}", notice.text)
    if trusted:
        found = [lure for lure in found if lure.code == "asks_for_secrets"]
    found += [
        lure
        for lure in (impersonation(notice.from_name, sender), free_hosting_sender(sender))
        if lure is not None
    ]
    return [Signal(lure.code, lure.detail, lure.weight) for lure in found]


def _unique(signals: list[Signal]) -> list[Signal]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for signal in signals:
        if (signal.code, signal.detail) not in seen:
            seen.add((signal.code, signal.detail))
            kept.append(signal)
    return kept


def _verdict(notice: ParsedNotice, pack: Pack | None, signals: list[Signal]) -> str:
    weights = {s.weight for s in signals}
    if STRONG in weights:
        return "phishing"
    if MEDIUM in weights:
        return "suspicious"
    if not notice.has_headers or pack is None:
        return "unverifiable"
    sender_ok = any(s.code == "sender_official" for s in signals)
    return "genuine" if sender_ok and authenticated(notice) else "unverifiable"
