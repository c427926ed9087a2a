"""A 200-page evidence pack from 20 documents: seconds and peak memory.

Baseline, measured in the same run: merging the same documents with pypdf and nothing else
(no cover, no stamping); the ratio shows what the pack's cover and stamps cost.

    .venv/bin/python benchmarks/evidence_pack.py
"""

from __future__ import annotations

import io
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


def measure(work: Callable[[], object], runs: int = 3) -> tuple[float, float]:
    """The median time of ``runs`` runs, then the peak memory of one more: traced apart, as
    tracing Python's allocations slows it several times over."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return sorted(times)[runs // 2], peak / (1024 * 1024)


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
    base_seconds, base_memory = measure(lambda: merge_only(sources))
    pack_seconds, pack_memory = measure(
        lambda: build_pack(
            sources, name="Bench_Pack_20261118.pdf", facts=[("Case", "#1")], max_mb=None
        )
    )
    print(f"evidence pack, {DOCUMENTS} documents x {PAGES} pages (+ cover):")
    print(f"  baseline (merge only): {base_seconds:6.2f} s, peak {base_memory:6.1f} MB")
    print(
        f"  reinstate pack:        {pack_seconds:6.2f} s, peak {pack_memory:6.1f} MB "
        f"({pack_seconds / base_seconds:.1f} x baseline time)"
    )
    for target, met in (
        ("a 200-page pack in under 2 s", pack_seconds < 2),
        ("within 1.3x the plain merge", pack_seconds <= 1.3 * base_seconds),
    ):
        print(f"  {'met   ' if met else 'MISSED'} {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
