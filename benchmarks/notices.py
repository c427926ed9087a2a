"""Notices checked per second on one core (target: at least 500 typical notices per second).

The baseline, measured in the same run on the same bytes, is the standard library merely
parsing each email; the ratio shows what reading, judging, extracting and diagnosing add.

    .venv/bin/python benchmarks/notices.py
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

from reinstate.notices.check import check_notice
from reinstate.policies.loader import load_policies

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "typical notices (tests/fixtures/notices/genuine)": ROOT / "tests/fixtures/notices/genuine",
    "real phishing emails (shared/data/phishing)": ROOT.parent / "shared/data/phishing",
}
TARGET = 500
SECONDS = 3.0


def rate(work: Callable[[bytes], object], corpus: list[bytes]) -> float:
    for data in corpus[:3]:
        work(data)  # warm caches (suffix list, confusables, packs)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        for data in corpus:
            work(data)
        done += len(corpus)
    return done / (time.perf_counter() - start)


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, honestly
    packs, today = load_policies(), date(2026, 11, 18)
    typical_rate = None
    for label, folder in SETS.items():
        corpus = [p.read_bytes() for p in sorted(folder.glob("*.eml"))]
        if not corpus:
            print(f"{label}: no files found, skipped")
            continue
        size = sum(map(len, corpus)) / len(corpus) / 1024
        baseline = rate(lambda d: message_from_bytes(d, policy=policy.compat32), corpus)
        ours = rate(lambda d: check_notice(d, "n.eml", packs, today=today), corpus)
        typical_rate = typical_rate or ours
        print(f"{label}: {len(corpus)} files, {size:.0f} KB on average")
        print(f"  baseline (stdlib parse only): {baseline:8.0f} per second")
        print(
            f"  reinstate notice check:       {ours:8.0f} per second "
            f"({ours / baseline:.2f} x baseline)"
        )
    if typical_rate is not None:
        verdict = "met" if typical_rate >= TARGET else "MISSED"
        print(
            f"target: >= {TARGET} typical notices per second on one core: {verdict} "
            f"({typical_rate:.0f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
