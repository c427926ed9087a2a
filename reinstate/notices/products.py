"""The product ids a notice names, as AliExpress, Shopee, Temu and TikTok Shop number their
listings (Amazon's are ASINs, read apart): after a label ("Product ID: 1005006…", "Item ID",
"Goods ID", "商品ID：", "商品編號"), each of a list, and in the address of a product's page
(Shopee's ``/product/<shop>/<item>`` and ``-i.<shop>.<item>``, AliExpress's
``/item/<id>.html``, TikTok Shop's ``/view/product/<id>``, Temu's ``-g-<id>.html``). The
platforms number their products in digits; a label followed by anything else names no id.

>>> from reinstate.notices.parse import link_for
>>> product_ids("Item IDs: 23456789012、23456789013 were removed.",
...     [link_for("https://shopee.ph/Lamp-i.123456.7890123456")])
['23456789012', '23456789013', '7890123456']
"""

from __future__ import annotations

import re

from .parse import Link
from .scan import compile_rule

# "Product ID: 1005006123456789", "Item No. 23456789012", "商品ID：1729…", "Goods IDs: 1, 2"
_LABELLED = compile_rule(
    r"(?:\b(?:product|item|goods|listing|spu)s?[ \t]*+(?:ids?|numbers?|no\.?|#)(?![A-Za-z])"
    # the text is read with its traditional characters simplified: 商品編號 as 商品编号
    r"|(?:商品|产品|货品|宝[贝貝])[ \t]*+(?:ID|编号|编码|号))"
    r"[ \t]*+(?:[:#：][ \t]*+)?"
    r"(\d{6,20}+(?:[ \t]*+[,，;；、/][ \t]*+\d{6,20}+|[ \t]++and[ \t]++\d{6,20}+){0,49})"
    r"(?![\d/-]|\.\d)",  # not the start of a date, a phone number or a decimal
    re.I,
)
_NUMBER = re.compile(r"\d{6,20}")
# a product page's address on each platform's hosts: the platform, then where its id is
_HOSTS = re.compile(
    r"(?:^|\.)(?:(shopee)\.(?:[a-z]{2,3}\.)?[a-z]{2,3}|(aliexpress)\.(?:com|us|ru)"
    r"|(tiktok)\.com|(temu)\.com)$"
)
_PAGES = {
    "shopee": re.compile(r"/product/\d{1,20}/(\d{6,20})(?!\d)|-i\.\d{1,20}\.(\d{6,20})(?!\d)"),
    "aliexpress": re.compile(r"/(?:item|i)/(\d{6,20})\.html"),
    "tiktok": re.compile(r"/product/(\d{6,20})(?!\d)"),
    "temu": re.compile(r"-g-(\d{6,20})\.html|[?&]goods_id=(\d{6,20})(?!\d)"),
}


def product_ids(text: str, links: list[Link]) -> list[str]:
    """The ids ``text`` names after a label, then those of the product pages ``links`` go to,
    each once, in that order."""
    found = [
        number.group(0)
        for listed in _LABELLED.finditer(text)
        for number in _NUMBER.finditer(listed.group(1))
    ]
    for link in links:
        platform = _HOSTS.search(link.host) if link.host else None
        if platform is None:
            continue
        page = _PAGES[next(name for name in platform.groups() if name)].search(link.href)
        if page is not None:
            found.append(next(number for number in page.groups() if number))
    return list(dict.fromkeys(found))[:200]
