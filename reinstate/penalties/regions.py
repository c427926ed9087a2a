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

# country names in English, the local spelling and Chinese (simplified and traditional), and
# the codes sellers use that are not ISO's
_NAMES: dict[str, tuple[str, ...]] = {
    "SG": ("singapore", "新加坡"),
    "MY": ("malaysia", "马来西亚", "馬來西亞", "马来", "大马"),
    "PH": ("philippines", "pilipinas", "菲律宾", "菲律賓", "菲"),
    "TH": ("thailand", "泰国", "泰國"),
    "VN": ("vietnam", "viet nam", "越南"),
    "ID": ("indonesia", "印尼", "印度尼西亚", "印度尼西亞"),
    "TW": ("taiwan", "台湾", "台灣", "臺灣"),
    "BR": ("brazil", "brasil", "巴西"),
    "MX": ("mexico", "méxico", "墨西哥"),
    "CO": ("colombia", "哥伦比亚", "哥倫比亞"),
    "CL": ("chile", "智利"),
    "US": ("united states", "usa", "america", "美国", "美國"),
    "GB": ("united kingdom", "great britain", "britain", "england", "uk", "英国", "英國"),
    "SA": ("saudi arabia", "saudi", "ksa", "沙特"),
    "ES": ("spain", "españa", "西班牙"),
    "DE": ("germany", "deutschland", "德国", "德國"),
    "FR": ("france", "法国", "法國"),
    "IT": ("italy", "italia", "意大利"),
    "JP": ("japan", "日本"),
    "IE": ("ireland", "爱尔兰", "愛爾蘭"),
}
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+/?$")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _named(text: str) -> set[str]:
    """The regions whose name is in ``text`` (a word of it, or anywhere for a Chinese name)."""
    lower = text.lower()
    found = set()
    for code, names in _NAMES.items():
        for name in names:
            if _CJK.match(name):
                hit = name in text if len(name) > 1 else text.startswith(name)
            else:
                hit = re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", lower) is not None
            if hit:
                found.add(code)
    return found


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
    found |= {code for code in _named(words) if code in regions}
    if "UK" in re.findall(r"[A-Z]{2}", words) and "GB" in regions:
        found.add("GB")
    return found.pop() if len(found) == 1 else None
