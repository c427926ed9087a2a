"""Temu numbers a seller's stock-up orders (备货单号 WB…): they are the orders a notice is about,
not the notice's reference, as a parcel's or a return's number (发货单号, 退货单号) is not."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from reinstate.notices.check import check_notice, report_document
from reinstate.policies.loader import load_policies


def test_temus_stock_up_orders_are_orders_not_the_reference(tmp_path: Path) -> None:
    path = tmp_path / "temu.txt"
    path.write_text(
        "【Temu卖家中心】违规通知\n尊敬的卖家：您的店铺存在虚假发货行为，涉及备货单号：WB2611300012、"
        "WB2611300013，退货单号：TH88120033。\n违规编号：TV-20261130-551\n请于12月8日前提交申诉材料。\n",
        encoding="utf-8",
    )
    now = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    report = check_notice(
        path.read_bytes(), path.name, load_policies(), today=date(2026, 12, 1), now=now
    )
    found = report_document(report)
    assert found["platform"] == "temu"
    assert found["reference_id"] == "TV-20261130-551"
    assert found["order_ids"][:2] == ["WB2611300012", "WB2611300013"]
    assert found["deadline_at"] == "2026-12-08T23:59:59+08:00"
