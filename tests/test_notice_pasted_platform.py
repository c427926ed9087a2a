"""Pasted text that names its platform only in passing ("violates Shopee's policy", "Amazon.co.jp
で…") is that platform's notice: its violations, kind and deadline are read by the platform's
rules. A text naming two platforms is placed by neither (a comparison, a forum post)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reinstate.notices.check import check_notice, report_document
from reinstate.policies.loader import load_policies

NOW = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)


def _check(tmp_path: Path, text: str) -> dict[str, object]:
    path = tmp_path / "pasted.txt"
    path.write_text(text, encoding="utf-8")
    report = check_notice(
        path.read_bytes(), path.name, load_policies(), today=date(2026, 12, 1), now=NOW
    )
    return report_document(report)


@pytest.mark.parametrize(
    ("text", "platform", "violation", "deadline_at"),
    [
        ("Hi seller,\n\nYour listing \"Wireless Earbuds\" (Item ID: 23456789012) has been deleted "
         "because it violates Shopee's Prohibited and Restricted Items Policy. 1 penalty point "
         "has been added.\nPlease submit an appeal via Seller Centre within 3 days.\n",
         "shopee", "restricted_product", "2026-12-05T06:00:00+08:00"),
        ("Amazon.co.jpでのご出品について、偽造品の申し立てを受けました。\n"
         "7日以内に請求書をご提出ください。\n", "amazon", "counterfeit",
         "2026-12-09T07:00:00+09:00"),
    ],
)  # fmt: skip
def test_pasted_text_naming_its_platform_in_passing_is_that_platforms(
    tmp_path: Path, text: str, platform: str, violation: str, deadline_at: str
) -> None:
    found = _check(tmp_path, text)
    assert (found["verdict"], found["platform"]) == ("unverifiable", platform)
    assert violation in found["violations"]  # type: ignore[operator]
    assert found["deadline_at"] == deadline_at


def test_pasted_text_naming_two_platforms_is_neither(tmp_path: Path) -> None:
    found = _check(
        tmp_path, "Shopee and Lazada sellers: compare Temu's fees before you list your products.\n"
    )
    assert found["platform"] is None
