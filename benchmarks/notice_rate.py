"""Notices checked per CPU second, best of five passes: the typical notices of
tests/fixtures/notices/genuine and the real phishing mails listed in shared/data/phishing's
index.csv. A quick before/after measure for a change to the checker (``notices.py`` runs the
longer comparison against the standard library's parse).

    .venv/bin/python benchmarks/notice_rate.py [ROUNDS]
"""

from __future__ import annotations

import csv
import sys
import time
from datetime import date
from pathlib import Path

from reinstate.notices.check import check_notice
from reinstate.policies.loader import load_policies

ROOT = Path(__file__).resolve().parents[1]
GENUINE = ROOT / "tests/fixtures/notices/genuine"
PHISHING = ROOT.parent / "shared/data/phishing"
if not PHISHING.is_dir():
    PHISHING = Path("/work/shared/data/phishing")


def corpus(label: str) -> list[tuple[str, bytes]]:
    if label == "genuine":
        return [(p.name, p.read_bytes()) for p in sorted(GENUINE.glob("*.eml"))]
    with (PHISHING / "index.csv").open(encoding="utf-8", newline="") as index:
        names = [row["file"] for row in csv.DictReader(index)]
    return [(name, (PHISHING / name).read_bytes()) for name in names if (PHISHING / name).is_file()]


def best_rate(files: list[tuple[str, bytes]], rounds: int, repeat: int) -> float:
    packs, today = load_policies(), date(2026, 11, 18)
    for name, data in files[:3]:
        check_notice(data, name, packs, today=today)  # warm caches
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for _ in range(repeat * rounds):
            for name, data in files:
                check_notice(data, name, packs, today=today)
        best = min(best, time.process_time() - start)
    return len(files) * repeat * rounds / best


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    for label, repeat in (("genuine", 40), ("phishing", 1)):
        files = corpus(label)
        print(f"{label}: {len(files)} files, {best_rate(files, rounds, repeat):,.0f} per CPU second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
