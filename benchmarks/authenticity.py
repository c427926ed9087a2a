"""Measure the notice checker's verdicts on mail it has never seen (not part of the suite).

    python benchmarks/authenticity.py --phishing DIR [--legitimate DIR ...] [--every N]
        [--half dev|held] [--list]

``--phishing``: real phishing, e.g. rf-peixoto/phishing_pot's ``email/`` without the files
already in ``shared/data/phishing``. ``--legitimate``: real legitimate mail, e.g. SpamAssassin's
easy_ham and hard_ham. ``--every N`` reads every N-th file only. ``--half dev`` reads only the
files whose name hashes to the development half, ``--half held`` only the others: rules are
looked at and tuned on the development half, and the held-out half is only measured. Prints,
for phishing, the share flagged (phishing or suspicious), split into mail that names a
marketplace we know and the rest, and how many were called genuine; for legitimate mail, how
many were called phishing.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from reinstate.errors import ReinstateError
from reinstate.notices.check import check_notice
from reinstate.policies.loader import load_policies

TODAY = date(2026, 11, 18)
NOW = datetime(2026, 11, 18, 9, tzinfo=UTC)


def half_of(name: str) -> str:
    """``dev`` or ``held``, by a stable hash of the file's name (the same on every run)."""
    return "dev" if hashlib.sha256(name.encode()).digest()[0] < 128 else "held"


def _files(folders: list[Path], every: int, half: str | None = None) -> list[Path]:
    found = sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())
    if half:
        found = [p for p in found if half_of(p.name) == half]
    return found[::every]


def _verdicts(files: list[Path]) -> tuple[Counter[str], list[tuple[str, str, str]]]:
    packs = load_policies()
    counts: Counter[str] = Counter()
    seen = []
    for path in files:
        # SpamAssassin's messages are named "00001.<hash>.txt" but are mail: only an .eml keeps
        # its name, any other file is told apart by its content (headers or not).
        name = path.name if path.suffix.lower() == ".eml" else None
        try:
            report = check_notice(path.read_bytes(), name, packs, today=TODAY, now=NOW)
        except ReinstateError:
            counts["unreadable"] += 1
            continue
        verdict, platform = report.judgement.verdict, report.judgement.platform
        group = "marketplace" if platform else "other"
        counts[f"{group}:{verdict}"] += 1
        seen.append((path.name, group, verdict))
    return counts, seen


def _share(counts: Counter[str], group: str, verdicts: tuple[str, ...]) -> tuple[int, int]:
    total = sum(v for k, v in counts.items() if k.startswith(group + ":"))
    hit = sum(counts[f"{group}:{v}"] for v in verdicts)
    return hit, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phishing", type=Path, action="append", default=[])
    parser.add_argument("--legitimate", type=Path, action="append", default=[])
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--half", choices=("dev", "held"), help="one half of the files only")
    parser.add_argument("--list", action="store_true", help="name the files judged wrongly")
    args = parser.parse_args(argv)
    flagged = ("phishing", "suspicious")
    if args.phishing:
        counts, seen = _verdicts(_files(args.phishing, args.every, args.half))
        print(f"phishing files: {sum(counts.values())} ({counts['unreadable']} unreadable)")
        for group in ("marketplace", "other"):
            hit, total = _share(counts, group, flagged)
            if total:
                print(f"  {group}: {hit}/{total} flagged = {hit / total:.1%}")
        hit, total = _share(counts, "marketplace", flagged)
        other_hit, other_total = _share(counts, "other", flagged)
        all_total = total + other_total
        if all_total:
            print(f"  all: {(hit + other_hit) / all_total:.1%} flagged")
        genuine = [name for name, _, verdict in seen if verdict == "genuine"]
        print(f"  called genuine: {len(genuine)}")
        if args.list:
            missed = [n for n, _, v in seen if v not in flagged]
            print("  not flagged:", " ".join(missed))
    if args.legitimate:
        counts, seen = _verdicts(_files(args.legitimate, args.every, args.half))
        print(f"legitimate files: {sum(counts.values())} ({counts['unreadable']} unreadable)")
        wrong = [name for name, _, verdict in seen if verdict == "phishing"]
        suspicious = [name for name, _, verdict in seen if verdict == "suspicious"]
        print(f"  called phishing: {len(wrong)}; called suspicious: {len(suspicious)}")
        if args.list:
            print("  phishing:", " ".join(wrong))
            print("  suspicious:", " ".join(suspicious))
    return 0


if __name__ == "__main__":
    sys.exit(main())
