"""repeated_text: a paragraph said twice, word for word or nearly (one violation's section
pasted under the next). A reviewer reads it as a template, not as an answer to each violation.

Paragraphs are the letter's blocks of lines between blank lines; short ones (a heading, a
sign-off) are left out. Two are the same when their words are, case and punctuation aside, or
when most of their three-word runs are shared; a run of repeated paragraphs is one finding.

>>> from reinstate.policies.loader import load_policies
>>> part = "We removed every listing of the brand and asked the supplier for its licence at once."
>>> text = f"Violation 1: Counterfeit\\n\\n{part}\\n\\nViolation 2: Misleading\\n\\n{part}"
>>> [(f.line, f.params) for f in check(Letter(text, load_policies()["joom"]))]
[(7, {'line': 7, 'last': 7, 'source': 3, 'source_last': 3})]
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import N_
from ..index import WORD, jaccard, shingles
from ..model import Finding, Letter

MIN_WORDS = 12  # shorter blocks (headings, greetings, sign-offs) may well repeat
NEAR = 0.6  # share of three-word runs two paragraphs have in common to read as one pasted


@dataclass(frozen=True)
class _Block:
    first: int  # line numbers, from 1
    last: int
    words: tuple[str, ...]
    runs: frozenset[str]


def _blocks(letter: Letter) -> list[_Block]:
    found: list[_Block] = []
    start: int | None = None
    lines = [*letter.lines, ""]
    for number, line in enumerate(lines, 1):
        if line.strip() and start is None:
            start = number
        elif not line.strip() and start is not None:
            text = "\n".join(lines[start - 1 : number - 1])
            words = tuple(_tokens(text))
            if len(words) >= MIN_WORDS:
                found.append(_Block(start, number - 1, words, frozenset(shingles(text, 3))))
            start = None
    return found


def _tokens(text: str) -> list[str]:
    """Words, each Chinese character one (as the similarity index counts them)."""
    return [t for w in WORD.findall(text.lower()) for t in _split(w)]


def _split(word: str) -> list[str]:
    if not any("\u4e00" <= ch <= "\u9fff" for ch in word):
        return [word]
    return [piece for piece in word if piece.strip()]


def _same(a: _Block, b: _Block) -> bool:
    return a.words == b.words or jaccard(set(a.runs), set(b.runs)) >= NEAR


def check(letter: Letter) -> list[Finding]:
    blocks = _blocks(letter)
    runs: list[tuple[int, int]] = []  # (index of the repeating block, index of its source)
    for i, block in enumerate(blocks):
        source = next((j for j in range(i) if _same(blocks[j], block)), None)
        if source is not None:
            runs.append((i, source))
    findings: list[Finding] = []
    previous: tuple[int, int] | None = None
    for i, source in runs:
        if previous is not None and (i, source) == (previous[0] + 1, previous[1] + 1):
            last = findings.pop()  # the paragraph after the last one repeated, pasted with it
            start, first_source = last.params["line"], last.params["source"]
        else:
            start, first_source = blocks[i].first, blocks[source].first
        findings.append(_finding(start, blocks[i].last, first_source, blocks[source].last))
        previous = (i, source)
    return findings


def _finding(line: int, last: int, source: int, source_last: int) -> Finding:
    return Finding(
        "repeated_text",
        N_(
            "Lines {line}–{last} repeat lines {source}–{source_last} (nearly) word for word: "
            "write what is particular to each violation, or say it once."
        ),
        line,
        params={"line": line, "last": last, "source": source, "source_last": source_last},
    )
