"""wrong_language: Chinese (or full-width punctuation) where the platform wants English, and
English where it wants Chinese."""

from __future__ import annotations

import re

from ...errors import N_
from ..model import Finding, Letter

CJK = re.compile(r"[\u4e00-\u9fff]")
# Curly quotes are English typography too (word processors insert them), so they do not count.
FULL_WIDTH = re.compile(r"[，。！？：；（）【】、《》「」]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def check(letter: Letter) -> list[Finding]:
    if letter.pack.appeal.language == "en":
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
    chinese = len(CJK.findall(letter.text))
    latin = sum(len(w) for w in LATIN_WORD.findall(letter.text))
    if chinese >= latin:
        return []
    return [
        Finding(
            "wrong_language",
            N_("{platform} wants the letter in Chinese."),
            None,
            params={"platform": letter.pack.names.en},
        )
    ]
