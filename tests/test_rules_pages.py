"""The Rules pages, the simulator page and the platforms API, in both languages."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from .conftest import World, bearer


def test_it_shows_every_platform_rules_page_in_both_languages(
    as_persona: Any, world: World
) -> None:
    user = as_persona("client")
    index = user.client.get("/rules").text
    for platform in ("amazon", "joom", "taobao", "shopee", "temu", "aliexpress", "tiktok_shop"):
        assert f'href="/rules/{platform}"' in index
        assert user.client.get(f"/rules/{platform}").status_code == 200
    joom = user.client.get("/rules/joom").text
    assert "at least 48 hours before resubmitting" in joom and "3 to 10 working days" in joom
    # the file-name pattern in words with a date, not its placeholders, in either language
    assert "StoreName_ViolationType_2026" in joom and "{store_name}" not in joom
    chinese = user.client.get("/rules/joom", headers={"Accept-Language": "zh-CN"}).text
    assert "店铺名_违规类型_2026" in chinese and "{store_name}" not in chinese
    assert chinese != joom
    user.post("/language", {"language": "zh_CN", "next": "/rules/taobao"}, page="/rules")
    taobao = user.client.get("/rules/taobao").text
    assert "虚假交易" in taobao and "&gt; 96" in taobao and "查封账户" in taobao
    amazon = user.client.get("/rules/amazon").text
    assert 'class="uncertain"' in amazon and "97%" in amazon  # the note on the disputed target


def test_it_answers_an_unknown_platform_with_404(as_persona: Any) -> None:
    response = as_persona("owner").client.get("/rules/ebay")
    assert response.status_code == 404 and "There is no platform “ebay”" in response.text


def test_it_simulates_penalties_on_the_simulator_page(as_persona: Any) -> None:
    user = as_persona("viewer")
    page = user.client.get("/simulator?kind=taobao&offence=3&orders=97").text
    assert "<dt>Points</dt><dd>48</dd>" in page
    page = user.client.get("/simulator?kind=shopee&points=6&region=PH&as_of=2026-11-22").text
    assert "2026-12-28" in page and "Shipping subsidy removed" in page
    page = user.client.get(
        "/simulator?kind=tiktok&records=8%402026-03-01%0A12%402026-10-01&as_of=2026-11-22"
    ).text
    assert "<dt>Active points</dt><dd>12</dd>" in page and "(expired)" in page
    bad = user.client.get("/simulator?kind=taobao&offence=0&orders=5")
    assert bad.status_code == 422 and "The offence number starts at 1" in bad.text
    bad = user.client.get("/simulator?kind=shopee&points=3&region=ZZ")
    assert bad.status_code == 422 and "Region “ZZ” is not one of" in bad.text


def test_it_lists_platforms_over_the_api(client: TestClient, world: World) -> None:
    assert client.get("/api/v1/platforms").status_code == 401
    items = client.get("/api/v1/platforms", headers=bearer(world, "client")).json()["items"]
    assert len(items) == 7
    joom = client.get("/api/v1/platforms/joom", headers=bearer(world, "client")).json()
    assert joom["appeal"]["min_resubmit_hours"] == 48 and joom["files"]["max_mb"] == 10
    missing = client.get("/api/v1/platforms/ebay", headers=bearer(world, "client"))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
