"""Regular expressions that skip text they cannot match, with the same answers as ``re``.

A rule's pattern is compiled as usual; alongside it we read, from the parsed pattern, words
that every match must contain (``(?:suspend|block)ed`` needs "suspend" or "block"). Searching a
notice first looks for those words in its lower-case text with ``in``, which runs in C over the
whole text at once; only when one is present does the pattern itself run. A case-insensitive
pattern gets no such help from ``re`` (it tries every branch at every position), so most rules
on most notices are now answered by a few substring tests. A word as common as "you" tells
little: each top-level alternative also keeps the word sets of its other parts, and the
pattern runs only when one alternative has a word of each (``you (won|been selected)`` needs
"won" or "been selected" too).

The shortcut is exact: a pattern's case-insensitive match of a word implies that word in the
lower-case text, except through the four letters outside ASCII that ``re`` matches to ASCII
ones (İ ı ſ K); a text containing one of them is always searched by the pattern itself.

>>> rule = compile_rule(r"\\b(?:gift card|jackpot)\\b", re.I)
>>> sorted(rule.words)
['gift card', 'jackpot']
>>> rule.search("You won the JACKPOT").group(0), rule.search("Your store")
('JACKPOT', None)
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any, TypeVar

from .text import as_read

try:  # the parser ``re`` itself uses; without it every rule simply runs its pattern
    _p: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - other Pythons
    _p = None

# The letters outside ASCII that a case-insensitive ``re`` matches to ASCII letters (the docs'
# list for [a-z] with IGNORECASE; tests check it against every code point).
_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")
MAX_WORDS = 160
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")

# The last text seen and its lower-case form: the rules of a check search the same text in
# turn. Replaced whole, in one store, so threads never see one text with another's form.
_last: list[tuple[str, str | None]] = [("", "")]
# The last few long texts too (a body, the subject and body, its first 20,000 characters): a
# check comes back to them between sentences and headers, and lowering one costs more than
# finding it again, by identity or, built anew from the same parts, by equality.
_LONG, _LONG_KEPT = 2048, 4
_long: list[tuple[tuple[str, str | None], ...]] = [()]


def lowered(text: str) -> str | None:
    """``text`` in lower case, or None when a trap letter makes the shortcut unsafe."""
    seen, low = _last[0]
    if seen is text:
        return low
    size = len(text)
    if size >= _LONG:
        kept = _long[0]
        for entry in kept:
            seen = entry[0]
            if seen is text or (len(seen) == size and seen == text):
                _last[0] = (text, entry[1])
                return entry[1]
    low = text.lower() if text.isascii() or not _TRAPS.search(text) else None
    _last[0] = (text, low)
    if size >= _LONG:
        _long[0] = ((text, low), *kept[: _LONG_KEPT - 1])
    return low


def _plain(char: str) -> bool:
    """A literal whose case-insensitive matches lower to itself: ASCII, or a character without
    case (digits, punctuation, CJK)."""
    return char.isascii() or char.lower() == char == char.upper()


def _weight(word: str) -> int:
    """How rare a word is: its length, twice over for CJK and other non-ASCII characters and
    for a sign ("@" in an address); a letter or a digit alone is no filter."""
    return len(word) if word.isascii() and (len(word) > 1 or word.isalnum()) else 2 * len(word)


def _score(words: frozenset[str] | None) -> tuple[int, int]:
    if not words:
        return (0, 0)
    return (min(map(_weight, words)), -len(words))


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    return b if _score(b) > _score(a) else a


def _words(items: Any) -> frozenset[str] | None:
    """Words one of which every match of the sequence ``items`` contains, or None."""
    best: frozenset[str] | None = None
    for found in _needed(items):
        best = _better(best, found)
    return best


def _needed(items: Any) -> list[frozenset[str] | None]:
    """For each part of the sequence ``items``, words one of which its matches contain (None
    where unknown): every match of the sequence contains one word of each set."""
    sets: list[frozenset[str] | None] = []
    run: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL" and _plain(chr(av)):
            run.append(chr(av).lower())
            continue
        if run:
            sets.append(frozenset(["".join(run)]))
            run = []
        found: frozenset[str] | None = None
        if name == "SUBPATTERN":
            found = _words(av[3])
        elif name == "ATOMIC_GROUP":
            found = _words(av)
        elif name == "BRANCH":
            options = [_words(branch) for branch in av[1]]
            if all(options):
                found = frozenset().union(*options)  # type: ignore[arg-type]
        elif name in _REPEATS and av[0] >= 1:
            found = _words(av[2])
        sets.append(found)
    if run:
        sets.append(frozenset(["".join(run)]))
    return sets


def _useful(words: frozenset[str] | None) -> bool:
    return bool(words) and min(map(_weight, words)) >= 2 and len(words) <= MAX_WORDS  # type: ignore[arg-type]


def _branches(items: list[Any]) -> list[list[Any]]:
    """The alternatives of a sequence: those of a ``|`` it is made of (however grouped, as a
    kind's patterns joined ``(?:a)|(?:b)``), else the sequence itself."""
    while len(items) == 1 and str(items[0][0]) == "SUBPATTERN":
        items = list(items[0][1][3])
    if len(items) == 1 and str(items[0][0]) == "BRANCH":
        return [b for branch in items[0][1][1] for b in _branches(list(branch))]
    return [items]


def _alternatives(pattern: str, flags: int) -> tuple[tuple[frozenset[str], ...], ...] | None:
    """For each alternative of the pattern (one, when it has no top-level ``|``), the word
    sets (up to three, the rarest first) that each of its matches has a word of; None when
    that tells no more than the pattern's words alone."""
    found = []
    for branch in _branches(list(_p.parse(pattern, flags))):
        sets = sorted(
            {s for s in _needed(branch) if s and _useful(s)},
            key=lambda s: (_score(s), sorted(s)),
            reverse=True,
        )
        if not sets:
            return None  # an alternative without words: any text may hold a match
        found.append(tuple(sets[:3]))
    return tuple(found) if any(len(sets) > 1 for sets in found) else None


def required_words(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Words (lower case) one of which is in every text the pattern matches; None if unknown."""
    if _p is None:
        return None
    try:
        words = _words(_p.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - an unreadable pattern just runs without the shortcut
        return None
    if not words or min(map(_weight, words)) < 2 or len(words) > MAX_WORDS:
        return None
    return words


class Rule:
    """A compiled pattern with ``re.Pattern``'s search methods, skipping hopeless texts."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.regex = re.compile(pattern, flags)
        self.pattern, self.flags = pattern, flags
        self.words = required_words(pattern, flags)
        self.alternatives = None
        if self.words is not None:
            try:
                self.alternatives = _alternatives(pattern, flags)
            except Exception:  # noqa: BLE001 - the words alone then
                self.alternatives = None

    def possible(self, text: str) -> bool:
        """False only when the pattern cannot match anywhere in ``text``."""
        words = self.words
        if words is None:
            return True
        seen, low = _last[0]  # the text the last rule searched, most often this one
        if seen is not text:
            low = lowered(text)
        if low is None:
            return True
        for word in words:  # ``in`` beats an alternation of the words, even of a hundred
            if word in low:
                break
        else:
            return False
        alternatives = self.alternatives
        if alternatives is None:
            return True
        for sets in alternatives:  # an alternative whose every set has a word in the text
            for needed in sets:
                for word in needed:
                    if word in low:
                        break
                else:
                    break  # this set has none: not this alternative
            else:
                return True
        return False

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self.regex.search(text, *args) if self.possible(text) else None

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, *args) if self.possible(text) else iter(())

    def findall(self, text: str, *args: int) -> list[Any]:
        return self.regex.findall(text, *args) if self.possible(text) else []

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self.regex.match(text, *args)

    def fullmatch(self, text: str, *args: int) -> re.Match[str] | None:
        return self.regex.fullmatch(text, *args)


@lru_cache(maxsize=2048)
def compile_rule(pattern: str, flags: int = 0) -> Rule:
    """The :class:`Rule` for ``pattern`` (cached: packs' patterns are compiled once)."""
    return Rule(pattern, flags)


T = TypeVar("T")
_BUILT: dict[tuple[int, str], tuple[object, Any]] = {}
_MAX_BUILT = 256


def built_for(owner: object, what: str, build: Callable[[], T]) -> T:
    """``build()`` made once for ``owner``, a loaded pack (frozen, read for every notice),
    found by identity: its rules ready to search, not gathered and looked up per notice."""
    found = _BUILT.get((id(owner), what))
    if found is None or found[0] is not owner:
        if len(_BUILT) >= _MAX_BUILT:  # packs loaded again and again (tests): start afresh
            _BUILT.clear()
        found = _BUILT[(id(owner), what)] = (owner, build())
    return found[1]


K = TypeVar("K")


def pack_rules(
    owner: object,
    what: str,
    entries: Callable[[], Iterable[tuple[K, Any]]],
    *,
    joined: bool = False,
) -> list[tuple[K, tuple[Rule, ...]]]:
    """For each ``(key, patterns)`` of ``entries()`` (a pack's kinds, violations, triage), its
    patterns in every language, ``en``, ``zh`` then ``ja``, compiled case-insensitively: one rule
    each, or with ``joined`` one rule for them all (one scan, where only whether one matches
    counts).
    Made once per pack (:func:`built_for`)."""

    def build() -> list[tuple[K, tuple[Rule, ...]]]:
        found: list[tuple[K, tuple[Rule, ...]]] = []
        for key, patterns in entries():
            both = tuple(across_lines(p) for p in (*patterns.en, *patterns.zh))
            japanese = tuple(as_read(p) for p in patterns.ja)
            if joined:
                rules = (_any_of(both),) + ((_japanese("|".join(japanese)),) if japanese else ())
            else:
                rules = tuple(compile_rule(p, re.I) for p in both) + tuple(map(_japanese, japanese))
            found.append((key, rules))
        return found

    return built_for(owner, what, build)


def across_lines(pattern: str) -> str:
    r"""``pattern`` with each space between words (not escaped, not in a ``[class]``) matching
    any run of white space: a mail wraps its lines anywhere, so a pack's "inaccurate
    information" must find "inaccurate⏎information" too. A space the pack repeats itself
    (``a +b``, ``a *b``, ``a {2,}b``) becomes one white space repeated so, never a run repeated
    (``(?:\s+)+`` takes exponential time on a long run of spaces that does not match).

    >>> across_lines(r"inaccurate information|your (selling )?account|[ -]\ x")
    'inaccurate(?:\\s+)information|your(?:\\s+)(selling(?:\\s+))?account|[ -]\\ x'
    >>> across_lines("a +b|c *d|e {2,}f|g ?h")
    'a\\s+b|c\\s*d|e\\s{2,}f|g(?:\\s+)?h'
    """
    out: list[str] = []
    in_class = escaped = False
    for at, char in enumerate(pattern):
        if escaped or char == "\\":
            escaped = not escaped
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == " ":
            out.append(r"\s" if pattern[at + 1 : at + 2] in ("+", "*", "{") else r"(?:\s+)")
            continue
        out.append(char)
    return "".join(out)


_KANA = re.compile("[\u3041-\u30ff]")
_kana: list[tuple[str, bool]] = [("", False)]  # the last text asked about, as ``_last``


def has_kana(text: str) -> bool:
    """Whether ``text`` has hiragana or katakana, as all Japanese has and Chinese has not."""
    seen, found = _kana[0]
    if seen is not text:
        found = not text.isascii() and _KANA.search(text) is not None
        _kana[0] = (text, found)
    return found


class JapaneseRule(Rule):
    """A pack's Japanese pattern: not tried on a text without kana (English or Chinese), where
    looking for its words would cost every notice a pass over its text per pattern."""

    def possible(self, text: str) -> bool:
        return has_kana(text) and super().possible(text)


@lru_cache(maxsize=512)
def _japanese(pattern: str) -> Rule:
    return JapaneseRule(pattern, re.I)


@lru_cache(maxsize=256)
def _any_of(patterns: tuple[str, ...]) -> Rule:
    """One rule for several patterns instead of one scan per pattern."""
    return compile_rule("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.I)
