"""Disguises that need no brand list: a domain dressed as a government's ("brasilgov.com",
"gov-uk-refund.net", "gov.br.example.com") that is not under a government suffix, and a text
whose words mix Latin letters with look-alikes from another script ("Gоod аfternооn").

>>> government_lookalike("pay.voebrasilgov.com"), government_lookalike("www.irs.gov")
(True, False)
>>> government_lookalike("govdelivery.com"), government_lookalike("impots.gouv.fr")
(False, False)
>>> government_lookalike("receitagovbr.com"), government_lookalike("govee.com")
(True, False)
"""

from __future__ import annotations

import re
from functools import cache

from ..errors import N_
from .domains import public_suffixes, split_host
from .signals import MEDIUM, STRONG, Signal
from .signals import said as _said
from .text import mixed_script_words

# Suffixes only governments register under: "gov", "gov.br", "gouv.fr", "gob.es", "go.jp",
# "gc.ca", "bund.de", "admin.ch", "europa.eu".
_GOVERNMENT_SUFFIX = re.compile(
    r"(?:^|\.)(?:gov|gouv|gob|go|gc|govt|mil|bund|admin|europa)(?:\.[a-z]{2})?$"
)
_GOV_COUNTRY = re.compile(r"gov\.[a-z]{2}")
_GOV_LABELS = frozenset({"gov", "gouv", "gob", "govt"})
_WORDS_ENOUGH = 3
# A Latin letter beside a letter of a script with Latin look-alikes (Greek, Cyrillic, Armenian,
# Cherokee, Tai Le): most texts have none, and are not split into words at all.
_SCRIPTS = "\u0370-\u058f\u13a0-\u13ff\u1950-\u197f"
_ADJACENT = re.compile(f"[A-Za-z][{_SCRIPTS}]|[{_SCRIPTS}][A-Za-z]")
# Latin letters dressed with dots and rings ("ḟeel", "ḁlert") that no language writes many of
# in one text (Vietnamese's own letters, from U+1EA0, are left out).
_DECORATED = re.compile("[\u1e00-\u1e9f]")
_DECORATED_ENOUGH = 4


@cache
def _gov_word() -> re.Pattern[str]:
    """The word "gov" in the registrable label: the whole label ("gov", "govt"); beside a
    hyphen, alone or with any country code glued on ("irs-gov", "gov-uk-refund",
    "govbr-pagamento"); or ending a longer word, alone or with the code of a country whose
    government registers under "gov.<code>" in the suffix list ("voebrasilgov", "receitagovbr";
    not "cargovan")."""
    codes = sorted(s[4:] for s in public_suffixes() if _GOV_COUNTRY.fullmatch(s))
    glued = "|".join(codes)
    return re.compile(
        rf"^govt?$|(?:^|-)gov(?:t|[a-z]{{2}})?-|-gov(?:t|[a-z]{{2}})?$|[a-z]gov(?:{glued})?$"
    )


def government_lookalike(host: str) -> bool:
    """A host that borrows a government's "gov" without being under a government suffix."""
    if "gov" not in host and "gob" not in host:
        return False
    parts = split_host(host)
    if not parts.suffix or _GOVERNMENT_SUFFIX.search(parts.suffix):
        return False
    borrowed = _GOV_LABELS.intersection(parts.subdomain.split("."))
    return bool(borrowed) or _gov_word().search(parts.domain) is not None


def government_sender(sender_domain: str) -> Signal | None:
    if sender_domain and government_lookalike(sender_domain):
        message = N_("{sender} dresses as a government address but is not one")
        return _said("government_lookalike", MEDIUM, message, sender=sender_domain)
    return None


def lookalike_text(text: str, *, claims: bool) -> Signal | None:
    """Several words of the text written with look-alike letters of another script."""
    text = text[:20000]
    if text.isascii():
        return None
    message = N_("words of the text are written with look-alike letters")
    weight = STRONG if claims else MEDIUM
    if len(set(_DECORATED.findall(text))) >= _DECORATED_ENOUGH:
        return _said("lookalike_text", weight, message)
    if _ADJACENT.search(text) is None:
        return None
    if mixed_script_words(text, _WORDS_ENOUGH) >= _WORDS_ENOUGH:
        return _said("lookalike_text", weight, message)
    return None
