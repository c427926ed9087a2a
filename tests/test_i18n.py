"""Every message a user can see exists in zh-CN and English, with the same placeholders."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from babel.messages.extract import extract_from_dir

from reinstate.i18n import LOCALE_DIR, catalog, gettext_for, negotiate

ROOT = Path(__file__).resolve().parents[1] / "reinstate"
METHODS = [("**.py", "python"), ("web/templates/**.html", "jinja2")]


def _messages() -> set[str]:
    found = extract_from_dir(str(ROOT), METHODS, keywords={"_": None, "N_": None})
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def test_it_has_a_chinese_translation_for_every_message() -> None:
    messages = _messages()
    assert len(messages) > 100
    missing = sorted(m for m in messages if m not in catalog("zh_CN"))
    assert missing == [], f"untranslated (run `make messages`): {missing}"


def _raw_keys(text: str) -> list[tuple[str | None, str]]:
    r"""Every entry's (msgctxt, msgid) as written, continuation lines joined, in file order.

    Babel keeps one of two entries with the same id without a word, so this reads the lines.

    >>> _raw_keys('msgid "A"\nmsgstr "x"\n\nmsgctxt "c"\nmsgid ""\n"A"\nmsgstr "y"\n')
    [(None, 'A'), ('c', 'A')]
    """
    keys: list[tuple[str | None, str]] = []
    context: str | None = None
    field, parts = "", []
    for line in [*text.splitlines(), "msgstr"]:
        if line.startswith('"'):
            parts.append(json.loads(line))
            continue
        if field == "msgctxt":
            context = "".join(parts)
        elif field == "msgid":
            keys.append((context, "".join(parts)))
            context = None
        field, _, rest = line.partition(" ")
        parts = [json.loads(rest)] if field in ("msgctxt", "msgid") else []
    return keys


def test_the_catalog_holds_each_message_once() -> None:
    path = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "messages.po"
    keys = _raw_keys(path.read_text(encoding="utf-8"))
    assert len(keys) > 1000
    twice = sorted((key for key, n in Counter(keys).items() if n > 1), key=str)
    assert twice == [], f"msgids written more than once in messages.po: {twice}"


def test_it_keeps_placeholders_identical_in_translations() -> None:
    for message, translation in catalog("zh_CN").items():
        assert set(re.findall(r"\{\w+\}", message)) == set(re.findall(r"\{\w+\}", translation)), (
            message
        )


def test_it_translates_and_falls_back_to_english() -> None:
    assert gettext_for("zh_CN")("Sign in") == "登录"
    assert gettext_for("en")("Sign in") == "Sign in"
    assert gettext_for("zh_CN")("a message nobody wrote") == "a message nobody wrote"


def test_it_picks_the_language_from_the_browser() -> None:
    assert negotiate("zh-CN,zh;q=0.9,en;q=0.8", "en") == "zh_CN"
    assert negotiate("en-GB,en;q=0.9,zh;q=0.8", "zh_CN") == "en"
    assert negotiate("fr-FR,zh-TW;q=0.5", "en") == "zh_CN"
    assert negotiate("en;q=0.2,zh;q=0.9", "en") == "zh_CN"
    assert negotiate("fr, de", "en") == "en"
    assert negotiate(None, "zh_CN") == "zh_CN"
    assert negotiate("zh;q=abc", "en") == "en"
