"""A 200-page evidence pack from 20 documents: seconds and peak memory.

Baseline, measured in the same run: merging the same documents with pypdf and nothing else
(no cover, no stamping, no safety checks); the ratio shows what the pack's cover, stamps and
checks cost. The pack is built with pypdf too, so the baseline is the same library's merge.

The two are timed in turns (baseline, pack, baseline, ...), each after a garbage collection,
so a burst of load from other processes or a collection left over from the other job falls
on both alike. Wall-clock seconds are what a user waits; CPU seconds of this process are
printed beside them because on a shared machine they move far less from run to run.

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


def measure(jobs: dict[str, Callable[[], object]], runs: int = 7) -> dict[str, tuple[float, ...]]:
    """Per job: median wall seconds, median CPU seconds over ``runs`` turns, then the peak
    memory of one more run, traced apart (tracing allocations slows Python several times)."""
    for work in jobs.values():
        work()  # warm: imports, fonts, caches
    wall: dict[str, list[float]] = {name: [] for name in jobs}
    cpu: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, work in jobs.items():
            gc.collect()
            started, started_cpu = time.perf_counter(), time.process_time()
            work()
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
    results = {}
    for name, work in jobs.items():
        gc.collect()
        tracemalloc.start()
        work()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results[name] = (
            statistics.median(wall[name]),
            statistics.median(cpu[name]),
            peak / (1024 * 1024),
        )
    return results


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
    results = measure({"merge": lambda: merge_only(sources), "pack": pack})
    (base_wall, base_cpu, base_memory), (wall, cpu, memory) = results["merge"], results["pack"]
    print(f"evidence pack, {DOCUMENTS} documents x {PAGES} pages (+ cover), stamps checked:")
    print(
        f"  baseline (pypdf merge only): {base_wall:6.2f} s wall, {base_cpu:6.2f} s CPU, "
        f"peak {base_memory:6.1f} MB"
    )
    print(
        f"  reinstate pack:              {wall:6.2f} s wall, {cpu:6.2f} s CPU, "
        f"peak {memory:6.1f} MB ({wall / base_wall:.2f} x baseline wall, "
        f"{cpu / base_cpu:.2f} x baseline CPU)"
    )
    for target, met in (
        ("a 200-page pack in under 2 s", wall < 2),
        ("within 1.3x the plain merge (wall)", wall <= 1.3 * base_wall),
        ("within 1.3x the plain merge (CPU)", cpu <= 1.3 * base_cpu),
    ):
        print(f"  {'met   ' if met else 'MISSED'} {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
