"""Bytes of a notice as text: in the charset it declares, else UTF-8, else the East Asian
charset it reads best in. A saved page or text file in GBK, Big5 or Shift_JIS seldom says which
it is, and GB18030 decodes nearly any bytes into Chinese characters that mean nothing; the
charset the text reads in is the one that gives the characters its language uses most.

>>> decode_bytes("お客様の出品アカウントを停止しました。".encode("shift_jis"))
'お客様の出品アカウントを停止しました。'
>>> decode_bytes("您的店鋪因虛假交易被處罰。".encode("big5"))
'您的店鋪因虛假交易被處罰。'
>>> decode_bytes("您的店铺因虚假交易被处罚。".encode("gbk"))
'您的店铺因虚假交易被处罚。'
"""

from __future__ import annotations

import re

# tried in this order; the first wins a tie (most notices sellers save are simplified Chinese)
EAST_ASIAN = ("gb18030", "big5", "shift_jis")
FALLBACK_CHARSETS = ("utf-8", *EAST_ASIAN, "cp1252")
# The characters notices and everyday text use most, simplified and traditional, and Japanese
# kana: a text decoded in the right charset is full of them, in a wrong one it has few.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行法所得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制"
    "机当使点从业本去把性好应开它合还因由其些然前外天四日那事平形相全表间样与关各重新线内数正心"
    "你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系很情者最立代想已通并提直题程展"
    "五果料员位入常文总次品式活设及管特件长求老头基资边流路级少图知较将见计别手期根论运指几九区"
    "强放决被做必先回则任取据处给色光门即保北造百规领七口导器压志世金增争济思术极交受联认六共权"
    "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报完类八离名确才"
    "张信马节话整空元况今集传许步群广记需段研界林律且究观越织装影算低持音众书布复容须际商非验连"
    "断深难近千周委素技备半办青省列习响约支般感便团往历市克何除消构府称太准精值号率族维划选标写"
    "存候亲快效院查型眼按格养易置派层片始却专状育厂识适属包火住调满县局照参红细引听该铁价严您店"
    "铺请申诉账罚违规订货卖买們個這為國來時會對於與發說產現實門開關長問題經過還進應從處罰違規訂"
    "單號帳請訴鋪賬貨賣買務營業費請於與據該將內資訊"
)
_KANA = re.compile("[\u3041-\u309f\u30a1-\u30fa]")


def _score(text: str, charset: str) -> int:
    common = sum(1 for c in text if c in _COMMON)
    return common + 2 * len(_KANA.findall(text)) if charset == "shift_jis" else common


def _east_asian(data: bytes) -> str | None:
    best: tuple[int, str] | None = None
    for charset in EAST_ASIAN:
        try:
            text = data.decode(charset)
        except UnicodeDecodeError:
            continue
        score = _score(text, charset)
        if best is None or score > best[0]:
            best = (score, text)
    return best[1] if best is not None else None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = _east_asian(data)
    if found is not None:
        return found
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


# a page's own word on its charset: <meta charset="shift_jis">, or the http-equiv form's
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", re.I
)


def page_charset(data: bytes) -> str | None:
    """The charset a web page declares in its first 4 KB, if it does and its bytes are not
    UTF-8: a page a browser saved is often re-encoded in UTF-8 with its old declaration kept,
    and UTF-8 read as Latin-1 is garbled where valid UTF-8 is never meant as anything else.

    >>> page_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=GBK">')
    'GBK'
    >>> page_charset('<meta charset="iso-8859-1"><p>店铺</p>'.encode()) is None
    True
    """
    found = _META_CHARSET.search(data, 0, 4096)
    if found is None:
        return None
    try:
        utf8 = not data.isascii() and bool(data.decode("utf-8"))
    except UnicodeDecodeError:
        utf8 = False
    return None if utf8 else found.group(1).decode("ascii")
