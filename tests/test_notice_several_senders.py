"""A From header may list several mailboxes; a mail program shows them all. A verification
invitation "From: no-reply@amazon.com, verify@amazon-support.example" was judged by its first
address only and opened as an invitation; it is phishing, said with the second sender."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reinstate.accounts.service import create_account
from reinstate.auth.actor import Actor
from reinstate.cli import main
from reinstate.notices.service import store_notice
from reinstate.verification import service
from reinstate.verification.invitation import NotAnInvitation
from reinstate.workbench import Workbench

from .conftest import World


def _eml(path: Path, sender: str) -> Path:
    path.write_text(
        f"From: {sender}\nTo: ops@shop.example.com\n"
        "Subject: Action required: verify your identity by video call\n"
        "Date: Tue, 17 Nov 2026 03:20:00 +0000\nMIME-Version: 1.0\n"
        'Content-Type: text/html; charset="utf-8"\n\n'
        "<html><body><p>Please book an identity verification video call within 72 hours.</p>"
        '<p><a href="https://sellercentral.amazon.com/verify">Book in Seller Central</a></p>'
        "</body></html>\n",
        encoding="utf-8",
    )
    return path


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["notice", "check", str(path), "--json"]) == 0
    found: dict[str, object] = json.loads(capsys.readouterr().out)
    return found


def test_a_second_sender_elsewhere_makes_an_invitation_phishing(
    wb: Workbench, world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two = _eml(tmp_path / "two.eml", "no-reply@amazon.com, verify@amazon-support.example.net")
    found = _check(two, capsys)
    assert found["verdict"] == "phishing"
    assert any(
        s["code"] == "sender_several" and "verify@amazon-support.example.net" in s["detail"]
        for s in found["signals"]  # type: ignore[attr-defined]
    )
    both = _eml(tmp_path / "both.eml", "no-reply@amazon.com, seller-performance@amazon.com")
    assert "sender_several" not in {s["code"] for s in _check(both, capsys)["signals"]}  # type: ignore[attr-defined]
    mei = world.actor(wb, "owner")
    store = create_account(
        wb, Actor.command_line(world.org_a), {"platform": "amazon", "store_name": "Two"}
    ).id
    notice = store_notice(wb, mei, store, two.read_bytes(), two.name).id
    with pytest.raises(NotAnInvitation):
        service.open_verification(wb, mei, store, notice_id=notice)
