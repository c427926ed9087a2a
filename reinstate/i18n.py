"""Translations: English message ids, zh-CN catalog in ``locale/zh_CN/LC_MESSAGES/messages.po``.

The catalog is read with Babel at first use (no compile step); a test extracts every message id
from the code and templates and fails when one has no Chinese translation.

>>> gettext_for("zh_CN")("Sign in")
'登录'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "zh_CN")
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}
LOCALE_DIR = Path(__file__).parent / "locale"

Gettext = Callable[[str], str]


Ngettext = Callable[[str, str, int], str]


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (Babel extracts ``N_``)."""
    return message


@cache
def _entries(language: str) -> list[tuple[object, object]]:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return []
    # Imported here: English has no catalog, and Babel is a good part of a light command's start.
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        po = read_po(handle, locale=language)
    return [(m.id, m.string) for m in po if m.id and m.string]


@cache
def catalog(language: str) -> dict[str, str]:
    """The catalog's messages without plural forms, by English message id."""
    return {i: s for i, s in _entries(language) if isinstance(i, str) and isinstance(s, str)}


@cache
def plural_catalog(language: str) -> dict[str, tuple[str, ...]]:
    """The catalog's messages with plural forms (``msgid_plural``), by their English singular."""
    return {
        str(i[0]): tuple(str(form) for form in s)
        for i, s in _entries(language)
        if isinstance(i, (tuple, list)) and isinstance(s, (tuple, list)) and all(s)
    }


def gettext_for(language: str) -> Gettext:
    messages = catalog(language)

    def gettext(message: str) -> str:
        return messages.get(message, message)

    return gettext


def ngettext_for(language: str) -> Ngettext:
    """The form of a message for a count: English has one for 1 and one for the rest, Chinese
    one for all (the catalog's ``Plural-Forms: nplurals=1``).

    >>> [ngettext_for("en")("{n} day left", "{n} days left", n) for n in (1, 2)]
    ['{n} day left', '{n} days left']
    >>> ngettext_for("zh_CN")("{n} day left", "{n} days left", 1)
    '还剩 {n} 天'
    """
    forms = plural_catalog(language)

    def ngettext(singular: str, plural: str, n: int) -> str:
        translated = forms.get(singular)
        if translated is None:
            return singular if n == 1 else plural
        return translated[0] if len(translated) == 1 or n == 1 else translated[1]

    return ngettext


def normalise_language(value: str | None) -> str | None:
    """Map a browser or user language tag to one of LANGUAGES, or None."""
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    if primary == "zh":
        return "zh_CN"
    if primary == "en":
        return "en"
    return None


def negotiate(accept_language: str | None, default: str) -> str:
    """The best of LANGUAGES for an ``Accept-Language`` header, else ``default``."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = normalise_language(tag)
        if language and quality > 0:
            choices.append((-quality, position, language))
    return sorted(choices)[0][2] if choices else default


# The parts a platform's file-name pattern is made of (policies.schema.Files), in a seller's words
PATTERN_WORDS: dict[str, str] = {
    "store_name": N_("StoreName"),
    "violation_type": N_("ViolationType"),
    "date": N_("Date"),
}


def pattern_in_words(pattern: str, gettext: Gettext) -> str:
    """A file-name pattern as a seller reads it: its ``{parts}`` named in words.

    >>> pattern_in_words("{store_name}_{violation_type}_20261201", gettext_for("en"))
    'StoreName_ViolationType_20261201'
    >>> pattern_in_words("{store_name}_{violation_type}_{date}", gettext_for("zh_CN"))
    '店铺名_违规类型_日期'
    """

    def word(part: re.Match[str]) -> str:
        return gettext(PATTERN_WORDS[part[1]]) if part[1] in PATTERN_WORDS else part[0]

    return re.sub(r"\{(\w+)\}", word, pattern)


def render(gettext: Gettext, message: str, params: dict[str, object]) -> str:
    """``message`` translated, with its text parameters translated too (type names, kinds); a
    ``pattern`` (a file-name pattern) or a ``suggested`` name's unknown parts are given in words."""
    values = {
        key: gettext(value) if isinstance(value, str) else value for key, value in params.items()
    }
    for key in ("pattern", "suggested"):  # a name pattern, or a name with a part not known
        if isinstance(values.get(key), str):
            values[key] = pattern_in_words(str(values[key]), gettext)
    return gettext(message).format(**values)
