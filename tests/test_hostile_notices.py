"""Hostile notices are read in linear time: every regular expression on untrusted text, MIME
nesting bounded while parsing, and the notices that once took minutes."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date

import pytest

from reinstate.notices import (
    authenticity,
    bulk,
    check,
    deadlines,
    diagnosis,
    disguises,
    domains,
    envelope,
    extract,
    lures,
    parse,
    scams,
    text,
    unsolicited,
)
from reinstate.notices.check import check_notice
from reinstate.notices.parse import MAX_DEPTH, read_notice
from reinstate.notices.scan import Rule
from reinstate.policies.loader import load_policies

TODAY = date(2026, 11, 18)
# Linear time is judged by growth, not by a clock: a text GROWTH times longer must take about
# GROWTH times as long to scan as GROWTH scans of the short one (the same characters in short
# pieces, timed in CPU time in the same run). A scan that backtracks over what it has read takes
# GROWTH times longer again (quadratic), and far more for worse. The short text is longer than
# any bounded repetition in the patterns ({1,64}): such a scan grows linearly only past it.
SIZE = 500
GROWTH = 10
SLOWER = 3  # linear scans come out near 1x; quadratic ones near GROWTH


def adversarial(size: int) -> tuple[str, ...]:
    """Shapes that make backtracking engines go quadratic or worse: repeated separators, a
    keyword followed by endless whitespace, an address split many ways, a never-closed bracket."""
    return (
        "a." * (size // 2),
        "a@" * (size // 2),
        "<" + "a@" * (size // 2),
        "a" * size,
        "1" * size,
        "1-" * (size // 2),
        "\n" + " " * size,
        "www." * (size // 4),
        "http://" + "a" * size,
        "expedit" * (size // 7),
        "2026-1" * (size // 6),
    )


def _compiled(module: object) -> Iterator[tuple[str, re.Pattern[str]]]:
    for name, value in vars(module).items():
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            for found in item if isinstance(item, tuple) else (item,):
                candidate = found.regex if isinstance(found, Rule) else found  # and its shortcut
                if isinstance(candidate, re.Pattern) and isinstance(candidate.pattern, str):
                    yield f"{module.__name__}.{name}", candidate  # type: ignore[attr-defined]


def every_pattern() -> list[tuple[str, re.Pattern[str]]]:
    found = [
        item
        for module in (
            parse,
            extract,
            deadlines,
            authenticity,
            domains,
            text,
            diagnosis,
            check,
            envelope,
            unsolicited,
            bulk,
            lures,
            scams,
            disguises,
        )
        for item in _compiled(module)
    ]
    for platform, pack in load_policies().items():
        for code, violation in pack.violations.items():
            for source in violation.patterns.en + violation.patterns.zh:
                found.append((f"{platform}.{code}", re.compile(source, re.I)))
        for kind, described in pack.notice_kinds.items():
            for source in described.patterns.en + described.patterns.zh:
                found.append((f"{platform}.{kind}", re.compile(source, re.I)))
        for triage in pack.triage:
            for source in triage.applies_when.en + triage.applies_when.zh:
                found.append((f"{platform}.triage", re.compile(source, re.I)))
    unique = {(pattern.pattern, pattern.flags): (name, pattern) for name, pattern in found}
    return list(unique.values())  # packs share many patterns: each is timed once


def _keyword_runs(pattern: re.Pattern[str], size: int) -> list[str]:
    """The pattern's own words, each followed by a long run of spaces: "SKU      …"."""
    words = sorted(set(re.findall(r"[A-Za-z]{3,}|[\u4e00-\u9fff]{2,}", pattern.pattern)))
    return [word + " " * size + "!" for word in words[:4]] + [
        (word + " ") * (size // (len(word) + 1)) for word in words[:1]
    ]


def _scan(pattern: re.Pattern[str], subject: str, times: int) -> float:
    """CPU seconds to find every match in ``subject``, ``times`` over."""
    started = time.process_time()
    for _ in range(times):
        for _ in pattern.finditer(subject):
            pass
    return time.process_time() - started


def grows_faster_than_its_text(pattern: re.Pattern[str], short: str, long: str) -> bool:
    """Whether scanning ``long`` (GROWTH times ``short``) takes more than SLOWER times as long as
    scanning ``short`` GROWTH times. Asked again, the least of each kept, before saying yes: a
    busy machine slows one scan, never every one of them."""
    long_took, short_took = float("inf"), float("inf")
    for _ in range(3):
        long_took = min(long_took, _scan(pattern, long, 1))
        short_took = min(short_took, _scan(pattern, short, GROWTH))
        if long_took <= SLOWER * short_took:
            return False
    return True


def test_every_notice_pattern_scans_adversarial_text_in_linear_time() -> None:
    patterns = every_pattern()
    assert len(patterns) > 40  # the modules' own and every platform pack's
    bounds = [re.findall(r"\{(\d+)(?:,(\d+))?\}", pattern.pattern) for _, pattern in patterns]
    assert max(int(n) for found in bounds for pair in found for n in pair if n) < SIZE
    # the measure itself tells a quadratic scan (each start runs to the end) from a linear one
    runaway, literal = re.compile(r"\w+@"), re.compile(r"@")
    assert grows_faster_than_its_text(runaway, "a" * SIZE, "a" * SIZE * GROWTH)
    assert not grows_faster_than_its_text(literal, "a@" * SIZE, "a@" * SIZE * GROWTH)
    shorts, longs = adversarial(SIZE), adversarial(SIZE * GROWTH)
    slow = []
    for name, pattern in patterns:
        short = shorts + tuple(_keyword_runs(pattern, SIZE))
        long = longs + tuple(_keyword_runs(pattern, SIZE * GROWTH))
        for small, large in zip(short, long, strict=True):
            if grows_faster_than_its_text(pattern, small, large):
                slow.append((name, large[:12]))
    assert slow == []


def _email(sender: str, body: str, content_type: str = "text/plain") -> bytes:
    return (
        f"From: {sender}\nSubject: Your Amazon account\nContent-Type: {content_type}\n\n{body}"
    ).encode()


def _timed(data: bytes, name: str) -> tuple[float, check.NoticeReport]:
    started = time.monotonic()
    report = check_notice(data, name, load_policies(), today=TODAY)
    return time.monotonic() - started, report


def test_a_sender_name_of_120_kb_is_judged_at_once() -> None:
    check_notice(_email("a <a@amazon.com>", "warm up"), "w.eml", load_policies(), today=TODAY)
    name = "a." * 60_000
    took, report = _timed(_email(f"{name} <notice@evil-mail.com>", "Suspended."), "n.eml")
    assert took < 10  # was 470 s
    assert report.notice.from_address == "notice@evil-mail.com"
    spoof = _email("amazon.com Seller Support <notice@evil-mail.com>", "Suspended.")
    codes = [s.code for s in _timed(spoof, "s.eml")[1].judgement.signals]
    assert "sender_name_spoof" in codes


def test_ten_thousand_links_and_a_ten_megabyte_line_are_read_in_linear_time() -> None:
    anchors = "".join(
        f'<a href="https://sellercentral.amazon.com/p/{i}">https://sellercentral.amazon.com/p/{i}</a><br>'
        for i in range(10_000)
    )
    took, report = _timed(
        _email(
            "Amazon <seller-notification@amazon.com>",
            f"<html><body>{anchors}</body></html>",
            "text/html",
        ),
        "links.eml",
    )
    assert took < 20  # was 22 s
    assert len(report.notice.links) == 10_000  # each once, with its anchor text
    line = "Your Amazon account is suspended for counterfeit items, see https://amaz0n-help.net/x "
    data = (line * (9_900_000 // len(line))).encode()
    took, report = _timed(data, "line.txt")
    assert took < 20  # was 29 s
    assert [link.host for link in report.notice.links] == ["amaz0n-help.net"]
    assert report.judgement.verdict == "phishing"


def _nested(depth: int) -> bytes:
    head = (
        b"From: Joom <support@joom.com>\nSubject: Store suspended\n"
        b'Content-Type: multipart/mixed; boundary="b0"\n\n'
    )
    parts = b"".join(
        f'--b{level}\nContent-Type: multipart/mixed; boundary="b{level + 1}"\n\n'.encode()
        for level in range(depth)
    )
    return head + parts + f"--b{depth}\nContent-Type: text/plain\n\ndeep\n".encode()


def test_mime_nesting_is_bounded_while_parsing() -> None:
    shallow = read_notice(_nested(MAX_DEPTH - 2), "n.eml")
    assert shallow.text == "deep"
    for depth in (MAX_DEPTH + 5, 1_000, 5_000):
        data = _nested(depth)
        notice = read_notice(data, "n.eml")  # no RecursionError: the headers, not the parts
        assert notice.kind == "email" and notice.from_address == "support@joom.com"
        assert notice.text == ""
    assert len(_nested(1_000)) > 50_000  # the size of the one that ended in RecursionError


@pytest.mark.parametrize("limit", [120])
def test_the_parser_never_recurses_past_its_own_bound(limit: int) -> None:
    import sys

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + 60)  # far below what 1,000 nested parts once needed
    try:
        assert read_notice(_nested(1_000), "n.eml").kind == "email"
    finally:
        sys.setrecursionlimit(old)
