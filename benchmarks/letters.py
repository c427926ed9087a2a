"""The organisation's letter similarity index at 100,000 letters: lookup time per letter.

Each synthetic letter is a draft whose answers are drawn from phrase pools with numbers, dates,
SKUs and carriers varied (so letters share wording the way real ones do). The index holds the
MinHash signature of each letter's substance, as the product does. Lookups: 1,000 letters, half
of them another account's answers copied with small edits (they must be found), half newly
written (they must not be flagged).

Baseline, measured in the same run: the straightforward way, exact Jaccard against every
indexed letter. Target: p95 lookup under 20 ms.

    .venv/bin/python benchmarks/letters.py [N]
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import time

from reinstate.letters.compose import substance
from reinstate.letters.draft import Action, Answer, Draft, Measure
from reinstate.letters.index import LetterIndex, jaccard, shingles, signature

PRODUCTS = (
    "phone case,tent pole,kitchen scale,desk lamp,yoga mat,baby bottle,USB charger,"
    "rain jacket,water filter,garden hose,car mount,bike light"
).split(",")
CARRIERS = "YunExpress,4PX,Yanwen,Cainiao,SF Express,China Post,DHL eCommerce,J&T".split(",")
CAUSES = [
    "{n} orders of the {p} were shipped with {c} labels that the carrier did not scan",
    "A batch of {n} {p} units from a new supplier had a defect in the {part}",
    "The {p} listing said {spec} while the goods were {spec2}",
    "Buyer messages about the {p} waited {h} hours on average for a reply",
    "Our ERP copied {n} listings of the {p} from another store without checking the brand",
    "The {p} was sold without the {cert} certificate that {market} requires",
    "Our warehouse cut-off moved to {hour}:00 and {n} orders missed the handling time",
    "{c} stopped uploading tracking events for {n} parcels after {date}",
]
ACTIONS = [
    "Removed {n} {p} listings from sale",
    "Refunded or replaced all {n} buyers of the {p}",
    "Moved {p} shipments from {c} to {c2}",
    "Obtained the {cert} certificate for the {p}",
    "Corrected the size and material of {n} {p} listings",
    "Answered every open buyer message and added a weekend shift",
    "Quarantined {n} units of the {p} in the warehouse",
    "Re-synchronised tracking for {n} orders with {c}",
]
MEASURES = [
    ("Inspect {pct}% of every {p} shipment on arrival", "quality lead", "every shipment"),
    ("Check brand authorisation before any {p} is listed", "purchasing lead", "each new product"),
    ("Alert the duty agent when a message waits {h} hours", "customer service lead", "continuous"),
    (
        "Report orders with no carrier event {h} hours after shipping",
        "logistics assistant",
        "daily",
    ),
    (
        "Review the defect rate of the {p} against a {pct}% threshold",
        "operations manager",
        "weekly",
    ),
    ("Audit {n} random listings against the goods", "compliance officer", "monthly"),
]
WORDS = {
    "part": ["hinge", "seal", "joint", "cable", "clasp", "valve"],
    "spec": ["100% cotton", "waterproof", "BPA free", "2 m long", "10,000 mAh"],
    "spec2": ["a cotton blend", "splash resistant", "untested", "1.8 m long", "8,000 mAh"],
    "cert": ["CE", "UKCA", "FCC", "EPR", "CPC"],
    "market": ["the EU", "the UK", "the US", "Germany", "France"],
}


def fill(rng: random.Random, template: str) -> str:
    values = {
        "n": rng.randint(2, 900),
        "h": rng.randint(6, 96),
        "pct": rng.randint(1, 20),
        "hour": rng.randint(12, 18),
        "p": rng.choice(PRODUCTS),
        "c": rng.choice(CARRIERS),
        "c2": rng.choice(CARRIERS),
        "date": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        **{k: rng.choice(v) for k, v in WORDS.items()},
    }
    return template.format(**values)


def synthetic(rng: random.Random, account: int) -> Draft:
    answers = []
    for code in rng.sample(
        ["counterfeit", "valid_tracking", "customer_service", "late_shipment"], rng.randint(1, 2)
    ):
        answers.append(
            Answer(
                violation=code,
                root_causes=[fill(rng, rng.choice(CAUSES)) for _ in range(rng.randint(1, 3))],
                actions=[
                    Action(text=fill(rng, rng.choice(ACTIONS)), exhibit="B", page=rng.randint(2, 9))
                    for _ in range(rng.randint(1, 4))
                ],
                prevention=[
                    Measure(text=fill(rng, m[0]), owner=m[1], frequency=m[2])
                    for m in rng.sample(MEASURES, rng.randint(1, 3))
                ],
            )
        )
    return Draft(
        platform="joom", store_name=f"Store {account}", answers=answers, variant=f"1/{account}"
    )


def edited(rng: random.Random, text: str) -> str:
    """Another account's answers, copied with a few words changed."""
    words = text.split(" ")
    for _ in range(max(1, len(words) // 40)):
        words[rng.randrange(len(words))] = rng.choice(["our", "the", "all", "new"])
    return " ".join(words)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(count: int) -> None:
    rng = random.Random(2026)
    start = time.perf_counter()
    texts = [substance(synthetic(rng, n)) for n in range(count)]
    made = time.perf_counter() - start
    index = LetterIndex()
    start = time.perf_counter()
    for key, text in enumerate(texts):
        index.add(key, owner=key, label=f"Store {key}", minhash=signature(text))
    built = time.perf_counter() - start
    indexed_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    copies = [(rng.randrange(count), None) for _ in range(500)]
    queries = [(edited(rng, texts[k]), k) for k, _ in copies]
    queries += [(substance(synthetic(rng, count + n)), None) for n in range(500)]
    timings, found, expected, false_alarms = [], 0, 0, 0
    for text, source in queries:
        begin = time.perf_counter()
        matches = index.query(signature(text), exclude_owner=-1)
        timings.append((time.perf_counter() - begin) * 1000)
        if source is not None:
            # Only copies still at least THRESHOLD alike (exactly) should be reported.
            due = jaccard(shingles(text), shingles(texts[source])) >= index.threshold
            expected += due
            found += due and any(m.key == source for m in matches)
        else:
            false_alarms += bool(matches)
    shingled = [shingles(t) for t in texts]
    baseline = []
    for text, _ in queries[:20]:
        begin = time.perf_counter()
        mine = shingles(text)
        [s for s in shingled if jaccard(mine, s) >= index.threshold]
        baseline.append((time.perf_counter() - begin) * 1000)
    p95, base95 = percentile(timings, 0.95), percentile(baseline, 0.95)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"letters indexed: {count:,} (made in {made:.1f} s, indexed in {built:.1f} s, "
        f"{count / built:,.0f} letters/s)"
    )
    print(
        f"lookup ms: p50 {statistics.median(timings):.2f}, p95 {p95:.2f}, "
        f"p99 {percentile(timings, 0.99):.2f} (target p95 < 20 ms: "
        f"{'met' if p95 < 20 else 'MISSED'})"
    )
    print(
        f"copies at least {index.threshold:.0%} alike found: {found}/{expected} "
        f"(of 500 edited copies); new letters flagged: {false_alarms}/500"
    )
    print(
        f"baseline (exact Jaccard against every letter): p95 {base95:.1f} ms; "
        f"index is {base95 / p95:,.0f}x faster"
    )
    print(
        f"peak memory: {indexed_mb:,.0f} MB with the letters and the index built, "
        f"{peak_mb:,.0f} MB after the baseline held every letter's shingles"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
