"""The preparation sheet (issue 17): Mei prints one page for her legal representative, in Chinese
and English: the slot in Beijing time and UTC, what to bring, the checklist with who ticked
what, and the answers that must match Seller Central (the ID number masked)."""

from __future__ import annotations

import io
import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from reinstate.accounts.service import update_account
from reinstate.cli import main
from reinstate.verification.monitor import record_change
from reinstate.workbench import Workbench

from .conftest import NOW, VALID_ID, VALID_USCC, World

PROFILE = {
    "seller_id": "A2EXAMPLE7Q",
    "company_name": "深圳市蓝海贸易有限公司",
    "registered_address": "深圳市南山区科技园XX大厦A座501",
    "legal_representative": "王梅",
    "legal_rep_id_number": VALID_ID,
    "uscc": VALID_USCC,
    "registered_email": "mei@blueocean.example.com",
}


def _prepared(wb: Workbench, world: World) -> int:
    from reinstate.verification import service

    mei = world.actor(wb, "owner")
    update_account(wb, mei, world.account_a2, PROFILE)
    row = service.open_verification(wb, mei, world.account_a2, invited_at=NOW)
    service.apply_event(wb, mei, row.id, "booked", slot=NOW + timedelta(hours=50))
    service.set_check(wb, mei, row.id, "bring_1", done=True)
    service.set_check(wb, world.actor(wb, "teammate"), row.id, "device_test", done=True)
    at = NOW - timedelta(days=10)
    record_change(wb, mei, world.account_a2, "bank_change", at, "CMB → ICBC")
    long_ago = NOW - timedelta(days=95)
    record_change(wb, mei, world.account_a2, "bank_change", long_ago, "XYZ-OLD-BANK")
    return row.id


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_sheet_reads_back_in_chinese_and_english_with_the_slot_in_both_times(
    wb: Workbench,
    world: World,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: Any,
    database_url: str,
    tmp_path: Path,
) -> None:
    vid = _prepared(wb, world)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    out = tmp_path / "print" / "sheet.pdf"
    code = main(["verify", "sheet", str(vid), "--out", str(out), "--tz", "Asia/Shanghai", "--json"])
    printed = json.loads(capsys.readouterr().out)
    assert code == 0 and printed == {"path": str(out), "bytes": out.stat().st_size}
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    text = _text(data)
    squeezed = text.replace("\n", " ")
    # the slot: 2026-11-20 10:00 UTC is 18:00 in Beijing
    assert "2026-11-20 18:00 (Asia/Shanghai)" in text and "2026-11-20 10:00 UTC" in text
    assert "UTC+8" in text and "UTC+0" in text
    # what to bring, in both languages, from the pack
    assert "法人身份证原件" in text and "Legal representative's original ID card" in squeezed
    assert "视频验证准备单" in text and "Video verification preparation sheet" in text
    # the checklist names who ticked what
    assert "owner@example.com" in text and "teammate@example.com" in text
    # the answers, the ID number masked and never in full
    assert "深圳市南山区科技园XX大厦A座501" in text.replace(" ", "")
    assert VALID_USCC in text and "A2EXAMPLE7Q" in text
    assert "110***********002X" in text and VALID_ID not in text.replace(" ", "")


def test_a_missing_answer_is_flagged_and_a_bad_zone_is_one_sentence(
    wb: Workbench,
    world: World,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: Any,
    database_url: str,
    tmp_path: Path,
) -> None:
    from reinstate.verification import service

    row = service.open_verification(wb, world.actor(wb, "owner"), world.account_a2, invited_at=NOW)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    out = tmp_path / "sheet.pdf"
    assert main(["verify", "sheet", str(row.id), "--out", str(out)]) == 0
    text = _text(out.read_bytes())
    assert "not in the profile: add it first" in text.replace("\n", " ")
    # the booking window opens 48 h after, in the member's zone, UTC: said once, not twice
    assert "2026-11-20 08:00 UTC" in text and "(UTC)" not in text
    capsys.readouterr()
    code = main(["verify", "sheet", str(row.id), "--out", str(out), "--tz", "Mars/Olympus"])
    err = capsys.readouterr().err
    assert code == 1 and err.strip() == "“Mars/Olympus” is not a time zone name like Asia/Shanghai."


def test_the_sheet_downloads_from_the_page_in_the_readers_zone(
    wb: Workbench, world: World, as_persona: Any
) -> None:
    vid = _prepared(wb, world)
    viewer = as_persona("viewer")
    page = viewer.client.get(f"/verifications/{vid}")
    assert f'href="/verifications/{vid}/sheet.pdf?tz=UTC"' in page.text
    got = viewer.client.get(f"/verifications/{vid}/sheet.pdf?tz=America/New_York")
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    assert "attachment" in got.headers["content-disposition"]
    text = _text(got.content).replace("\n", " ")
    assert "2026-11-20 05:00 (America/New_York)" in text
    # the payment-account changes of the last 3 months (of the app's clock), and only those
    assert (
        "2026-11-08 03:00 (America/New_York) 更换收款银行账户 / Bank account changed CMB → ICBC"
        in text
    )
    assert "XYZ-OLD-BANK" not in text
    outsider = as_persona("outsider")
    assert outsider.client.get(f"/verifications/{vid}/sheet.pdf").status_code == 404
