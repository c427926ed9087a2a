"""Which region of a platform an account's marketplace names, written as sellers write it.

The Shopee reset and the TikTok Shop expiry differ by region (the Philippines), and a seller
types the marketplace in their own words: ``PH``, ``Shopee PH``, ``shopee.ph``,
``shopee.com.my``, ``Philippines``, ``菲律宾站``.

>>> marketplace_region("菲律宾站", ["SG", "MY", "PH"]), marketplace_region("shopee.com.my", ["MY"])
('PH', 'MY')
>>> marketplace_region("Shopee SG / MY", ["SG", "MY"]) is None  # two regions: none is chosen
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..countries import countries_named

_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+/?$")


def marketplace_region(text: str | None, regions: Sequence[str]) -> str | None:
    """The one region of ``regions`` that ``text`` names; None when it names none or several."""
    words = (text or "").strip()
    if not words:
        return None
    lower = re.sub(r"^(https?://)?(www\.)?", "", words.lower())
    if words.upper() in regions:
        return words.upper()
    if _DOMAIN.match(lower):  # shopee.ph, shopee.com.my: the country is the last label
        last = lower.rstrip("/").rsplit(".", 1)[-1].upper()
        last = "GB" if last == "UK" else last
        return last if last in regions else None
    # a code counts when written in capitals (Shopee PH), not as a word (my shop)
    found = {w for w in re.findall(r"(?<![A-Za-z])[A-Z]{2}(?![A-Za-z])", words) if w in regions}
    found |= {code for code in countries_named(words) if code in regions}
    if "UK" in re.findall(r"[A-Z]{2}", words) and "GB" in regions:
        found.add("GB")
    return found.pop() if len(found) == 1 else None
