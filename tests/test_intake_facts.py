"""Intake requests as clients really write them: a platform nobody here handles is refused
before the team tries to open a case for it, the same order given twice is one order, order ids
written as one text or as numbers are ids, the violation named in words is the case's violation,
and a wrong request is refused in the reader's language."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.cli import main
from reinstate.provider.intake_service import new_link, requests_of
from reinstate.workbench import Workbench

from .conftest import World, bearer

# a Temu seller's request, written by hand
REQUEST: dict[str, Any] = {
    "platform": "Temu",
    "store": "Lotus Kitchenware",
    "category": "kitchen",
    "description": "履约率下降：广州仓罢工导致 40 单延迟发货",
    "violation": "late shipment",
    "happened_on": "2026-11-23",
    "order_ids": ["PO-211-0938", "PO-211-1177", "PO-211-2045"],
    "screenshot": "履约率.png",
    "earlier_attempts": "无",
    "wanted_by": "2026-12-04",
}


def _check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict[str, Any], *lang: str
) -> tuple[int, Any, str]:
    path = tmp_path / "申请.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code = main([*lang, "intake", "check", str(path), "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else None, captured.err


@pytest.mark.parametrize("platform", ["eBay", "Etsy", "Mercado Libre"])
def test_a_platform_nobody_handles_is_refused_with_the_reason(
    platform: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, verdict, _ = _check(tmp_path, capsys, REQUEST | {"platform": platform}, "--lang", "zh-CN")
    assert code == 0 and verdict["eligible"] is False
    assert [r["category"] for r in verdict["refusals"]] == ["unsupported_platform"]
    assert verdict["refusals"][0]["reason"] == "不受理该平台的申诉。"


@pytest.mark.parametrize("platform", ["Temu", "TikTok Shop", "速卖通", "amazon"])
def test_the_platforms_handled_are_taken_whatever_their_spelling(
    platform: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, verdict, _ = _check(tmp_path, capsys, REQUEST | {"platform": platform})
    assert (code, verdict["eligible"], verdict["refusals"]) == (0, True, [])


def test_the_same_order_given_three_times_is_one_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    orders = ["PO-211-0938", "PO-211-0938 ", "po-211-0938"]
    code, verdict, _ = _check(tmp_path, capsys, REQUEST | {"order_ids": orders})
    assert code == 0 and verdict["eligible"] is False
    assert [m["fact"] for m in verdict["missing"]] == ["order_ids"]


@pytest.mark.parametrize(
    "orders",
    [
        "PO-211-0938, PO-211-1177\nPO-211-2045",
        "PO-211-0938；PO-211-1177；PO-211-2045",
        [8181234567890123, 8181234567890124, 8181234567890125],
    ],
)
def test_order_ids_written_as_one_text_or_as_numbers_are_ids(
    orders: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, verdict, err = _check(tmp_path, capsys, REQUEST | {"order_ids": orders})
    assert code == 0, err
    assert verdict == {"eligible": True, "refusals": [], "missing": []}


@pytest.mark.parametrize(
    ("change", "chinese"),
    [
        ({"phone": "13800000000"}, "受理申请在 phone 处无效：受理申请没有这一项。"),
        ({"happened_on": "上周"}, "受理申请在 happened_on 处无效：应为日期，例如 2026-11-18。"),
        ({"order_ids": {"a": 1}}, "受理申请在 order_ids 处无效：应为列表。"),
    ],
)
def test_a_wrong_request_is_refused_in_chinese(
    change: dict[str, Any], chinese: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _check(tmp_path, capsys, REQUEST | change, "--lang", "zh-CN")
    assert (code, out) == (1, None)
    assert err.strip() == chinese


def test_the_violation_a_client_names_in_words_is_the_cases_violation(
    client: TestClient, world: World
) -> None:
    asked = REQUEST | {"platform": "Amazon", "violation": "Late Shipment"}
    sent = client.post("/api/v1/intake", headers=bearer(world, "client"), json={"request": asked})
    assert sent.status_code == 201 and sent.json()["eligible"] is True
    path = f"/api/v1/intake/{sent.json()['id']}/accept"
    accepted = client.post(path, headers=bearer(world, "teammate"))
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["violations"] == ["late_shipment"]


def test_a_request_for_a_platform_nobody_handles_is_not_eligible_to_accept(
    client: TestClient, world: World
) -> None:
    asked = REQUEST | {"platform": "eBay"}
    sent = client.post("/api/v1/intake", headers=bearer(world, "client"), json={"request": asked})
    assert sent.status_code == 201
    shown = sent.json()
    assert shown["eligible"] is False
    assert shown["refusals"] == [
        {
            "category": "unsupported_platform",
            "reason": "Appeals on this platform are not handled here.",
        }
    ]
    refused = client.post(f"/api/v1/intake/{shown['id']}/accept", headers=bearer(world, "owner"))
    assert refused.status_code == 422
    accounts = client.get("/api/v1/accounts", headers=bearer(world, "owner")).json()["items"]
    assert not any(a["store_name"] == "Lotus Kitchenware" for a in accounts)


def test_the_private_form_reads_ids_apart_by_the_chinese_enumeration_comma(
    client: TestClient, wb: Workbench, world: World
) -> None:
    link = new_link(wb, world.actor(wb, "owner"))
    page = client.get(f"/intake/{link}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    form = {k: v for k, v in REQUEST.items() if isinstance(v, str)}
    form["order_ids"] = "PO-211-0938、PO-211-1177、PO-211-2045"
    sent = client.post(f"/intake/{link}", data={**form, "csrf_token": token.group(1)})
    assert sent.status_code == 200, sent.text
    [stored] = requests_of(wb, world.actor(wb, "owner"))
    assert stored.request["order_ids"] == ["PO-211-0938", "PO-211-1177", "PO-211-2045"]
    assert stored.verdict == {"eligible": True, "refusals": [], "missing": []}
