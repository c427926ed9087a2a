"""The penalty simulators at the edges a checker tries: no offending order, the seller's own
calendar day, and the same answer on the command line, the simulator page and the API."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from fastapi.testclient import TestClient

from reinstate.accounts.service import create_account
from reinstate.auth.zones import set_org_zone
from reinstate.cli import main
from reinstate.clock import FrozenClock
from reinstate.errors import InvalidInput
from reinstate.penalties import ledger
from reinstate.today.service import today
from reinstate.workbench import Workbench

from .conftest import World, bearer

FAKE = "fake_transactions"


def _cli(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    language: str = "en",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("offence", ["1", "3", "4"])
@pytest.mark.parametrize(
    ("language", "words"), [("en", "give at least 1"), ("zh_CN", "请至少填 1 笔")]
)
def test_a_fake_transaction_without_an_offending_order_is_refused(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    offence: str,
    language: str,
    words: str,
) -> None:
    """Seed 003 penalises offending orders: 0 of them is no offence (the fourth offence said
    48 points for none), while one order is the table's first row."""
    args = ("penalty", "taobao-fake-transaction", "--offence", offence, "--json")
    code, out, err = _cli(capsys, monkeypatch, *args, "--orders", "0", language=language)
    assert code == 1 and out == "" and words in err
    assert len(err.strip().splitlines()) == 1
    code, out, _ = _cli(capsys, monkeypatch, *args, "--orders", "1", language=language)
    assert code == 0 and '"points"' in out


def test_a_serious_scheme_needs_no_order_of_the_seller_s_own(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spreading a scheme to evade Taobao's controls is serious without an order of one's own."""
    code, out, err = _cli(
        capsys, monkeypatch, "penalty", "taobao-fake-transaction", "--orders", "0", "--serious"
    )
    assert code == 0, err
    assert "Points: 48" in out and "permanently, 30 days after" in out


def test_the_page_and_the_what_if_refuse_no_offending_order(
    client: TestClient, as_persona: Any, wb: Workbench, world: World
) -> None:
    user = as_persona("viewer")
    page = user.client.get("/simulator?kind=taobao&offence=4&orders=0")
    assert page.status_code == 422 and "give at least 1" in page.text
    owner = world.actor(wb, "owner")
    account = create_account(wb, owner, {"platform": "taobao", "store_name": "荷塘小店"}).id
    asked = client.get(
        f"/api/v1/accounts/{account}/standing?what_if_violation={FAKE}&what_if_orders=0",
        headers=bearer(world, "owner"),
    )
    assert asked.status_code == 422 and "give at least 1" in asked.text


def test_a_penalty_received_this_morning_in_china_is_not_in_the_future(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    """04:00 on 19 November in Shenzhen is still the 18th in UTC: the seller's own day counts."""
    clock.set(datetime(2026, 11, 18, 20, 0, tzinfo=UTC))
    owner = world.actor(wb, "owner")
    account = create_account(wb, owner, {"platform": "shopee", "store_name": "深圳小店"}).id
    fields = {"received_on": "2026-11-19", "violation": "late_shipment", "points": "3"}
    ledger.record_penalty(wb, owner, account, fields)
    assert ledger.standing_of(wb, owner, account).points == 3
    set_org_zone(wb, owner, "America/Los_Angeles")  # noon on the 18th there
    with pytest.raises(InvalidInput):
        ledger.record_penalty(wb, owner, account, fields)


def test_shopee_points_reset_on_the_seller_s_monday_not_utc_s_sunday(
    wb: Workbench, world: World, clock: FrozenClock, client: TestClient, as_persona: Any
) -> None:
    """2027-01-04 is the first Monday of the quarter: at 01:00 that day in China the points of
    the last quarter no longer count, on the account, in its what-if and on the simulator."""
    owner = world.actor(wb, "owner")
    account = create_account(
        wb, owner, {"platform": "shopee", "store_name": "新加坡店", "marketplace": "SG"}
    ).id
    clock.set(datetime(2026, 12, 10, 2, 0, tzinfo=UTC))
    fields = {"received_on": "2026-12-10", "violation": "late_shipment", "points": "4"}
    ledger.record_penalty(wb, owner, account, fields)
    clock.set(datetime(2027, 1, 3, 17, 0, tzinfo=UTC))
    shown = ledger.standing_of(wb, owner, account)
    assert (shown.points, shown.next_reset) == (0, date(2027, 4, 5))
    headers = bearer(world, "owner")
    asked = client.get(f"/api/v1/accounts/{account}/standing?what_if_points=3", headers=headers)
    assert asked.json()["points"] == 3 and asked.json()["next_reset"] == "2027-04-05"
    page = as_persona("owner").client.get("/simulator?kind=shopee&points=3")
    assert page.status_code == 200 and "<dd>2027-04-05</dd>" in page.text


def test_the_command_line_counts_today_on_the_seller_s_calendar(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with time_machine.travel(datetime(2027, 1, 3, 17, 0, tzinfo=UTC), tick=False):
        code, out, err = _cli(capsys, monkeypatch, "penalty", "shopee", "--points", "3", "--json")
    assert code == 0, err
    assert json.loads(out)["next_reset"] == "2027-04-05"


@pytest.mark.parametrize(
    ("day", "language", "words"),
    [
        ("2027-02-29", "en", "There is no 2027-02-29: that month has 28 days."),
        ("2026-04-31", "en", "There is no 2026-04-31: that month has 30 days."),
        ("2026-02-30", "zh_CN", "没有 2026-02-30 这一天：该月只有 28 天。"),
    ],
)
def test_a_day_the_calendar_does_not_have_is_named_so(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    day: str,
    language: str,
    words: str,
) -> None:
    """Written as YYYY-MM-DD, so "write it as YYYY-MM-DD" would not tell the seller what is
    wrong; a leap day is a day in 2028."""
    args = ("penalty", "shopee", "--points", "3", "--region", "PH", "--as-of")
    code, out, err = _cli(capsys, monkeypatch, *args, day, language=language)
    assert code == 1 and out == "" and err.strip() == words
    code, out, _ = _cli(capsys, monkeypatch, *args, "2028-02-29", "--json")
    assert code == 0 and json.loads(out)["next_reset"] == "2028-03-27"


def test_the_simulator_page_names_a_missing_day(as_persona: Any) -> None:
    user = as_persona("viewer")
    page = user.client.get("/simulator?kind=shopee&points=3&as_of=2027-02-29")
    assert (
        page.status_code == 422 and "There is no 2027-02-29: that month has 28 days." in page.text
    )


@pytest.mark.parametrize("marketplace", ["Philippines", "菲律宾站", "Shopee PH", "shopee.ph"])
def test_a_philippine_marketplace_in_the_seller_s_words_resets_on_the_last_monday(
    wb: Workbench, world: World, marketplace: str
) -> None:
    """The Philippines reset on the last Monday of the quarter (2026-12-28), the others on the
    first Monday of the next (2027-01-04): the account's marketplace is read as it is written."""
    owner = world.actor(wb, "owner")
    account = create_account(
        wb, owner, {"platform": "shopee", "store_name": "马尼拉店", "marketplace": marketplace}
    ).id
    assert ledger.standing_of(wb, owner, account).next_reset == date(2026, 12, 28)


@pytest.mark.parametrize(
    ("marketplace", "reset"),
    [("Shopee SG / MY", date(2027, 1, 4)), ("my shop", date(2027, 1, 4)), ("ph", None)],
)
def test_a_marketplace_naming_no_one_region_keeps_the_general_rule(
    wb: Workbench, world: World, marketplace: str, reset: date | None
) -> None:
    owner = world.actor(wb, "owner")
    account = create_account(
        wb, owner, {"platform": "shopee", "store_name": "某店", "marketplace": marketplace}
    ).id
    assert ledger.standing_of(wb, owner, account).next_reset == (reset or date(2026, 12, 28))


def test_the_command_line_takes_the_region_by_its_name(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("penalty", "shopee", "--points", "3", "--as-of", "2026-12-01", "--json", "--region")
    for name in ("菲律宾", "Philippines"):
        code, out, err = _cli(capsys, monkeypatch, *args, name)
        assert code == 0, err
        assert json.loads(out)["next_reset"] == "2026-12-28"
    code, _, err = _cli(capsys, monkeypatch, *args, "Atlantis")
    assert code == 1 and "Region “Atlantis” is not one of" in err


def test_a_serious_what_if_needs_no_order_count(
    client: TestClient, wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    account = create_account(wb, owner, {"platform": "taobao", "store_name": "荷塘小店"}).id
    url = f"/api/v1/accounts/{account}/standing?what_if_violation={FAKE}"
    grave = client.get(f"{url}&what_if_serious=true", headers=bearer(world, "owner"))
    assert grave.status_code == 200, grave.text
    assert (grave.json()["serious_points"], grave.json()["freeze_on"]) == (48, "2026-12-18")
    general = client.get(url, headers=bearer(world, "owner"))
    assert general.status_code == 422 and "Orders" in general.text


@pytest.mark.parametrize(
    ("command", "query"),
    [
        (["taobao-fake-transaction", "--offence", "2", "--orders", "96"], "offence=2&orders=96"),
        (["taobao-fake-transaction", "--offence", "3", "--orders", "97"], "offence=3&orders=97"),
        (
            ["taobao-fake-transaction", "--offence", "1", "--orders", "0", "--serious"],
            "offence=1&orders=0&serious=true",
        ),
        (["taobao-points", "--current", "10", "--add", "30"], "current=10&add=30"),
        (["shopee", "--points", "9", "--region", "PH", "--as-of", "2026-03-30"], None),
        (["shopee", "--points", "2", "--as-of", "2026-12-31"], "points=2&as_of=2026-12-31"),
        (
            ["tiktok", "--points", "30@2026-06-01", "--points", "20@2026-10-01"],
            "points=30@2026-06-01&points=20@2026-10-01&violation=counterfeit&region=PH"
            "&as_of=2026-11-18",
        ),
    ],
)
def test_the_api_answers_as_the_command_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    client: TestClient,
    world: World,
    command: list[str],
    query: str | None,
) -> None:
    if command[0] == "tiktok":
        command = [
            *command,
            "--violation",
            "counterfeit",
            "--region",
            "PH",
            "--as-of",
            "2026-11-18",
        ]
    if query is None:
        query = "points=9&region=PH&as_of=2026-03-30"
    code, out, err = _cli(capsys, monkeypatch, "penalty", *command, "--json")
    assert code == 0, err
    asked = client.get(f"/api/v1/penalties/{command[0]}?{query}", headers=bearer(world, "viewer"))
    assert asked.status_code == 200, asked.text
    assert asked.json() == json.loads(out)


def test_the_api_refuses_what_the_command_line_refuses(client: TestClient, world: World) -> None:
    headers = {**bearer(world, "viewer"), "Accept-Language": "zh-CN"}
    for path, words in (
        ("taobao-fake-transaction?offence=4&orders=0", "请至少填 1 笔"),
        ("shopee?points=3&region=Atlantis", "地区“Atlantis”无效"),
        ("shopee?points=3&as_of=2027-02-29", "没有 2027-02-29 这一天"),
        ("tiktok?violation=spam", "spam"),
    ):
        asked = client.get(f"/api/v1/penalties/{path}", headers=headers)
        assert asked.status_code == 422 and words in asked.json()["error"]["message"], asked.text
    assert client.get("/api/v1/penalties/shopee?points=3").status_code == 401


def test_the_simulator_page_offers_taobao_s_point_nodes(as_persona: Any) -> None:
    """Seed 003's nodes: 10 points and 30 more cross 12, 24 and 36; only 36 applies."""
    user = as_persona("viewer")
    page = user.client.get("/simulator?kind=taobao_points&current=10&add=30")
    assert page.status_code == 200
    assert "<dt>Nodes crossed</dt><dd>12, 24, 36</dd>" in page.text
    assert "<dd>36: Shop closed for 21 days</dd>" in page.text
    user.client.headers["Accept-Language"] = "zh-CN"
    page = user.client.get("/simulator?kind=taobao_points&current=0&add=48")
    assert "<dd>48: 查封账户</dd>" in page.text and "淘宝严重违规扣分节点" in page.text
    bad = user.client.get("/simulator?kind=taobao_points&current=-1&add=3")
    assert bad.status_code == 422 and "不能为负数" in bad.text


def test_chinese_lists_and_brackets_are_written_full_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, as_persona: Any
) -> None:
    code, out, _ = _cli(
        capsys, monkeypatch, "penalty", "shopee", "--points", "6", "--region", "PH",
        "--as-of", "2026-11-22", language="zh_CN",
    )  # fmt: skip
    assert code == 0 and "不能参加活动；取消运费补贴；商品搜索降权" in out and "; " not in out
    code, out, _ = _cli(
        capsys, monkeypatch, "penalty", "tiktok", "--points", "8@2026-03-01",
        "--as-of", "2026-11-22", language="zh_CN",
    )  # fmt: skip
    assert "2026-08-28 失效（已失效）" in out
    user = as_persona("viewer")
    user.client.headers["Accept-Language"] = "zh-CN"
    page = user.client.get("/simulator?kind=shopee&points=6&region=PH&as_of=2026-11-22").text
    assert "不能参加活动；取消运费补贴" in page
    page = user.client.get("/simulator?kind=tiktok&records=8%402026-03-01&as_of=2026-11-22").text
    assert "2026-08-28 失效（已失效）" in page


def _penalty_items(wb: Workbench, world: World, account: int) -> list[Any]:
    shown = today(wb, world.actor(wb, "owner"), account_id=account)
    return [i for s in shown.sections for i in s.items if i.kind == "penalty"]


def test_today_counts_penalty_points_on_the_seller_s_day(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    """Two points in December: the next like them reaches tier 1, until the quarter's reset on
    Monday 2027-01-04, which comes at 00:00 in China (16:00 UTC on the Sunday)."""
    owner = world.actor(wb, "owner")
    account = create_account(
        wb, owner, {"platform": "shopee", "store_name": "狮城店", "marketplace": "SG"}
    ).id
    clock.set(datetime(2026, 12, 10, 2, 0, tzinfo=UTC))
    fields = {"received_on": "2026-12-10", "violation": "late_shipment", "points": "2"}
    ledger.record_penalty(wb, owner, account, fields)
    clock.set(datetime(2027, 1, 3, 15, 0, tzinfo=UTC))  # 23:00 on Sunday in China
    assert len(_penalty_items(wb, world, account)) == 1
    clock.set(datetime(2027, 1, 3, 17, 0, tzinfo=UTC))  # 01:00 on the reset Monday
    assert _penalty_items(wb, world, account) == []


def test_today_and_the_account_page_count_a_serious_fake_transaction_alike(
    wb: Workbench, world: World
) -> None:
    """A serious fake transaction cannot be appealed: a pending appeal does not hold it off on
    Today any more than on the account page (36 serious points: the next 36 seals)."""
    owner = world.actor(wb, "owner")
    account = create_account(wb, owner, {"platform": "taobao", "store_name": "荷塘小店"}).id
    fields = {"received_on": "2026-11-02", "violation": FAKE, "points": "36", "serious": "1"}
    ledger.record_penalty(wb, owner, account, {**fields, "appeal_result": "pending"})
    assert ledger.standing_of(wb, owner, account).serious_points == 36
    [item] = _penalty_items(wb, world, account)
    assert (item.params["points"], item.params["threshold"]) == (36, 48)


@pytest.mark.parametrize("platform", ["shopee", "taobao", "tiktok_shop"])
def test_days_no_penalty_system_reaches_are_one_sentence_not_a_crash(
    client: TestClient, wb: Workbench, world: World, platform: str
) -> None:
    """A year typed as 0001, a what-if or a day of effect in 9999: refused in a sentence
    (Shopee's quarters before year 1 and a freeze after 9999 broke the account's standing)."""
    owner = world.actor(wb, "owner")
    account = create_account(
        wb, owner, {"platform": platform, "store_name": "某店", "marketplace": "PH"}
    ).id
    url, headers = f"/api/v1/accounts/{account}", bearer(world, "owner")
    penalty = {"received_on": "0001-01-05", "violation": FAKE, "points": 3}
    asked = client.post(f"{url}/penalties", json=penalty, headers=headers)
    assert asked.status_code == 422, asked.text
    assert "before any marketplace gave penalty points" in asked.json()["error"]["message"]
    later = {**penalty, "received_on": "2026-11-02", "serious": True, "effective_on": "9999-12-31"}
    asked = client.post(f"{url}/penalties", json=later, headers=headers)
    assert asked.status_code == 422 and "too far ahead" in asked.text
    asked = client.get(f"{url}/standing?what_if_points=3&what_if_date=9999-12-31", headers=headers)
    assert asked.status_code == 422 and "too far ahead" in asked.text
    assert client.get(f"{url}/standing", headers=headers).json()["points"] == 0
