"""Hypothesis over the readers of untrusted files: notices (nested MIME, hostile senders),
evidence (damaged PDFs and images, into the checks and the pack) and order exports (CSV and
Parquet into the importer). Each either reads the file or refuses it in one sentence.
Bounded: a few hundred examples in all, no deadline (the machine is shared)."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reinstate.errors import InvalidInput
from reinstate.evidence.pack import Source, build_pack
from reinstate.evidence.validate import check_file
from reinstate.metrics.normalise import normalise
from reinstate.metrics.profiles import CANONICAL, open_source
from reinstate.notices.check import check_notice
from reinstate.notices.parse import read_notice
from reinstate.policies.loader import load_policies

from .test_evidence_checks import image_bytes, joom, text_pdf

TODAY = date(2026, 11, 18)
BOUNDED = settings(
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every run: the suite stays reproducible
    suppress_health_check=[HealthCheck.too_slow],
)

# -- notices --------------------------------------------------------------------------------

_NAME = st.text(alphabet="aZ.@<>-_ \"'()+:;\u200b\u0430汉", max_size=300)


@st.composite
def mime(draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(0, 40))
    boundaries = [draw(st.sampled_from(["b", "x", "--", "=_"])) + str(i) for i in range(depth)]
    sender = draw(_NAME)
    address = draw(st.sampled_from(["a@amazon.com", "x@evil-mail.com", "", "<>", "a@@b"]))
    lines = [f"From: {sender} <{address}>", f"Subject: {draw(_NAME)}"]
    for boundary in boundaries:
        lines += [f'Content-Type: multipart/mixed; boundary="{boundary}"', "", f"--{boundary}"]
    kind = draw(st.sampled_from(["text/plain", "text/html", "application/pdf", "message/rfc822"]))
    lines += [f"Content-Type: {kind}", "", draw(st.text(max_size=500))]
    closed = draw(st.integers(0, depth))
    lines += [f"--{b}--" for b in reversed(boundaries[:closed])]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@settings(BOUNDED, max_examples=200)
@given(mime())
def test_the_notice_reader_reads_or_refuses_any_mime_tree(data: bytes) -> None:
    try:
        report = check_notice(data, "fuzz.eml", load_policies(), today=TODAY)
    except InvalidInput:
        return
    assert report.notice.kind == "email"
    assert report.judgement.verdict in ("genuine", "suspicious", "phishing", "unverifiable")


@settings(BOUNDED, max_examples=100)
@given(st.text(alphabet="a.@<>-:/ wht\n", min_size=1, max_size=3000))
def test_the_notice_reader_reads_any_text_made_of_separators(text: str) -> None:
    for name in ("x.txt", "x.html"):
        try:
            read_notice(text.encode(), name)
        except InvalidInput:
            pass


# -- evidence -------------------------------------------------------------------------------

_PDF = text_pdf("Invoice 2026-11-18", pages=2)
_PNG = image_bytes((120, 90), "PNG")


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    kind, original = draw(st.sampled_from([("pdf", _PDF), ("png", _PNG)]))
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at : at + draw(st.integers(1, 64))] = draw(st.binary(min_size=0, max_size=64))
    if draw(st.booleans()):
        data = data[: draw(st.integers(8, len(data)))]
    return kind, bytes(data)


@settings(BOUNDED, max_examples=150)
@given(damaged())
def test_the_evidence_checks_and_the_pack_name_a_damaged_file(case: tuple[str, bytes]) -> None:
    kind, data = case
    report = check_file(f"scan.{kind}", data, joom())
    assert all(p.code and p.message for p in report.problems)
    try:
        pack = build_pack(
            [Source(1, f"scan.{kind}", data, kind)], name="x.pdf", facts=[], max_mb=None
        )
    except InvalidInput as refused:
        assert f"scan.{kind}" in str(refused)
        return
    assert pack.parts[0].data[:5] == b"%PDF-"


# -- order exports --------------------------------------------------------------------------

_CELL = st.one_of(
    st.sampled_from(["", "2026-11-10T10:00:00Z", "13/45/2026", "NaN", "-1", "1e308", "shipped"]),
    st.text(max_size=12),
)


@settings(BOUNDED, max_examples=100)
@given(
    st.lists(st.sampled_from(CANONICAL), min_size=1, max_size=8, unique=True),
    st.lists(st.lists(_CELL, min_size=8, max_size=8), max_size=20),
)
def test_the_importer_reads_or_refuses_any_csv(columns: list[str], rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "orders.csv"
        with path.open("w", newline="", encoding="utf-8", errors="replace") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(row[: len(columns)] for row in rows)
        try:
            result = normalise(open_source("canonical", path), Path(folder) / "out.parquet")
        except InvalidInput:
            return
        assert result.orders + result.bad_rows + result.merged_rows == result.rows


@settings(BOUNDED, max_examples=60)
@given(st.integers(0, 10_000), st.binary(min_size=1, max_size=400))
def test_the_importer_refuses_a_damaged_parquet_file(at: int, junk: bytes) -> None:
    table = pa.table(
        {name: ["x", "2026-11-10T10:00:00Z"] for name in ("order_id", "account_id", "purchase_ts")}
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer, row_group_size=1)
    data = bytearray(buffer.getvalue())
    at %= len(data)
    data[at : at + len(junk)] = junk
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "orders.parquet"
        path.write_bytes(bytes(data))
        try:
            normalise(open_source("canonical", path), Path(folder) / "out.parquet")
        except InvalidInput:
            pass
