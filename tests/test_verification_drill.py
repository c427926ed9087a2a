"""The data drill (issue 17): before the call, Mei's stored business licence and ID card are read
against the Blue Ocean US profile. The licence says "XX大厦A座501", the profile "XX大厦5楼":
the difference is shown character by character and becomes a task to fix the profile within
24 h; the ID number is compared but never shown or logged in full."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from sqlalchemy import select

from reinstate.accounts.service import update_account
from reinstate.cases.service import open_case
from reinstate.clock import FrozenClock
from reinstate.evidence.service import add_document
from reinstate.storage.tables import Event
from reinstate.verification import drill, practice, service, views
from reinstate.workbench import Workbench

from .conftest import NOW, VALID_ID, VALID_USCC, World, bearer

LICENCE = [
    "营业执照",
    f"统一社会信用代码 {VALID_USCC}",
    "名称 深圳市蓝海贸易有限公司",
    "类型 有限责任公司",
    "住所 深圳市南山区科技园XX大厦A座501",
    "法定代表人 王梅  成立日期 2019年03月12日",
    "登记机关 深圳市市场监督管理局",
]
ID_CARD = ["姓名 王梅", "性别 女  民族 汉", f"公民身份号码 {VALID_ID}"]


def _pdf(lines: list[str]) -> bytes:
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("STSong-Light", 12)
    for n, line in enumerate(lines):
        page.drawString(72, 760 - 22 * n, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _stored(wb: Workbench, world: World, address: str) -> int:
    mei = world.actor(wb, "owner")
    update_account(
        wb,
        mei,
        world.account_a2,
        {
            "company_name": "深圳市蓝海贸易有限公司",
            "registered_address": address,
            "legal_representative": "王梅",
            "legal_rep_id_number": VALID_ID,
            "uscc": VALID_USCC,
        },
    )
    case = open_case(wb, mei, world.account_a2, ["identity_verification"])
    add_document(wb, mei, case.id, "licence.pdf", _pdf(LICENCE), ["business_licence"])
    add_document(wb, mei, case.id, "id-card.pdf", _pdf(ID_CARD), ["legal_person_id"])
    return service.open_verification(wb, mei, world.account_a2, invited_at=NOW).id


def test_it_reads_the_facts_a_licence_states() -> None:
    found = {
        f.field: f.value for f in drill.read_document("\n".join(LICENCE), ["business_licence"])
    }
    assert found == {
        "company_name": "深圳市蓝海贸易有限公司",
        "uscc": VALID_USCC,
        "registered_address": "深圳市南山区科技园XX大厦A座501",
        "legal_representative": "王梅",
    }
    card = {f.field: f.value for f in drill.read_document("\n".join(ID_CARD), ["legal_person_id"])}
    assert card == {"legal_representative": "王梅", "legal_rep_id_number": VALID_ID}
    assert drill.read_document("公民身份号码 110105194912310021", ["legal_person_id"]) == []


def test_a_mismatch_in_the_licence_pdf_is_shown_by_character_with_a_task_due_in_24_hours(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    vid = _stored(wb, world, "深圳市南山区科技园XX大厦5楼")
    mei = world.actor(wb, "owner")
    shown = views.drill_view(wb, mei, vid, "zh_CN")
    by = {(f.source, f.field): f for f in shown.findings}
    address = by[("licence.pdf", "registered_address")]
    assert (address.found, address.profile, address.equal) == (
        "深圳市南山区科技园XX大厦A座501",
        "深圳市南山区科技园XX大厦5楼",
        False,
    )
    assert [(d.op, d.text) for d in address.diff if d.op != "equal"] == [
        ("delete", "A座"),
        ("replace", "01→楼"),
    ]
    assert address.label == "注册地址"
    others = [f for f in shown.findings if f.field != "registered_address"]
    assert len(others) == 5 and all(f.equal for f in others)
    number = by[("id-card.pdf", "legal_rep_id_number")]
    assert number.found == number.profile == "110***********002X" and number.diff == []
    assert shown.tasks == []  # nothing recorded until the drill is run
    tasks = practice.run_drill(wb, mei, vid)
    assert [(t.field, t.source, t.due_at) for t in tasks] == [
        ("registered_address", "licence.pdf", NOW + timedelta(hours=24))
    ]
    clock.set(NOW + timedelta(hours=25))
    assert views.drill_view(wb, mei, vid).tasks[0].overdue
    update_account(
        wb, mei, world.account_a2, {"registered_address": "深圳市南山区科技园XX大厦A座501"}
    )
    fixed = practice.run_drill(wb, mei, vid)
    assert fixed[0].done_at == NOW + timedelta(hours=25)
    with wb.db.reading() as session:
        logged = json.dumps([e.after for e in session.scalars(select(Event))], ensure_ascii=False)
    assert VALID_ID not in logged and '"opened": ["registered_address"]' in logged


def test_each_practice_gives_fresh_digits_and_the_page_shows_the_drill(
    wb: Workbench, world: World, as_persona: Any, client: Any
) -> None:
    vid = _stored(wb, world, "深圳市南山区科技园XX大厦5楼")
    digits = {drill.practice_digits() for _ in range(20)}
    assert len(digits) > 15 and all(len(d) == 8 and d.isdigit() for d in digits)
    mei = as_persona("owner")
    page = mei.client.get(f"/verifications/{vid}")
    assert page.status_code == 200
    assert "XX大厦A座501" in page.text and '<span class="diff delete">A座</span>' in page.text
    assert VALID_ID not in page.text and "110***********002X" in page.text
    ran = mei.post(f"/verifications/{vid}/drill", {}, page=f"/verifications/{vid}")
    assert ran.status_code == 303
    assert "due 2026-11-19" in mei.client.get(f"/verifications/{vid}?tz=UTC").text
    rehearsed = mei.post(
        f"/verifications/{vid}/rehearse",
        {"registered_address": "深圳市南山区科技园XX大厦5楼", "legal_rep_id_number": VALID_ID},
        page=f"/verifications/{vid}",
    )
    assert rehearsed.status_code == 200 and "matches" in rehearsed.text
    assert VALID_ID not in rehearsed.text
    viewer = as_persona("viewer")
    refused = viewer.post(f"/verifications/{vid}/rehearse", {}, page=f"/verifications/{vid}")
    assert refused.status_code == 403
    api = client.get(f"/api/v1/verifications/{vid}/drill", headers=bearer(world, "viewer"))
    assert api.status_code == 200 and len(api.json()["digits"]) == 8
    assert VALID_ID not in api.text


def test_the_drill_runs_from_the_command_line_with_the_id_masked(
    wb: Workbench,
    world: World,
    capsys: Any,
    monkeypatch: Any,
    database_url: str,
) -> None:
    import sys

    from reinstate.cli import main

    vid = _stored(wb, world, "深圳市南山区科技园XX大厦5楼")
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["verify", "drill", str(vid), "--run", "--json"]) == 0
    out = capsys.readouterr().out
    shown = json.loads(out)
    assert [t["field"] for t in shown["tasks"]] == ["registered_address"]
    wrong = [f for f in shown["findings"] if not f["equal"]]
    assert [(f["field"], f["found"]) for f in wrong] == [
        ("registered_address", "深圳市南山区科技园XX大厦A座501")
    ]
    assert VALID_ID not in out and len(shown["digits"]) == 8
    assert main(["verify", "drill", "99999"]) == 1
    assert capsys.readouterr().err.strip() == "There is no verification 99999."
