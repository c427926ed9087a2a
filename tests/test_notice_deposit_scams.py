"""A message asking the seller to pay a deposit or a fee to get the account back ("缴纳2000元
保证金即可解封", "pay a refundable deposit to unlock your store") is a scam: platforms charge
nothing to appeal. A genuine notice asking to top up the shop's deposit (补缴保证金) is not one."""

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
    "text",
    [
        "【淘宝】尊敬的商家，您的店铺因违规即将被永久封店！请在3小时内联系客服，支付3000元押金"
        "后即可恢复店铺。",
        "Shopee Seller Support: your shop has been frozen. Please pay a refundable deposit of "
        "USD 299 to unlock your shop within 24 hours.",
    ],
)
def test_a_deposit_asked_for_the_account_back_is_a_scam(tmp_path: Path, text: str) -> None:
    found = _check(tmp_path, text)
    assert (found["verdict"], found["offers"], found["deadline_at"]) == ("phishing", "none", None)
    assert "asks_for_payment" in [s["code"] for s in found["signals"]]  # type: ignore[attr-defined]


def test_a_notice_to_top_up_the_shop_deposit_is_not_a_scam(tmp_path: Path) -> None:
    found = _check(
        tmp_path,
        "尊敬的淘宝商家：因违规处罚，您的店铺保证金已扣除500元，余额不足。请在7天内补缴保证金，"
        "补缴完成后恢复店铺正常经营。",
    )
    assert found["verdict"] == "unverifiable"
    assert "asks_for_payment" not in [s["code"] for s in found["signals"]]  # type: ignore[attr-defined]
