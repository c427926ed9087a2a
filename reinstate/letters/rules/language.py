"""wrong_language: text in another language than the letter's.

The letter's language is the platform's own unless one was chosen for it (issue 19). For
English and Chinese, script decides: Chinese (or full-width punctuation) where English is wanted,
mostly Latin text where Chinese is. Every sentence long enough to tell is also read by a language
detector (lingua, offline, restricted to the letter languages), which flags a sentence in another
language: an English paragraph pasted into a German letter, Chinese in a Japanese one. Names the
platform pack gives in English (violations, materials) and the store's name are removed before a
sentence is read, since the composer quotes them as they are.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Any

from ...errors import N_
from ..model import Finding, Letter

CJK = re.compile(r"[\u4e00-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")
# Curly quotes are English typography too (word processors insert them), so they do not count.
FULL_WIDTH = re.compile(r"[，。！？：；（）【】、《》「」]")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿß]{2,}")
NAMES = {
    "en": N_("English"),
    "zh": N_("Chinese"),
    "de": N_("German"),
    "fr": N_("French"),
    "es": N_("Spanish"),
    "it": N_("Italian"),
    "ja": N_("Japanese"),
}
MIN_WORDS = 5  # fewer Latin words than this cannot be told apart reliably
MIN_CJK = 8  # nor fewer Chinese or Japanese characters
CONFIDENT = 0.6  # the detector's share for the language it found, above the letter's own
ENGLISH_CONFIDENT = 0.9  # in an English letter only a clear other language is flagged
# what a whole letter in a language the platform's reviewer does not take costs the score (one
# sentence in another language costs the usual 15): such a letter is not read at all
WHOLE_LETTER_IN_WRONG_LANGUAGE = 40


@cache
def _detector() -> Any:
    """Built once per process, for the letter languages only (fewer models: faster, surer)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in NAMES]
    languages = [Language.from_iso_code_639_1(code) for code in codes]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect(text: str) -> tuple[str, float]:
    """The most likely letter language of ``text`` and the detector's confidence in it."""
    values = _detector().compute_language_confidence_values(text)
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def _quoted_names(letter: Letter) -> list[str]:
    pack = letter.pack
    names = [v.name.en for v in pack.violations.values()]
    names += [m.name.en for m in pack.materials.values()]
    names += [pack.names.en, *letter.items]
    return sorted({n for n in names if n}, key=len, reverse=True)


def _readable(sentence: str, names: list[str], language: str) -> str | None:
    """The sentence without quoted names, if enough of it is left to tell its language."""
    for name in names:
        sentence = sentence.replace(name, " ")
    sentence = re.sub(r"[\"“„«»”][^\"“„«»”]*[\"“„«»”]", " ", sentence)  # quotations
    cjk = len(CJK.findall(sentence)) + len(KANA.findall(sentence))
    if cjk >= MIN_CJK or len(LATIN_WORD.findall(sentence)) >= MIN_WORDS:
        return sentence
    return None


def _kanji_only_label(text: str, language: str) -> bool:
    """A short run of kanji without kana (``添付資料B：返金一覧``) is Japanese and Chinese alike."""
    return language == "ja" and not KANA.search(text) and len(CJK.findall(text)) < 2 * MIN_CJK


def _detected(letter: Letter, language: str) -> list[Finding]:
    """The first sentence in another language; when most sentences are, the whole letter."""
    names = _quoted_names(letter)
    first: Finding | None = None
    read = foreign = 0
    for line, sentence in letter.sentences():
        text = _readable(sentence, names, language)
        if text is None or _kanji_only_label(text, language):
            continue
        read += 1
        found, confidence = detect(text)
        needed = ENGLISH_CONFIDENT if language == "en" else CONFIDENT
        if found != language and confidence >= needed:
            foreign += 1
            first = first or Finding(
                "wrong_language",
                N_("The letter is in {language}, but this sentence reads as {found}."),
                line,
                params={"language": NAMES[language], "found": NAMES[found]},
            )
    if first is None:
        return []
    if 2 * foreign > read:  # written in another language, not one stray sentence
        if language == "en" and letter.language is None:
            return [_whole(N_("{platform} wants the letter in English."), letter)]
        return [replace(first, weight=WHOLE_LETTER_IN_WRONG_LANGUAGE)]
    return [first]


def _script(letter: Letter, language: str) -> list[Finding]:
    """The platform's own English or Chinese, told by script: a letter mostly in the other
    script is wrong as a whole (and costs the most); in English, one line with Chinese is."""
    chinese = len(CJK.findall(letter.text))
    latin = sum(len(w) for w in LATIN_WORD.findall(letter.text))
    if language == "en" and chinese > latin:
        return [_whole(N_("{platform} wants the letter in English."), letter)]
    if language == "en":
        line = next(
            (
                n
                for n, text in enumerate(letter.lines, 1)
                if CJK.search(text) or FULL_WIDTH.search(text)
            ),
            None,
        )
        if line is None:
            return []
        return [
            Finding(
                "wrong_language",
                N_(
                    "{platform} wants English: this line has Chinese "
                    "text or full-width punctuation."
                ),
                line,
                params={"platform": letter.pack.names.en},
            )
        ]
    if chinese >= latin:
        return []
    return [_whole(N_("{platform} wants the letter in Chinese."), letter)]


def _whole(message: str, letter: Letter) -> Finding:
    return Finding(
        "wrong_language",
        message,
        None,
        params={"platform": letter.pack.names.en},
        weight=WHOLE_LETTER_IN_WRONG_LANGUAGE,
    )


def check(letter: Letter) -> list[Finding]:
    language = letter.language or letter.pack.appeal.language
    if language == "zh":
        return _script(letter, language)
    if language == "en":
        return _script(letter, language) or _detected(letter, language)
    if language != "ja":  # a Latin-script letter: Chinese in it is wrong, as in English
        line = next((n for n, text in enumerate(letter.lines, 1) if CJK.search(text)), None)
        if line is not None:
            return [
                Finding(
                    "wrong_language",
                    N_("The letter is in {language}, but this line has Chinese text."),
                    line,
                    params={"language": NAMES[language]},
                )
            ]
    return _detected(letter, language)
