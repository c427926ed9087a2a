"""A 200-page evidence pack from 20 documents: seconds and peak memory.

Baseline, measured in the same run: merging the same documents with pypdf and nothing else
(no cover, no stamping, no safety checks); the ratio shows what the pack's cover, stamps and
checks cost. The pack is built with pypdf too, so the baseline is the same library's merge.

The two are timed in pairs of runs side by side (the order swapped every pair), each run after
a garbage collection; the ratio printed is the median of the pairs' ratios, so a burst of load
from other processes falls on both jobs of a pair alike. Wall-clock seconds are what a user
waits; CPU seconds of this process are printed beside them because on a shared machine they
move less from run to run.

    .venv/bin/python benchmarks/evidence_pack.py
"""

from __future__ import annotations

import gc
import io
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from reinstate.evidence.pack import Source, build_pack

DOCUMENTS, PAGES = 20, 10


def document(number: int) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for index in range(PAGES):
        for row in range(40):
            page.drawString(56, 780 - row * 18, f"Document {number}, page {index + 1}, line {row}")
        page.showPage()
    page.save()
    return buffer.getvalue()


@dataclass
class Timing:
    wall: float  # median seconds
    cpu: float  # median CPU seconds of this process
    wall_ratio: float  # median over pairs of runs taken side by side: pack / baseline
    cpu_ratio: float
    baseline_wall: float
    baseline_cpu: float
    peak_mb: float
    baseline_peak_mb: float


def _run(work: Callable[[], object]) -> tuple[float, float]:
    gc.collect()
    started, started_cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - started, time.process_time() - started_cpu


def _peak(work: Callable[[], object]) -> float:
    """Peak memory of one run, traced apart (tracing allocations slows Python several times)."""
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / (1024 * 1024)


def measure(baseline: Callable[[], object], work: Callable[[], object], pairs: int = 15) -> Timing:
    """``pairs`` pairs of runs side by side, the order swapped every pair. Each pair's ratio is
    taken under the same load, so a burst from other processes cancels out of the median ratio
    instead of landing on one job."""
    baseline(), work()  # warm: imports, fonts, caches
    runs: dict[str, list[tuple[float, float]]] = {"baseline": [], "work": []}
    for number in range(pairs):
        order = [("baseline", baseline), ("work", work)]
        for name, job in order if number % 2 == 0 else order[::-1]:
            runs[name].append(_run(job))
    ratios = [
        (w[0] / b[0], w[1] / b[1]) for b, w in zip(runs["baseline"], runs["work"], strict=True)
    ]
    return Timing(
        wall=statistics.median(r[0] for r in runs["work"]),
        cpu=statistics.median(r[1] for r in runs["work"]),
        wall_ratio=statistics.median(r[0] for r in ratios),
        cpu_ratio=statistics.median(r[1] for r in ratios),
        baseline_wall=statistics.median(r[0] for r in runs["baseline"]),
        baseline_cpu=statistics.median(r[1] for r in runs["baseline"]),
        peak_mb=_peak(work),
        baseline_peak_mb=_peak(baseline),
    )


def merge_only(sources: list[Source]) -> bytes:
    writer = PdfWriter()
    for source in sources:
        for page in PdfReader(io.BytesIO(source.data)).pages:
            writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def main() -> int:
    sources = [Source(i, f"document-{i}.pdf", document(i), "pdf") for i in range(DOCUMENTS)]

    def pack() -> bytes:
        built = build_pack(
            sources, name="Bench_Pack_20261118.pdf", facts=[("Case", "#1")], max_mb=None
        )
        return built.parts[0].data

    last = PdfReader(io.BytesIO(pack())).pages[-1].extract_text()
    total = DOCUMENTS * PAGES + 1
    if f"Exhibit {chr(64 + DOCUMENTS)} · p. {total} / {total}" not in last:
        print(f"the pack's last page carries no stamp: {last[-60:]!r}")
        return 1
    t = measure(lambda: merge_only(sources), pack)
    print(f"evidence pack, {DOCUMENTS} documents x {PAGES} pages (+ cover), stamps checked:")
    print(
        f"  baseline (pypdf merge only): {t.baseline_wall:6.2f} s wall, {t.baseline_cpu:6.2f} s "
        f"CPU, peak {t.baseline_peak_mb:6.1f} MB"
    )
    print(
        f"  reinstate pack:              {t.wall:6.2f} s wall, {t.cpu:6.2f} s CPU, "
        f"peak {t.peak_mb:6.1f} MB ({t.wall_ratio:.2f} x baseline wall, "
        f"{t.cpu_ratio:.2f} x baseline CPU)"
    )
    for target, met in (
        ("a 200-page pack in under 2 s", t.wall < 2),
        ("within 1.3x the plain merge (wall)", t.wall_ratio <= 1.3),
        ("within 1.3x the plain merge (CPU)", t.cpu_ratio <= 1.3),
    ):
        print(f"  {'met   ' if met else 'MISSED'} {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
