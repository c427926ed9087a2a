"""Unmask text the way a reader sees it: NFKC, no invisible or combining characters, look-alike
letters mapped to Latin (confusables), lower case.

>>> skeleton("Aܿmܿaܿzܿon")
'amazon'
>>> skeleton("Αmazοn.fr")  # Greek capital alpha and omicron
'amazon.fr'
>>> has_hidden_characters("P\\u200br\\u200bime")
True
>>> mixed_script_words("G\u043eod \u0430ftern\u043e\u043en, dear", enough=3)  # Cyrillic o and a
2
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_INVISIBLE = {"Cf", "Mn", "Me"}  # format characters (zero-width and the like), combining marks
_KEEP_MARKS = {"\u3099", "\u309a"}  # Japanese voicing marks are letters' own, not tricks
# Blank-looking characters that are not format characters but serve the same trick.
_BLANK_LOOKING = {"\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


@cache
def _latin(char: str) -> str:
    if char.isascii() or not char.isalpha():
        return char
    if "\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af":  # CJK and Hangul: as is
        return char
    # Loaded only for a letter outside ASCII and CJK: its table takes longer to read than a
    # typical notice takes to check.
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True)
    if found:
        for glyph in found[0]["homoglyphs"]:
            if glyph["c"].isascii():
                return str(glyph["c"])
    return char


def _invisible(char: str) -> bool:
    return char in _BLANK_LOOKING or (
        unicodedata.category(char) in _INVISIBLE and char not in _KEEP_MARKS
    )


class _Unmasked(dict[int, str]):
    """``str.translate``'s table for :func:`skeleton`: each character as a reader sees it
    (nothing for an invisible one), worked out the first time it is met, then looked up."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = shown = "" if _invisible(char) else _latin(char)
        return shown


_UNMASKED = _Unmasked()


class _Shown(dict[int, str | None]):
    """``str.translate``'s table for :func:`reading_text`: an invisible character left out (a
    mark that changes a letter kept), any other as it is; worked out once per character."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        self[code] = kept = None if _invisible(char) and char not in _KEEP_MARKS else char
        return kept


_SHOWN = _Shown()


@lru_cache(maxsize=8)  # one check unmasks its name, subject and body several times
def skeleton(text: str) -> str:
    if text.isascii():  # NFKC and the table leave ASCII as it is
        return text.lower()
    # traditional characters as simplified: "淘寶" names the brand the packs write "淘宝"
    return unicodedata.normalize("NFKC", text).translate(_UNMASKED).translate(_TRADITIONAL).lower()


def has_hidden_characters(text: str) -> bool:
    """Invisible characters inside a word (not between words), as used to dodge filters."""
    if text.isascii():  # no format characters, combining marks or blank look-alikes
        return False
    chars = list(unicodedata.normalize("NFKC", text))
    for index, char in enumerate(chars):
        if _invisible(char) and 0 < index < len(chars) - 1:
            if _native_mark(chars, index) or _emoji_joiner(chars, index):
                continue
            before, after = chars[index - 1], chars[index + 1]
            if before.isalnum() or after.isalnum() or _invisible(after):
                return True
    return False


_MARKED_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")  # where a stray mark disguises a letter


def _native_mark(chars: list[str], index: int) -> bool:
    """A combining mark that Thai, Devanagari, Arabic ... write on their own letters."""
    if unicodedata.category(chars[index]) not in ("Mn", "Me"):
        return False
    base = index - 1
    while base >= 0 and unicodedata.category(chars[base]) in ("Mn", "Mc", "Me"):
        base -= 1
    if base < 0 or not chars[base].isalpha() or chars[base].isascii():
        return False
    return unicodedata.name(chars[base], "X").split()[0] not in _MARKED_SCRIPTS


def _emoji_joiner(chars: list[str], index: int) -> bool:
    """The joiner and variation selectors inside an emoji sequence (👩‍💻, ❤️)."""
    if chars[index] not in ("\u200d", "\ufe0f", "\ufe0e"):
        return False
    before = chars[index - 1]
    return (
        unicodedata.category(before) == "So"
        or before in ("\ufe0f", "\u200d")
        or ("\U0001f3fb" <= before <= "\U0001f3ff")
    )


def mixed_script_words(text: str, enough: int = 1) -> int:
    """How many words of the text, counted up to ``enough``, mix Latin letters with look-alikes
    from another script ("Αmazοn"): the text is normalised (NFKC) once, and only its words
    outside ASCII are looked at."""
    if text.isascii():
        return 0
    found = 0
    for word in unicodedata.normalize("NFKC", text).split():
        if word.isascii():
            continue
        letters = [c for c in word if c.isalpha() and not ("\u2e80" <= c <= "\u9fff")]
        latin = [c for c in letters if c.isascii()]
        if latin and any(not c.isascii() and _latin(c) != c for c in letters):
            found += 1
            if found >= enough:
                break
    return found


# Spaces a web page or a Chinese editor writes (no-break, full-width U+3000, thin ...): a space.
_SPACES = re.compile(r"[^\S\r\n\t\f\v ]")
# A reply's quoting marks at the start of a line ("> ", "> > ").
_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)


# Traditional characters of seller notices (Shopee Taiwan, Big5 mail) and their simplified
# forms, for the packs' Chinese wording to be found in either script.
_TRADITIONAL_FORMS = (
    "來倉個們傳價償內凍則務問啟單國圖團執報場壞實審寫將專對屆屬帳幣幫庫廠後復應懲戶採"
    "損擁擇擊據數於時暫書會條業標樣檢權歷歸氣測準滯滿漲濫為無營爭產當發確碼節範簽糾紀"
    "約級紛細終結絡統經網緊線編繫續罰聯臺與舉處虛號蝦補覆規視親觀訂計記訴註詐評詢該詳"
    "認誤說調請謝證議護讀負貨責貴買費貼資賠賣質賬購輸轉迴這進運過達違遞遲選還邊郵銀銷"
    "鋪錄錢錯閉開間關隊際隱隻響頁須預頻題額類顯餘騙驗體點齊寶貓亞遜電繳匯鎖歐識設備馬"
)
_SIMPLIFIED_FORMS = (
    "来仓个们传价偿内冻则务问启单国图团执报场坏实审写将专对届属账币帮库厂后复应惩户采"
    "损拥择击据数于时暂书会条业标样检权历归气测准滞满涨滥为无营争产当发确码节范签纠纪"
    "约级纷细终结络统经网紧线编系续罚联台与举处虚号虾补复规视亲观订计记诉注诈评询该详"
    "认误说调请谢证议护读负货责贵买费贴资赔卖质账购输转回这进运过达违递迟选还边邮银销"
    "铺录钱错闭开间关队际隐只响页须预频题额类显余骗验体点齐宝猫亚逊电缴汇锁欧识设备马"
)
_TRADITIONAL = str.maketrans(_TRADITIONAL_FORMS, _SIMPLIFIED_FORMS)


def as_read(pattern: str) -> str:
    """A pattern written in Japanese (or traditional Chinese) as it meets the text
    :func:`reading_text` reads: its kanji in their simplified forms, where Chinese has one.

    >>> as_read("72時間以内"), reading_text("72時間以内")
    ('72时间以内', '72时间以内')
    """
    return pattern.translate(_TRADITIONAL)  # no NFKC: a full-width "（" would become a group


# the same notice's text is read so by the facts, the check and the signals: worked out once
@lru_cache(maxsize=8)
def reading_text(text: str) -> str:
    r"""The text as a careful reader reads it for its facts: full-width letters and digits as
    ASCII (NFKC), every kind of space a space, zero-width and other invisible characters gone,
    a reply's "> " quoting marks taken off each line, traditional Chinese characters in their
    simplified form. Not for judging authenticity: hidden characters are a signal there.

    >>> reading_text("Reference\u00a0ID:\u200b 55\u200b21\n> within\u30007 days")
    'Reference ID: 5521\nwithin 7 days'
    >>> reading_text("截止日期：２０２６年１２月５日")
    '截止日期:2026年12月5日'
    >>> reading_text("您的賣場因延遲出貨已被記點")
    '您的卖场因延迟出货已被记点'
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = text.translate(_SHOWN)
        text = _SPACES.sub(" ", text).translate(_TRADITIONAL)
    text = text.replace("\r\n", "\n")
    return _QUOTE_MARKS.sub("", text) if ">" in text else text


# Where a forwarded or quoted mail starts inside the one that carries it.
_PASSED_ON = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:forwarded message|original message|转发的?邮件|轉寄的?郵件|原始邮件|"
    r"原始郵件)[ \t]*-{2,}|begin forwarded message:|>|on [^\n]{1,200}\bwrote:[ \t]*$|"
    r"在[^\n]{1,120}(?:写道|寫道)[:：])",
    re.I | re.M,
)
_PASSED_ON_SUBJECT = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|wg|tr)\s*:|(?:回复|答复|转发|轉寄|回覆)\s*[:：])", re.I
)


def own_words(subject: str, text: str) -> str:
    r"""What the sender of a reply or a forward wrote: the subject unless it says "Re:" or
    "Fwd:", and the text before the mail it quotes or passes on.

    >>> own_words("Fwd: Store frozen", "See below\n---------- Forwarded message ---------\nHi")
    '\nSee below\n'
    >>> own_words("Store frozen", "Dear seller,\nyour store is frozen")
    'Store frozen\nDear seller,\nyour store is frozen'
    """
    start = _PASSED_ON.search(text)
    kept = text[: start.start()] if start else text
    return f"{'' if _PASSED_ON_SUBJECT.match(subject) else subject}\n{kept}"
