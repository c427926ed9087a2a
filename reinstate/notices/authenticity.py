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

from ..errors import N_
from ..policies.loader import Policies
from ..policies.schema import Pack
from .brands import (
    addresses_its_customer,
    authenticated,
    body_claims,
    marketplace_domain,
    mentions,
    other_senders,
)
from .bulk import bulk_signals
from .disguises import government_sender, lookalike_text
from .domains import (
    FREE_MAILBOXES,
    official_host,
    official_sender,
    split_host,
    valid_domain,
)
from .envelope import NO_ENVELOPE, Envelope, hidden_text, tenant_sender
from .links import imitates_sender, link_signals
from .lures import PAY_TO_RESTORE, free_hosting_sender, impersonation, lure_signals
from .parse import ParsedNotice
from .scams import SCAMS
from .scan import compile_rule
from .signals import GOOD, MEDIUM, STRONG, WEAK, Signal
from .signals import said as _said
from .text import has_hidden_characters, mixed_script_words, own_words, reading_text, skeleton
from .unsolicited import offer_signals, shape_signals

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
_CREDENTIALS = compile_rule(
    r"\b(password|passcode|\bpin\b|one[- ]time code|verification code|security code|"
    r"card number|credit card|debit card|\bcvv\b|\bcvc\b|expiry date|bank account (number|details)"
    r"|routing number|social security|payment (information|method|details)|billing "
    r"(information|details))\b|密码|验证码|银行卡号|卡号|信用卡|安全码|支付信息",
    re.I,
)
_ASK = compile_rule(
    r"\b(enter|confirm|provide|update|verify|submit|send|re-?enter|type|share|reply with|give|"
    r"tell us)\b|请(输入|提供|填写|确认)|提供|提交|告知|填写|输入",
    re.I,
)
_EXPEDITE = compile_rule(
    r"(expedit\w{0,12}+|fast[- ]track|priority review|speed up)[^.\n]{0,80}"
    r"(fee|pay|payment|\$|usd|€|charge)|(fee|pay|payment)[^.\n]{0,80}(expedit|fast[- ]track)"
    r"|加急[^。\n]{0,30}(费|付款|支付)|(费|付款|支付)[^。\n]{0,30}加急",
    re.I,
)
# A warning that says what the platform never does ("Amazon does not charge a reinstatement
# fee and will never ask you to pay by gift card", 平台不会收取任何费用): genuine notices carry
# it, and its words are not an ask
_DENIED = re.compile(
    r"\b(?:not|never|no|don'?t|doesn'?t|won'?t|cannot|can'?t|free of charge|beware|"
    r"be aware|scam\w*|fraud\w*)\b"
    r"|不会|不收|绝不|绝对不|從不|从不|无需|無需|不需要|不要|勿|免费|免費|谨防|警惕|诈骗",
    re.I,
)
# where a clause ends: a negation before it governs another clause ("Do not ignore this
# message, pay the unfreeze fee ..." still asks)
_CLAUSE_END = re.compile(r"[.!?。！？\n,;:，；：、]")


def _asked(text: str, match: re.Match[str]) -> bool:
    """Whether the clause ``match`` is in asks it, not says it is never asked: no negation or
    warning word between the clause's start and the match's end."""
    start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, match.start())), default=0)
    return _DENIED.search(text, start, match.end()) is None


_SOON = compile_rule(
    r"within (?:1|2|3|6|12|24|48|72) hours|in (?:12|24|48) hours|immediately|today|right now|"
    r"final (?:notice|warning)|last chance|(?:24|48|72) ?小时内|立即|马上|今天",
    re.I,
)
_LOSS = compile_rule(
    r"suspend|deactivat|clos(?:e|ed|ure)|lock|delet|terminat|disabl|restrict|cancel|frozen|"
    r"freez|lose|封|关闭|冻结|删除|停用|注销",
    re.I,
)
_PRIZE = compile_rule(
    r"you('ve| have) (won|been selected)|claim your (prize|reward|gift)|gift card|\bwinner\b"
    r"|congratulations[^.\n]{0,60}(won|selected|prize|reward)|恭喜[^。\n]{0,20}(中奖|获得)|礼品卡",
    re.I,
)
# Runs of the characters an address or a domain is made of; each run is then read by hand,
# once: a regular expression with nested quantifiers took 470 s on a 120 KB "a.a.a.…" name.
_NAME_RUN = re.compile(r"[\w.+@-]+")
_LABEL = re.compile(r"[\w-]+")
# compauth: Microsoft's composite verdict on the From domain, given where DMARC has no policy.
_AUTH = compile_rule(r"\b(spf|dkim|dmarc|compauth)\s*=\s*([a-z]+)", re.I)


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
    quoted = _domain_of(notice.quoted_from)  # pasted text's "From:" places it, proves nothing
    for code, pack in packs.items():
        if any(d and official_sender(d, pack.senders) for d in (sender, quoted)):
            return code
    head = skeleton(f"{notice.from_name} {notice.subject}")
    body = skeleton(notice.text[:20000])
    best, score = None, 0
    for code, pack in packs.items():
        count = sum(3 * mentions(head, b) + body_claims(body, b) for b in pack.brands)
        if count > score:
            best, score = code, count
    if best is None and not notice.has_headers:
        # Pasted text is the one platform it names, if only in passing ("violates Shopee's
        # policy"), else (copied from a seller centre's page) the one its links all lead to;
        # a mail is placed by its sender and words only (a newsletter links to shops).
        named = {c for c, pack in packs.items() if any(mentions(body, b) for b in pack.brands)}
        linked = named if len(named) == 1 else {
            code
            for link in notice.links
            for code, pack in packs.items()
            if link.host and official_host(link.host, pack.hosts, pack.host_suffixes)
        }  # fmt: skip
        best = linked.pop() if len(linked) == 1 else None
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
            _said(
                "sender_malformed",
                STRONG,
                N_("the sender address {address} is not a real domain"),
                address=shown,
            )
        ]
    signals = []
    name = skeleton(notice.from_name)
    for named in domains_in_name(name):
        if valid_domain(named) and split_host(named).registrable != split_host(sender).registrable:
            # A marketplace's domain, or an address in the name of mail that claims a platform,
            # is a disguise; forwarding services write the first sender's address in the name
            # ("news@publisher.com [via forwarder]"), and a bare "News.com" is not proof.
            disguise = marketplace_domain(named) or ("@" in name and pack is not None)
            weight = STRONG if disguise else MEDIUM
            signals.append(
                _said(
                    "sender_name_spoof",
                    weight,
                    N_("the sender's name shows {named} but the mail comes from {sender}"),
                    named=named,
                    sender=sender,
                )
            )
            break
    if split_host(sender).registrable in FREE_MAILBOXES and pack is None:
        signals.append(
            _said(
                "sender_free_mailbox",
                MEDIUM,
                N_("sent from a free mailbox ({sender})"),
                sender=sender,
            )
        )
    return signals


def _sender_signals(
    notice: ParsedNotice, pack: Pack | None, envelope: Envelope = NO_ENVELOPE
) -> list[Signal]:
    sender = _domain_of(notice.from_address)
    signals: list[Signal] = _sender_form_signals(notice, pack)
    if pack is not None and sender:
        if official_sender(sender, pack.senders):
            signals.append(Signal("sender_official", sender, GOOD))
        else:
            # Named in the sender's name, or speaking as the platform to its user in the
            # subject or text, the platform is worn as a disguise; only mentioned (news that
            # "Amazon still wants to patent the Web"), it is merely unconfirmed.
            # A seller passing a notice on (a reply quoting it, a forward) speaks for
            # themselves: only what they wrote themselves can wear the platform's name.
            name = skeleton(notice.from_name)
            body = skeleton(own_words(notice.subject, notice.text[:20000]))
            worn = any(
                mentions(name, brand) or addresses_its_customer(body, brand)
                for brand in pack.brands
            )
            signals.append(
                _said(
                    "sender_not_official",
                    STRONG if worn else MEDIUM,
                    N_("{sender} is not one of {platform}'s sending domains"),
                    sender=sender,
                    platform=pack.names.en,
                )
            )
    signals += other_senders(notice, pack.senders if pack else None)
    for reply in notice.reply_to:
        domain = _domain_of(reply)
        ok = (
            official_sender(domain, pack.senders)
            if pack
            else (split_host(domain).registrable == split_host(sender).registrable)
        )
        if domain and not ok:
            # A mailing list sets Reply-To to itself: there, replies going elsewhere is its way.
            weight = WEAK if envelope.mailing_list and pack is None else MEDIUM
            signals.append(
                _said("reply_to_elsewhere", weight, N_("replies go to {domain}"), domain=domain)
            )
    path = _domain_of(notice.return_path)
    if path and sender and split_host(path).registrable != split_host(sender).registrable:
        signals.append(
            _said("return_path_elsewhere", WEAK, N_("bounces go to {domain}"), domain=path)
        )
    return signals


def _disguise_signals(notice: ParsedNotice, packs: Policies) -> list[Signal]:
    signals: list[Signal] = []
    for label, text in ((N_("sender name"), notice.from_name), (N_("subject"), notice.subject)):
        if has_hidden_characters(text):
            signals.append(
                _said(
                    "hidden_characters",
                    STRONG,
                    N_("invisible characters in the {part}"),
                    part=label,
                )
            )
        elif mixed_script_words(text):
            signals.append(
                _said(
                    "lookalike_letters", STRONG, N_("look-alike letters in the {part}"), part=label
                )
            )
    raw = f"{notice.from_name} {notice.subject} {notice.text[:20000]}".lower()
    unmasked = skeleton(raw)
    if unmasked == raw:  # nothing hidden or look-alike: no brand can be disguised
        return signals
    for pack in packs.values():
        for brand in pack.brands:
            if (
                brand.isascii()
                and brand in unmasked
                and brand not in raw
                and mentions(unmasked, brand)
            ):
                signals.append(
                    _said(
                        "disguised_brand",
                        STRONG,
                        N_("“{brand}” is written with hidden or look-alike characters"),
                        brand=brand,
                    )
                )
    return signals


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
    # a sentence's match is a match in the whole text: the text first, its sentences only then
    asks = _CREDENTIALS.search(text) is not None and _ASK.search(text) is not None
    # "Amazon will never ask you to provide your password" warns, it does not ask
    asking = (s for s in _sentences(text) if asks and _CREDENTIALS.search(s))
    if sentence := next((s for s in asking if any(_asked(s, m) for m in _ASK.finditer(s))), ""):
        weight = STRONG if claims else MEDIUM
        signals.append(Signal("asks_for_secrets", sentence.strip()[:160], weight))
    if any(_asked(text, found) for found in _PRIZE.finditer(text)):
        signals.append(_said("prize_lure", MEDIUM, N_("promises a prize or gift")))
    if _EXPEDITE.search(text):
        signals.append(_said("paid_expedite", STRONG, N_("offers a paid faster review")))
    read = reading_text(text)
    if asked := next((m for m in PAY_TO_RESTORE.finditer(read) if _asked(read, m)), None):
        message = N_("“{words}”: platforms charge nothing to appeal")
        weight = STRONG if claims else MEDIUM
        signals.append(_said("asks_for_payment", weight, message, words=asked.group(0)[:80]))
    threat = _SOON.search(text) is not None and _LOSS.search(text) is not None
    for sentence in _sentences(text) if threat else ():
        if _SOON.search(sentence) and _LOSS.search(sentence):
            # From the platform's own, authenticated address a deadline is information.
            weight = WEAK if official else MEDIUM
            signals.append(Signal("urgent_threat", sentence.strip()[:160], weight))
            break
    for name in notice.attachments:
        if name.lower().endswith(RISKY_EXTENSIONS):
            signals.append(Signal("risky_attachment", name, STRONG if claims else MEDIUM))
    return signals


def judge(notice: ParsedNotice, packs: Policies, envelope: Envelope = NO_ENVELOPE) -> Judgement:
    """``envelope``: what the raw headers add (a mailing list delivered it)."""
    platform = claimed_platform(notice, packs)
    pack = packs[platform] if platform else None
    signals = _sender_signals(notice, pack, envelope) + _disguise_signals(notice, packs)
    sender = _domain_of(notice.from_address)
    for link in dict.fromkeys(notice.links):  # each distinct link once
        signals += link_signals(link, pack, packs)
        if pack is None and valid_domain(sender):
            signals += imitates_sender(link, sender)
    official = any(s.code == "sender_official" for s in signals)
    signals += _auth_signals(notice) + _content_signals(notice, pack is not None, official)
    trusted = official and authenticated(notice)
    signals += _lures(notice, sender, trusted, claims=pack is not None)
    if not trusted:
        signals += offer_signals(
            notice.subject, notice.from_name, notice.text, platform=bool(pack), more=SCAMS
        )
        signals += bulk_signals(
            notice.subject,
            notice.from_name,
            notice.from_address,
            notice.text,
            recipients=envelope.recipients,
            mailing_list=envelope.mailing_list,
            offscreen=envelope.offscreen,
        )
    if notice.has_headers and pack is None:
        hosts = list(dict.fromkeys(link.host for link in notice.links if link.host))
        vouched = authenticated(notice) or envelope.mailing_list
        attached = len(notice.attachments)
        texts = tuple(link.text for link in notice.links if link.text)
        signals += shape_signals(
            notice.text,
            sender,
            hosts,
            attached,
            vouched=vouched,
            link_texts=texts,
            html=notice.html,
            mailing_list=envelope.mailing_list,
        )
    if not notice.has_headers:
        message = N_("pasted text or a page: the sender cannot be checked")
        signals.append(_said("no_headers", WEAK, message))
    return Judgement(_verdict(notice, pack, signals), platform, _unique(signals))


def _lures(notice: ParsedNotice, sender: str, trusted: bool, *, claims: bool) -> list[Signal]:
    """Lures in six languages, brand impersonation and free-hosting senders. The platform's
    own authenticated mail may speak of deadlines and suspensions: only secrets count there."""
    found = lure_signals(f"{notice.from_name}\n{notice.subject}", notice.text)
    if trusted:
        found = [lure for lure in found if lure.code == "asks_for_secrets"]
    found += [
        lure
        for lure in (
            impersonation(notice.from_name, sender, notice.subject),
            free_hosting_sender(sender),
        )
        if lure is not None
    ]
    more = (
        tenant_sender(sender),
        hidden_text(notice.text, claims=claims),
        government_sender(sender),
        lookalike_text(notice.text, claims=claims),
    )
    return [
        Signal(lure.code, lure.detail, lure.weight, lure.message, lure.params) for lure in found
    ] + [signal for signal in more if signal is not None]


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
