"""Near-duplicate letters across an organisation: MinHash signatures of each letter's 5-word
shingles in an LSH index (datasketch), so a new letter is compared with every letter of every
other account in milliseconds, not by reading them all.

>>> index = LetterIndex()
>>> text = "we removed the listings and retrained the team on brand authorisation checks " * 3
>>> index.add(1, owner=10, label="Store A", minhash=signature(text))
>>> [(m.label, m.share >= 0.9) for m in index.query(signature(text), exclude_owner=11)]
[('Store A', True)]
>>> index.query(signature(text), exclude_owner=10)
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch 2: 32-bit hash values, stored as 4 bytes each
THRESHOLD = 0.7  # a letter this close to another account's reads as the same template
LSH_THRESHOLD = 0.5  # candidates are gathered below THRESHOLD so that few true matches are missed
WORD = re.compile(r"[\w\u4e00-\u9fff]+")


def shingles(text: str, size: int = 5) -> set[str]:
    """Overlapping runs of ``size`` words (Chinese: characters), lower-cased."""
    words = WORD.findall(text.lower())
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        words = [piece for word in words for piece in _split_cjk(word)]
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _split_cjk(word: str) -> list[str]:
    """Chinese has no spaces: each character counts as a word, Latin runs stay whole."""
    return re.findall(r"[\u4e00-\u9fff]|[^\u4e00-\u9fff]+", word)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def signature(text: str) -> LeanMinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return LeanMinHash(minhash)


def to_bytes(minhash: LeanMinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(data, dtype="<u4"), scheme=SCHEME)


@dataclass(frozen=True)
class Match:
    key: int
    owner: int
    label: str
    share: float  # estimated Jaccard similarity of the shingles, 0..1


@cache
def _bands() -> tuple[int, int]:
    """The index's bands and rows per band, as datasketch chooses them for LSH_THRESHOLD: it
    finds them by numerical integration in every new index, which was most of the letter page's
    CPU time (issue 21); the answer never changes, so it is worked out once."""
    chosen = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return chosen.b, chosen.r


class LetterIndex:
    """Letters keyed by id, each owned by an account; a query ignores the asking account."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, params=_bands())
        self.entries: dict[int, tuple[int, str, LeanMinHash]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, key: int, *, owner: int, label: str, minhash: LeanMinHash) -> None:
        if key in self.entries:
            return
        self.entries[key] = (owner, label, minhash)
        self.lsh.insert(key, minhash, check_duplication=False)

    def query(self, minhash: LeanMinHash, *, exclude_owner: int | None) -> list[Match]:
        """Letters of other accounts at least ``threshold`` alike, the closest first; one per
        account (its closest letter)."""
        best: dict[int, Match] = {}
        for key in self.lsh.query(minhash):
            owner, label, other = self.entries[key]
            if owner == exclude_owner:
                continue
            share = float(minhash.jaccard(other))
            if share >= self.threshold and (owner not in best or share > best[owner].share):
                best[owner] = Match(key, owner, label, share)
        return sorted(best.values(), key=lambda m: (-m.share, m.key))
