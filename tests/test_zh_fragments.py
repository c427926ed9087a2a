"""English fragments a tester found inside Chinese pages, each shut at its source: a message's
parameters that are message ids themselves (a file's type), a command-line flag in a web
sentence, and the number beside "Accounts at risk" that counted lines, not accounts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reinstate.accounts.service import create_account
from reinstate.auth.actor import Actor
from reinstate.cases.service import open_case
from reinstate.evidence.service import add_document
from reinstate.metrics import service as metrics
from reinstate.penalties.ledger import record_penalty
from reinstate.today.service import today
from reinstate.workbench import Workbench

from .conftest import VALID_USCC, World
from .test_evidence_checks import text_pdf
from .test_metrics import demo_orders
from .test_words import _english_messages, visible_texts


def _chinese(user: Any, url: str) -> list[str]:
    user.client.cookies.set("reinstate_lang", "zh_CN")
    answer = user.client.get(url)
    assert answer.status_code == 200, url
    return visible_texts(answer.text)


def _english_in(texts: list[str]) -> list[str]:
    english = _english_messages()
    return [t for t in texts if english.search(t) or "unknown type" in t]


def test_a_chinese_case_page_names_a_files_type_in_chinese(
    as_persona: Any, wb: Workbench, world: World, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    exe = b"MZ\x90\x00" + b"\x00" * 200  # where Joom wants a PDF
    add_document(wb, owner, case, "invoices.exe", exe, ["purchase_invoices"])
    texts = _chinese(as_persona("owner"), f"/cases/{case}")
    assert any("未知类型" in t for t in texts), texts
    assert _english_in(texts) == []


def test_the_web_asks_to_confirm_missing_materials_without_a_command_line_flag(
    as_persona: Any, wb: Workbench, world: World, tmp_path: Path
) -> None:
    case = open_case(wb, world.actor(wb, "owner"), world.account_a, ["counterfeit"]).id
    owner = as_persona("owner")
    page = f"/cases/{case}"
    for language, words in (("zh_CN", "请确认"), ("en", "confirm to mark")):
        owner.client.cookies.set("reinstate_lang", language)
        refused = owner.post(f"{page}/event", {"event": "submitted"}, page=page)
        assert refused.status_code == 409
        text = " ".join(visible_texts(refused.text))
        assert words in text and "--confirm" not in text


def test_accounts_at_risk_counts_accounts_not_lines(
    as_persona: Any, wb: Workbench, world: World, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    _shop_at_risk(wb, owner, tmp_path)  # two lines, one account
    [section] = [s for s in today(wb, owner).sections if s.section == "at_risk"]
    accounts = {i.account_id for i in section.items}
    assert len(section.items) > len(accounts), "the day has no account at risk twice"
    html = as_persona("owner").client.get("/today").text
    shown = re.search(r'id="today-at_risk">\s*<h2>[^<]*<span class="count">(\d+)<', html)
    assert shown is not None and int(shown.group(1)) == len(accounts)


def test_a_chinese_timeline_names_materials_and_violations_as_the_platform_does(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    pdf = text_pdf("Remediation letter", f"Credit code {VALID_USCC}")
    add_document(wb, owner, case, "letter.pdf", pdf, ["remediation_letter", "purchase_invoices"])
    pack = wb.policies.get_pack("joom")
    text = " ".join(_chinese(as_persona("owner"), f"/cases/{case}"))
    for material in ("remediation_letter", "purchase_invoices"):
        assert pack.materials[material].name.zh in text
        assert material.replace("_", " ") not in text
    assert pack.violations["counterfeit"].name.zh in text and "counterfeit" not in text


def test_chinese_activity_metrics_and_search_show_words_not_codes(
    as_persona: Any, wb: Workbench, world: World, tmp_path: Path
) -> None:
    owner = world.actor(wb, "owner")
    shop = _shop_at_risk(wb, owner, tmp_path)
    open_case(wb, owner, world.account_a, ["counterfeit"])
    user = as_persona("owner")
    activity = " ".join(_chinese(user, f"/accounts/{shop}/activity"))
    assert "处罚等级" in activity and "扣分制度" in activity
    assert not re.search(r"\blevel \d|\bsystem shopee|window days|\bodr\b|breach", activity)
    board = " ".join(_chinese(user, "/metrics"))
    assert "天)" in board and not re.search(r"\d d\)", board)
    found = _chinese(user, "/search?q=counterfeit")
    assert "假冒商品" in found and "counterfeit" not in found, found  # the case's violations


def _shop_at_risk(wb: Workbench, owner: Actor, folder: Path) -> int:
    """A Shopee shop near a penalty threshold that also misses its metrics: at risk twice."""
    shop = create_account(
        wb, owner, {"platform": "shopee", "store_name": "Blue Ocean PH", "marketplace": "PH"}
    ).id
    for day in ("2026-11-03", "2026-11-10"):
        values = {"received_on": day, "violation": "late_shipment", "points": 2}
        record_penalty(wb, owner, shop, values)
    orders = demo_orders(folder / "shop.csv", f"store-{shop}")
    metrics.import_orders(wb, owner, profile="canonical", path=orders)
    return shop
