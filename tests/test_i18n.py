"""Every message a user can see exists in zh-CN and English, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir

from reinstate.i18n import catalog, gettext_for, negotiate

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
