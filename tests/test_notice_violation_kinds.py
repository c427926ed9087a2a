"""Violations every platform's notices name, written as .eml files the way sellers receive
them (GBK base64, quoted-printable HTML, plain UTF-8): each is mapped to its SPEC §4 code, where
the platform's pack once had no entry for it and the notice came back with no violation at all."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.mime.text import MIMEText
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest

from reinstate.notices.check import check_notice, report_document
from reinstate.policies.loader import load_policies

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 3, 20, tzinfo=UTC)


def _plain(sender: str, subject: str, body: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "ops@blueocean-home.example.com"
    msg["Subject"] = subject
    msg["Date"] = "Tue, 01 Dec 2026 09:00:00 +0800"
    msg.set_content(body)
    return msg.as_bytes(policy=SMTP)


def _gbk(sender: str, subject: str, body: str) -> bytes:
    msg = MIMEText("", "plain", "gbk")
    del msg["Content-Transfer-Encoding"]
    msg.set_payload(base64.b64encode(body.encode("gbk")).decode())
    msg["Content-Transfer-Encoding"] = "base64"
    msg["From"] = sender
    msg["Subject"] = "=?GB18030?B?" + base64.b64encode(subject.encode("gb18030")).decode() + "?="
    msg["Date"] = "Tue, 01 Dec 2026 09:00:00 +0800"
    return msg.as_bytes()


def _read(tmp_path: Path, name: str, data: bytes) -> dict[str, Any]:
    path = tmp_path / name
    path.write_bytes(data)
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=TODAY, now=NOW)
    return report_document(report)


CASES = [
    (
        "amazon-conduct-zh.eml",
        _gbk(
            "Amazon <seller-performance@amazon.com>",
            "您的亚马逊销售权限已被停用",
            "您好，\n我们停用了您的卖家账户，因为您违反了《卖家行为准则》。"
            "我们发现您的账户与另一个违反政策的账户相关联。\n请在 17 天内提交申诉。\n",
        ),
        {"code_of_conduct", "related_accounts"},
    ),
    (
        "amazon-reviews.eml",
        _plain(
            "Amazon <seller-performance@amazon.com>",
            "Your Amazon selling account has been deactivated",
            "Hello,\nWe deactivated your selling account because we found evidence that you "
            "manipulated product reviews, including offering refunds for positive reviews.\n",
        ),
        {"fake_transactions"},
    ),
    (
        "amazon-safety.eml",
        _plain(
            "Amazon <seller-performance@amazon.com>",
            "Action required: product safety documents",
            "Hello,\nWe removed 3 listings because we need a Children's Product Certificate "
            "(CPC) and test reports from a CPSC-accepted laboratory.\n",
        ),
        {"product_compliance"},
    ),
    (
        "amazon-hijacked.eml",
        _plain(
            "Amazon <seller-performance@amazon.com>",
            "Your seller account is on hold",
            "Hello,\nYour account may have been compromised: we saw unauthorized changes to "
            "your account's deposit method.\n",
        ),
        {"compromised_account"},
    ),
    (
        "temu-ip.eml",
        _plain(
            "Temu Seller Center <seller-noreply@temu.com>",
            "Intellectual property complaint",
            "Dear Seller,\nA rights holder reported that your product infringes their trademark. "
            "The product has been taken offline.\n",
        ),
        {"intellectual_property"},
    ),
    (
        "aliexpress-brushing.eml",
        _plain(
            "AliExpress <notice@aliexpress.com>",
            "Penalty notice",
            "Dear seller,\nYour store was penalised for fraudulent transactions that inflated "
            "sales volume.\n",
        ),
        {"fake_transactions"},
    ),
    (
        "shopee-nfr.eml",
        _plain(
            "Shopee <no-reply@shopee.com.my>",
            "Penalty Points Issued to Your Shop",
            "Dear Seller,\nYour shop has been issued 2 penalty points for a high Non-fulfilment "
            "Rate (NFR) last week.\n",
        ),
        {"cancellation_rate"},
    ),
    (
        "shopee-brushing.eml",
        _plain(
            "Shopee <no-reply@shopee.com.my>",
            "Penalty Points Issued to Your Shop",
            "Dear Seller,\nOrder brushing was detected in your shop: 6 penalty points.\n",
        ),
        {"fake_transactions"},
    ),
    (
        "amazon-associated.eml",
        _plain(
            "Amazon <seller-performance@amazon.com>",
            "Your Amazon selling account has been deactivated",
            "Hello,\nWe noticed that your account is associated with another account that "
            "was deactivated. Because of this, we have deactivated your account.\n",
        ),
        {"related_accounts"},
    ),
    (
        "temu-fake-shipping-zh.eml",
        _gbk(
            "Temu <seller-noreply@temu.com>",
            "违规通知",
            "您好，您的店铺存在虚假发货行为，已扣除保证金。请在48小时内处理。\n",
        ),
        {"valid_tracking"},
    ),
    (
        "taobao-prohibited.eml",
        _gbk(
            "淘宝网 <service@mail.taobao.com>",
            "【淘宝网】违规处理通知",
            "尊敬的商家：\n您的店铺发布禁售商品，商品已被删除，扣 12 分。\n",
        ),
        {"restricted_product"},
    ),
]


@pytest.mark.parametrize(("name", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_it_names_the_violation_each_platform_notice_gives(
    tmp_path: Path, name: str, data: bytes, expected: set[str]
) -> None:
    found = _read(tmp_path, name, data)
    assert expected <= set(found["violations"]), found["violations"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "joom-kyc.eml",
            _plain(
                "Joom <support@joom.com>",
                "KYC documents expired",
                "Dear partner,\nYour store's KYC documents have expired. Please update the "
                "business licence before 2026/12/20, otherwise your account will be restricted.\n",
            ),
        ),
        (
            "temu-deposit-zh.eml",
            _gbk(
                "Temu <seller-noreply@temu.com>",
                "店铺通知",
                "您好，您的店铺存在虚假发货行为，已扣除保证金。请在48小时内处理。\n",
            ),
        ),
    ],
)
def test_a_notice_that_threatens_or_takes_a_penalty_is_a_warning(
    tmp_path: Path, name: str, data: bytes
) -> None:
    found = _read(tmp_path, name, data)
    assert (found["kind"], found["offers"]) == ("warning", "appeal_case")
