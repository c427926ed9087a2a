r"""The one font every PDF the workbench draws sets its text in: a TrueType face with Chinese
and Latin letters found on this machine, embedded (only the glyphs used) in each PDF, so any
reader shows the Chinese, not only those with Adobe's Asian font pack.

The face is looked for in this order: the file the setting ``REINSTATE_CJK_FONT`` names, then
the places Debian/Ubuntu (``fonts-wqy-zenhei``, ``fonts-wqy-microhei``, ``fonts-arphic-uming``),
other Linux distributions, macOS and Windows keep such fonts. Each candidate must load as
TrueType (reportlab embeds TrueType outlines only, so the CFF-based Noto Sans CJK ``.otf``/``.ttc``
are passed over) and draw common Chinese characters, Latin letters, a space between words (a
face mapping none lends another blank glyph: see ``_word_space``) and the punctuation the
workbench prints. When none does, Chinese falls back to the CID font ``STSong-Light`` (nothing
embedded: Acrobat shows it, many other readers do not) and one warning is logged.

A setting naming no file is refused when the workbench opens; one naming a file that is no such
font is refused the first time a PDF is drawn, in one sentence each.

>>> font_for("Exhibit A") in {"Helvetica", EMBEDDED}
True
>>> word_wrap("证据包"), word_wrap("Evidence pack")
('CJK', None)
"""

from __future__ import annotations

import logging
import os
import string
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import N_, ConfigurationError

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

log = logging.getLogger("reinstate.pdf")

EMBEDDED = "ReinstateText"  # the name the found face is registered under with reportlab
FALLBACK = "STSong-Light"  # a CID font nothing embeds; Acrobat has it, Poppler and browsers not

# (file, face inside a .ttc), most likely first: Debian/Ubuntu, Fedora, Arch, macOS, Windows.
_WINDOWS = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
CANDIDATES: tuple[tuple[Path, int], ...] = (
    (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
    (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
    (Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0),
    (Path("/usr/share/fonts/truetype/arphic/ukai.ttc"), 0),
    (Path("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc"), 0),
    (Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"), 0),
    (Path("/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc"), 0),
    (Path("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc"), 0),
    (Path("/System/Library/Fonts/Supplemental/Songti.ttc"), 0),
    (Path("/System/Library/Fonts/STHeiti Light.ttc"), 0),
    (Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"), 0),
    (Path("/Library/Fonts/Arial Unicode.ttf"), 0),
    (_WINDOWS / "msyh.ttc", 0),
    (_WINDOWS / "simsun.ttc", 0),
    (_WINDOWS / "simhei.ttf", 0),
)
# What a face must draw: every printable ASCII letter and the space between words
# (DroidSansFallback has no Latin, so it cannot set a line such as "Exhibit A 营业执照.pdf"), the
# punctuation the sheets print, and Chinese.
REQUIRED = (
    "".join(c for c in string.printable if c.isprintable())
    + "·–—…“”‘’（），。：；、"
    + "的一是不了人我在有这中大来上国个到说们为证据包申诉账户验证准备单营业执照法身份"
)

_lock = threading.Lock()
_setting: Path | None = None
_chosen: str | None = None  # EMBEDDED or FALLBACK once decided
_refused: ConfigurationError | None = None


def configure(path: Path | None) -> None:
    """The setting, given when the workbench opens: a path with no file is refused now."""
    global _setting, _chosen, _refused
    if path is not None and not path.is_file():
        raise ConfigurationError(
            N_("REINSTATE_CJK_FONT names {path}, but there is no such font file."),
            path=str(path),
        )
    with _lock:
        if path != _setting:
            _setting, _chosen, _refused = path, None, None


def _loaded(path: Path, face: int) -> TTFont | None:
    """The TrueType font at ``path`` if it draws everything in REQUIRED, else None."""
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        font = TTFont(EMBEDDED, str(path), subfontIndex=face)
    except Exception:  # noqa: BLE001 - TTFError for CFF outlines; struct/OS errors on junk
        return None
    _word_space(font.face)
    glyphs = font.face.charToGlyph
    return font if all(ord(c) in glyphs for c in REQUIRED) else None


# Blank characters a face may have where it maps no word space of its own (U+0020, or U+00A0,
# which reportlab borrows by itself): en, three- and four-per-em, thin and ideographic spaces.
SPACES = (0x2002, 0x2004, 0x2005, 0x2009, 0x3000)
WORD_SPACE = 1000 / 3  # a third of an em, in reportlab's thousandths


def _word_space(face: TTFontFace) -> None:
    """Give ``face`` a word space where it has none, or one with no width: reportlab draws a
    character the face does not map as .notdef with no width and no text, so "JingYue Home US"
    was printed and read back as "JingYueHomeUS". The glyph of another blank character stands
    in, a third of an em wide; a face with no blank character at all keeps none and is passed
    over (REQUIRED has the space)."""
    glyphs, widths = face.charToGlyph, face.charWidths
    if widths.get(0x20):
        return
    glyphs.pop(0x20, None)
    glyphs.pop(0xA0, None)
    for blank in SPACES:
        if blank in glyphs:
            glyphs[0x20] = glyphs[0xA0] = glyphs[blank]
            widths[0x20] = widths[0xA0] = WORD_SPACE
            return


def _discovered() -> tuple[Path, TTFont] | None:
    for path, face in CANDIDATES:
        if path.is_file() and (font := _loaded(path, face)) is not None:
            return path, font
    return None


def discovered() -> Path | None:
    """The first of CANDIDATES that will do, or None (``scripts/ensure-system-packages`` asks)."""
    found = _discovered()
    return found[0] if found else None


def _choose() -> str:
    from reportlab.pdfbase import pdfmetrics

    if _setting is not None:
        font = _loaded(_setting, 0)
        if font is None:
            raise ConfigurationError(
                N_(
                    "REINSTATE_CJK_FONT names {path}, which is not a TrueType font with Chinese "
                    "and Latin letters (OpenType CFF fonts such as Noto Sans CJK cannot be "
                    "embedded): name a .ttf or .ttc such as wqy-zenhei.ttc."
                ),
                path=str(_setting),
            )
    else:
        found = _discovered()
        font = found[1] if found else None
    if font is not None:
        pdfmetrics.registerFont(font)
        return EMBEDDED
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    log.warning(
        "No TrueType font with Chinese letters was found (install fonts-wqy-zenhei, or set "
        "REINSTATE_CJK_FONT): PDFs set Chinese in %s, which only some readers show.",
        FALLBACK,
    )
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK


def text_font() -> str:
    """The registered name of the face PDFs set their text in: EMBEDDED, or FALLBACK."""
    global _chosen, _refused
    with _lock:
        if _refused is not None:
            raise _refused
        if _chosen is None:
            try:
                _chosen = _choose()
            except ConfigurationError as exc:
                _refused = exc
                raise
        return _chosen


def font_for(text: str, *, bold: bool = False) -> str:
    """The font to set ``text`` in: the embedded face for everything, Latin and Chinese alike
    (it has no bold); without one, Helvetica for what it can draw and the CID font otherwise."""
    font = text_font()
    if font == EMBEDDED:
        return font
    try:
        text.encode("latin-1")  # what the standard Helvetica can draw
    except UnicodeEncodeError:
        return font
    return "Helvetica-Bold" if bold else "Helvetica"


def word_wrap(text: str) -> str | None:
    """Paragraph wrapping: between any two characters when the text has Chinese, else at
    spaces (reportlab's ``wordWrap``)."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return "CJK"
    return None
