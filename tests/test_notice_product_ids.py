"""AliExpress, Shopee, Temu and TikTok Shop name the listings a notice is about by their product
(item, goods) ids, in words and in the address of the product's page: the report lists them as
it lists Amazon's ASINs, on the command line, in JSON, on the notice page and in a letter's
items. A label followed by no number of digits (an ASIN, a date, a price) names none."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest

from reinstate.cli import main
from reinstate.notices.check import check_notice, report_document
from reinstate.policies.loader import load_policies

from .conftest import World

NOW = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


def _eml(tmp_path: Path, sender: str, body: str, *, html: bool = False) -> Path:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "ops@blueocean-home.example.com"
    msg["Subject"] = "Listing notice"
    msg["Date"] = "Wed, 18 Nov 2026 08:00:00 +0000"
    msg.set_content(body, subtype="html" if html else "plain")
    path = tmp_path / "notice.eml"
    path.write_bytes(msg.as_bytes(policy=SMTP))
    return path


def _check(path: Path) -> dict[str, Any]:
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=NOW.date(), now=NOW)
    return report_document(report)


@pytest.mark.parametrize(
    ("sender", "body", "html", "expected"),
    [
        # AliExpress in a sentence, no colon; a second one only in its page's address
        ("AliExpress <seller-notice@aliexpress.com>",
         "We have removed your listing with product ID 1005007345678901 for infringing a "
         "registered trademark. A similar listing was also restricted: "
         "https://m.aliexpress.com/item/1005008765432109.html?spm=a2g0o.store\n", False,
         ["1005007345678901", "1005008765432109"]),
        # TikTok Shop, no space after the colon, a table of label and value cells
        ("TikTok Shop <no-reply@shop.tiktok.com>",
         "<p>The product below violates the prohibited products policy.</p><table><tr><td>"
         "Product ID:1731234567890123456</td></tr><tr><td>Item No.</td><td>1731234567890123457"
         "</td></tr></table>", True, ["1731234567890123456", "1731234567890123457"]),
        # Shopee Taiwan, traditional Chinese, and a Malaysian product page's address
        ("蝦皮購物 <no-reply@shopee.tw>",
         "您的商品違反蝦皮禁止刊登商品規範，已被下架。\n商品編號：22334455667、22334455668\n"
         "相似商品：https://shopee.com.my/Desk-Lamp-LED-i.87654321.23456789012\n", False,
         ["22334455667", "22334455668", "23456789012"]),
        # Temu's Chinese seller centre, with the goods page and its query
        ("Temu <seller-noreply@temu.com>",
         "您好，以下货品因资质不全被限制销售：\n货品ID 601099523456789 / 601099523456790\n"
         "查看：https://www.temu.com/goods.html?goods_id=601099523456791&refer=mail\n", False,
         ["601099523456789", "601099523456790", "601099523456791"]),
    ],
)  # fmt: skip
def test_product_ids_are_read_as_each_platform_writes_them(
    tmp_path: Path, sender: str, body: str, html: bool, expected: list[str]
) -> None:
    assert _check(_eml(tmp_path, sender, body, html=html))["product_ids"] == expected


def test_a_label_without_a_platforms_number_names_no_product(tmp_path: Path) -> None:
    body = (
        "Product ID: B07XJ8C8F5 was removed.\nItem No. 2026-11-30 expired.\n"
        "Listing ID 12345-67890 is a draft. Product ID: 1234567.89 is a price.\n"
        "Order ID: 8123456789012345\nSee https://shopee-help.example.net/product/1/1234567890\n"
    )
    found = _check(_eml(tmp_path, "Shopee <no-reply@shopee.ph>", body))
    assert found["product_ids"] == []
    assert found["asins"] == ["B07XJ8C8F5"] and found["order_ids"] == ["8123456789012345"]


def test_the_command_line_and_the_notice_page_show_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_persona: Any, world: World
) -> None:
    path = _eml(
        tmp_path,
        "AliExpress <seller-notice@aliexpress.com>",
        "Your store's products have been taken down for counterfeit goods.\n"
        "Products: Product ID 1005007345678901 and 1005007345678902.\n",
    )
    assert main(["notice", "check", str(path)]) == 0
    assert "Product IDs: 1005007345678901, 1005007345678902" in capsys.readouterr().out
    assert main(["notice", "check", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["product_ids"] == ["1005007345678901", "1005007345678902"]
    agent = as_persona("teammate")
    response = agent.client.post(
        "/notices/new",
        data={"account_id": str(world.account_a), "csrf_token": agent.csrf("/notices/new")},
        files={"file": ("notice.eml", path.read_bytes(), "message/rfc822")},
    )
    page = agent.client.get(response.headers["location"]).text
    assert "<dt>Product IDs</dt><dd>1005007345678901, 1005007345678902</dd>" in page


def test_a_letter_is_told_of_a_product_the_notice_names_and_it_never_mentions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = _eml(
        tmp_path,
        "AliExpress <seller-notice@aliexpress.com>",
        "Your listing was removed for counterfeit goods.\nProduct ID: 1005007345678901\n",
    )
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "Dear AliExpress team,\n\nRoot cause: we bought stock from an unverified supplier.\n"
        "Actions taken: we removed the listing and audited every supplier.\n"
        "Prevention: we now buy only from authorised distributors.\n",
        encoding="utf-8",
    )
    main(["letter", "lint", str(letter), "--notice", str(notice), "--json"])
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert any(
        p["code"] == "uncovered_item" and "1005007345678901" in p["detail"] for p in problems
    )
