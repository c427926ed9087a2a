"""placeholder: a template's blank left unfilled ("[Your Name]", "<Store Name>", "XXX店铺",
"【公司名称】"): a reviewer reads a form letter, sent without reading.

>>> from reinstate.policies.loader import load_policies
>>> letter = Letter("Dear team,\\nWe removed SKU A-1 (Exhibit A).\\n[Your Name]\\n【店铺名称】",
...                 load_policies()["joom"])
>>> [(f.line, f.params["text"]) for f in check(letter)]
[(3, '[Your Name]'), (4, '【店铺名称】')]
"""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter

# The words a template's blank is made of; an exhibit or a citation ("[1]", "[Exhibit A]")
# names none of them.
_BLANK_WORDS = (
    r"(?:your|insert|enter|fill(?:\s+in)?|add|seller|store|shop|company|business|brand|"
    r"contact|name|date|asin|sku|order|amount|merchant|account|reference|case|tracking|"
    r"phone|email|address|signature|describe|explain|position)"
)
_PLACEHOLDER = re.compile(
    # [Your Name], <Store Name>, {seller_name}, {{ store }}
    r"[\[<{]\s*+" + _BLANK_WORDS + r"\b[^\]>}\n\d]{0,40}[\]>}]"
    r"|\{\{\s*+[a-z_]{1,40}\s*+\}\}"
    r"|\{[a-z]{1,20}_[a-z_]{1,20}\}"
    # XXX, xx/xx/2026, XX店铺, xx年xx月
    r"|(?<![A-Za-z0-9])(?:X{3,}|x{3,})(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9])[Xx]{2}(?=\s*+(?:[年月日号店公/\-.]|$))"
    # 【店铺名称】, [公司名]; a filled-in "（姓名：张伟）" has its value after a colon
    r"|[【\[][^】\]\n:：\d]{0,12}(?:填写|请填|此处|店铺名|公司名|姓名|日期|名称|卖家ID)"
    r"[^】\]\n:：\d]{0,12}[】\]]"
    r"|[（(][^）)\n:：\d]{0,12}(?:填写|请填|此处|店铺名|公司名|姓名|卖家ID)[^）)\n:：\d]{0,12}[）)]"
    # <<Seller Name>> (mail merge), $STORE_NAME, a date's pattern (DD/MM/YYYY), TBD, 某某公司
    r"|<<[^<>\n]{1,40}>>|\$[A-Z]+_[A-Z_]+\b"
    r"|\b(?:DD|MM)[/.-](?:MM|DD)[/.-]YY(?:YY)?\b|\bYYYY[/.-]MM[/.-]DD\b"
    r"|\bTB[DC]\b|\bto be (?:added|completed|filled in|confirmed)\b|待补充|待填写|某某"
    # an identifier written with its blank (B0XXXXXXXX), and a blank line to sign on ("____")
    r"|(?<![A-Za-z0-9])[A-Z0-9]{1,4}X{5,}(?![A-Za-z0-9])"
    r"|(?:(?<=[^\W_][\s:：])|(?<=[^\W_][:：]\s))(?<!_)_{3,}|(?<!_)_{3,}(?!_)(?=[\s:：]*[^\W_])",
    re.I,
)


def check(letter: Letter) -> list[Finding]:
    found = []
    for number, line in enumerate(letter.lines, 1):
        match = _PLACEHOLDER.search(line)
        if match:
            found.append(
                Finding(
                    "placeholder",
                    N_("A template blank is left in (“{text}”): fill it in before sending."),
                    number,
                    params={"text": match.group(0)},
                )
            )
    return found
