"""How mass-sent mail gives itself away, whatever it sells: the recipient's own address pasted
into the subject, a mail-merge placeholder left unfilled, a sender address of random letters,
and a layout that pushes the real text off the screen so filters read one thing and people
another. Each is a medium signal (unsolicited mail), never proof of phishing by itself.

>>> [s.code for s in bulk_signals("seller@example.com, your reward", "", "x@news.example.org",
...     recipients=("seller@example.com",))]
['addressed_by_email']
>>> random_letters("qsfxjtwk"), random_letters("bfrench"), random_letters("newsletter")
(True, False, False)
"""

from __future__ import annotations

import re

from ..errors import N_
from .scan import compile_rule
from .signals import MEDIUM, Signal
from .signals import said as _said

_VOWELS = frozenset("aeiouy")
# Consonant pairs that English, German, French, Spanish, Portuguese and Dutch words and names
# are made of ("str", "sch", "ght", "ck", "nd" ...); a run of other pairs is not a word.
_WORD_PAIRS = frozenset(
    "bl br ch ck cl cr dr fl fr gh gl gr kn ll mm nn ng nk nt nd ns nc ph pl pr rc rd rk rl rm "
    "rn rs rt rg rb rv rp rf sc sh sk sl sm sn sp st sw th tr tt wh wr ss ff pp gg dd bb cc mp "
    "mb lt ld lk lm lp ls lf lv nf nh nl nr nm ct pt ft wn ws wl wd ts ds ks ms rh dw tw gn mn "
    "sd hw pf tz rz nz lz hs ht".split()
)
_ODD_PAIRS_ENOUGH = 3
_FEW_VOWELS = 0.3
# Filler that makes each copy of a mass mailing unique to slip past filters: strings of letters
# and digits ("72af29e5", "9R4ZET0AYQ") among the words, or words glued by two dots ("u..te").
_URL_TEXT = re.compile(r"(?:https?://|www\.)\S*", re.I)
_FILLER = re.compile(r"\b(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{8,}\b", re.I)
_WORD = re.compile(r"\w+")
_FILLER_ENOUGH, _FILLER_SHARE = 8, 0.1
_DOTTED = re.compile(r"[^\W\d_]\.\.[^\W\d_]")
# Words split by a dot after their first letter ("S.eu e.spaço"): one is a name's initial,
# two in a sender's name or subject are words broken for filters.
_SPLIT_WORD = re.compile(r"(?<![\w.@/])[^\W\d_]\.[^\W\d_]{2,}(?![\w.@/])")
_SPLIT_ENOUGH = 2
# What is left of a sender's name a mass-mailing tool wrote wrongly: a quote glued to a word
# with none to pair it, a list's comma at the end, angle brackets.
_GLUED_QUOTE = re.compile(r'[^\s"]"')
# Abbreviations a company's or a person's name may end with, period and all.
_ABBREVIATIONS = frozenset(
    "inc ltd corp co llc plc gmbh bv nv ag sa srl ltda assoc bros intl dept univ jr sr dr prof "
    "mr mrs ms st esq phd etc".split()
)
# A charge or an automatic renewal announced with a phone number: the refund-callback scam
# ("your renewal of $499 was processed; to cancel call 1 810 285 6898").
_CHARGE = compile_rule(  # skips, by its words, the mail that speaks of no charge
    r"(?<!\w)(?:auto(?:matic)?[- ]?renew(?:al|ed|s)?|renew(?:s|ed)? automatically|"
    r"will be (?:charged|debited|deducted)|has been (?:charged|debited|deducted)|"
    r"(?:payment|charge) of (?:usd|us\$|\$|€|£) ?\d)",
    re.I,
)
_PHONE = re.compile(r"(?<![\w+])(?:\+?1[ .-]?)?\(?[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)")
_ADDRESS = re.compile(r"[\w.+-]@[\w-]")  # the shape of an address: linear on "a.a.a.…"
# Unfilled fields of mail-merge tools: "[username]", "{{State}}", "%%name%%", "${first_name}".
_PLACEHOLDER = re.compile(
    r"\[(?:user ?name|first ?name|last ?name|name|email|e-mail|state|city)\]"
    r"|\{\{\s*[\w.]{1,40}\s*\}\}|%%[\w.]{1,40}%%|\$\{[\w.]{1,40}\}",
    re.I,
)
# Style that moves content tens of thousands of pixels or screens away: nobody lays out a
# readable mail so; it hides the words filters are meant to read. Found from its unit ("px",
# "vh"), which ``bytes.find`` skips to quickly, then read around it.
_FAR = re.compile(
    rb"(?:margin|padding)(?:-top|-bottom)?\s*:\s*\d{5,}px|height\s*:\s*\d{4,}vh"
    rb"|flex-grow\s*:\s*\d{4,}",
    re.I,
)
_UNITS = ((b"px", 5), (b"vh", 4))
STYLE_LIMIT = 128 * 1024  # style sits near the top of a mail's markup


def offscreen(body: bytes) -> bool:
    """The raw body's style pushes content off the screen ("margin-top: 470500px")."""
    body = body[:STYLE_LIMIT]
    for unit, digits in _UNITS:
        at = body.find(unit)
        while at != -1:
            if body[at - digits : at].isdigit() and _FAR.search(body, max(0, at - 40), at + 2):
                return True
            at = body.find(unit, at + 2)
    return b"flex-grow" in body and _FAR.search(body) is not None


def random_letters(local: str) -> bool:
    """An address's local part that is letters but no word or name ("qsfxjtwk"): at least
    three consonant pairs words are not made of, and few vowels. The first letter is left
    out, as an initial often stands before a surname ("bfrench")."""
    word = local.lower()
    if len(word) < 6 or not (word.isascii() and word.isalpha()):
        return False
    core = word[1:]
    odd = sum(
        1
        for a, b in zip(core, core[1:], strict=False)
        if a not in _VOWELS and b not in _VOWELS and a + b not in _WORD_PAIRS
    )
    vowels = sum(c in _VOWELS for c in core) / len(core)
    return odd >= _ODD_PAIRS_ENOUGH and vowels < _FEW_VOWELS


def addressed_by_email(subject: str, recipients: tuple[str, ...]) -> bool:
    """The subject repeats a recipient's address; or, sent to hidden recipients ("To:
    undisclosed-recipients:;"), it names an address at all: each copy carries its target's."""
    low = subject.lower()
    shown = [address.lower() for address in recipients if "@" in address]
    if shown:
        return any(address in low for address in shown)
    return "@" in low and _ADDRESS.search(low) is not None


def charge_with_a_phone(subject: str, text: str) -> bool:
    """A charge or an automatic renewal, and a phone number to call about it."""
    body = text[:20000]
    return _CHARGE.search(f"{subject}\n{body}") is not None and _PHONE.search(body) is not None


def garbled_sender(from_name: str, from_address: str) -> bool:
    """The sender's name or address as no mail program writes it: an unpaired quote glued to a
    word ('Shop" .XQZ'), a trailing comma or period, angle brackets, or two "@" in the address."""
    name = from_name.strip()
    unpaired = name.count('"') % 2 == 1 and _GLUED_QUOTE.search(name) is not None
    return (
        unpaired
        or name.endswith(",")
        or "<" in name
        or from_address.count("@") > 1
        or _stray_period(name)
    )


def _stray_period(name: str) -> bool:
    """A period after a name's last word ("Home Coverage.", "Report ."), not an abbreviation's."""
    if not name.endswith("."):
        return False
    words = name[:-1].split()
    last = words[-1].lower() if words else ""
    return not words or (len(last) >= 4 and "." not in last and last not in _ABBREVIATIONS)


def filler(head: str, text: str) -> bool:
    """Random strings among the first words of the text, or words glued by two dots in the
    sender's name or the subject."""
    if _DOTTED.search(head) or len(_SPLIT_WORD.findall(head)) >= _SPLIT_ENOUGH:
        return True
    words = _URL_TEXT.sub(" ", text[:5000])
    found = len(_FILLER.findall(words))
    return found >= _FILLER_ENOUGH and found >= _FILLER_SHARE * len(_WORD.findall(words))


def bulk_signals(
    subject: str,
    from_name: str,
    from_address: str,
    text: str = "",
    *,
    recipients: tuple[str, ...] = (),
    mailing_list: bool = False,
    offscreen: bool = False,
) -> list[Signal]:
    """``recipients``: the To addresses; ``mailing_list``: a list delivered the mail (its
    members write from any address); ``offscreen``: the markup pushes content off-screen."""
    found = []
    if addressed_by_email(subject, recipients):
        message = N_("the subject repeats your email address, as mass mailings do")
        found.append(_said("addressed_by_email", MEDIUM, message))
    if _PLACEHOLDER.search(f"{from_name}\n{subject}"):
        message = N_("a mail-merge placeholder was left unfilled in the sender's name or subject")
        found.append(_said("unfilled_placeholder", MEDIUM, message))
    if garbled_sender(from_name, from_address):
        message = N_("the sender's name or address is garbled, as mass-mailing tools leave it")
        found.append(_said("garbled_sender", MEDIUM, message))
    local = from_address.rsplit("@", 1)[0] if "@" in from_address else ""
    if not mailing_list and random_letters(local):
        message = N_("the sender's address {address} is random letters, not a name or a word")
        found.append(_said("random_sender", MEDIUM, message, address=from_address))
    if not mailing_list and filler(f"{from_name}\n{subject}", text):
        message = N_("random strings or dotted-apart words are stuffed in, to get past filters")
        found.append(_said("filler_text", MEDIUM, message))
    if charge_with_a_phone(subject, text):
        message = N_("an unexpected invoice or renewal asks you to call a phone number")
        found.append(_said("callback_lure", MEDIUM, message))
    if offscreen:
        message = N_("the layout pushes text far off the screen, to hide it from people or filters")
        found.append(_said("offscreen_text", MEDIUM, message))
    return found
