"""Notices checked per second on one core (targets: at least 2,000 typical notices per second,
and 200 of the real phishing set).

The baseline, measured in the same run on the same bytes, is the standard library merely
parsing each email; the ratio shows what reading, judging, extracting and diagnosing add.
Rates count the process's CPU time (``time.process_time``): on a shared machine the wall clock
also counts the time other programs hold the core, which says nothing about this code.

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
TARGETS = {"typical": 2000, "real": 200}  # by the first word of the set's label
SECONDS = 3.0


def rate(work: Callable[[bytes], object], corpus: list[bytes]) -> float:
    for data in corpus[:3]:
        work(data)  # warm caches (suffix list, confusables, packs)
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < SECONDS:
        for data in corpus:
            work(data)
        done += len(corpus)
    return done / (time.process_time() - cpu)


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, honestly
    packs, today = load_policies(), date(2026, 11, 18)
    verdicts = []
    for label, folder in SETS.items():
        corpus = [p.read_bytes() for p in sorted(folder.glob("*.eml"))]
        if not corpus:
            print(f"{label}: no files found, skipped")
            continue
        size = sum(map(len, corpus)) / len(corpus) / 1024
        baseline = rate(lambda d: message_from_bytes(d, policy=policy.compat32), corpus)
        ours = rate(lambda d: check_notice(d, "n.eml", packs, today=today), corpus)
        target = TARGETS[label.split()[0]]
        verdicts.append(f"{'met' if ours >= target else 'MISSED'}: >= {target:,} per second "
                        f"of {label.split(' (')[0]} on one core ({ours:.0f})")  # fmt: skip
        print(f"{label}: {len(corpus)} files, {size:.0f} KB on average")
        print(f"  baseline (stdlib parse only): {baseline:8.0f} per CPU second")
        print(
            f"  reinstate notice check:       {ours:8.0f} per CPU second "
            f"({ours / baseline:.2f} x baseline)"
        )
    for verdict in verdicts:
        print(f"target {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
