"""The countries a marketplace sells in, by the names sellers write them (英国站, Philippines,
菲律宾): one table for every platform, ISO 3166 codes (GB, not UK).

>>> sorted(countries_named("菲律宾站")), sorted(countries_named("Amazon Germany"))
(['PH'], ['DE'])
>>> sorted(countries_named("印度尼西亚站"))  # not India as well: the longer name wins
['ID']
"""

from __future__ import annotations

import re

# in English, the local spelling and Chinese (simplified and traditional)
NAMES: dict[str, tuple[str, ...]] = {
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
    "CA": ("canada", "加拿大"),
    "GB": ("united kingdom", "great britain", "britain", "england", "uk", "英国", "英國"),
    "IE": ("ireland", "爱尔兰", "愛爾蘭"),
    "DE": ("germany", "deutschland", "德国", "德國"),
    "FR": ("france", "法国", "法國"),
    "IT": ("italy", "italia", "意大利"),
    "ES": ("spain", "españa", "西班牙"),
    "NL": ("netherlands", "nederland", "荷兰", "荷蘭"),
    "BE": ("belgium", "比利时", "比利時"),
    "SE": ("sweden", "sverige", "瑞典"),
    "PL": ("poland", "polska", "波兰", "波蘭"),
    "TR": ("turkey", "türkiye", "土耳其"),
    "JP": ("japan", "日本"),
    "IN": ("india", "印度"),
    "AU": ("australia", "澳大利亚", "澳大利亞", "澳洲"),
    "AE": ("united arab emirates", "uae", "阿联酋", "阿聯酋"),
    "SA": ("saudi arabia", "saudi", "ksa", "沙特"),
    "EG": ("egypt", "埃及"),
    "ZA": ("south africa", "南非"),
}
_CJK = re.compile(r"[\u3400-\u9fff]")


def countries_named(text: str) -> set[str]:
    """The countries whose name is in ``text``: a word of it, or anywhere for a Chinese name (a
    one-character one only at the start, 菲 for 菲律宾); a name inside a longer one found (印度
    in 印度尼西亚) does not count."""
    lower = text.lower()
    hits: list[tuple[str, str]] = []
    for code, names in NAMES.items():
        for name in names:
            if _CJK.match(name):
                hit = name in text if len(name) > 1 else text.startswith(name)
            else:
                hit = re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", lower) is not None
            if hit:
                hits.append((code, name))
    return {
        code for code, name in hits if not any(name != other and name in other for _, other in hits)
    }
