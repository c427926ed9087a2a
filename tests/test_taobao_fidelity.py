"""Taobao as seed 003 states it (issue 16): a serious fake transaction freezes the account 30
days after the penalty takes effect, not on the day it is recorded; the n-th offence of the
year is counted from the ledger; the what-if asks which violation and whether it is serious."""

from __future__ import annotations

import io
import json
import sys
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.accounts.service import create_account
from reinstate.cli import main
from reinstate.errors import InvalidInput
from reinstate.penalties import ledger
from reinstate.penalties.standing import Entry, fake_transaction_offences, standing
from reinstate.policies.loader import load_policies
from reinstate.workbench import Workbench

from .conftest import NOW, World, bearer

TAOBAO = load_policies()["taobao"]
FAKE = "fake_transactions"
TODAY = NOW.date()  # 2026-11-18


def test_the_serious_freeze_comes_30_days_after_the_penalty_takes_effect() -> None:
    recorded, effective = date(2026, 10, 1), date(2026, 10, 8)
    serious = Entry(recorded, 48, serious=True, violation=FAKE, effective_on=effective)
    freeze = effective + timedelta(days=30)  # 2026-11-07
    before = standing(TAOBAO, [serious], as_of=freeze - timedelta(days=1), region=None)
    assert before.freeze_on == freeze and before.serious_points == 48
    assert "Account sealed" not in [r.label.en for r in before.restrictions]
    on_the_day = standing(TAOBAO, [serious], as_of=freeze, region=None)
    assert [r.label.en for r in on_the_day.restrictions] == ["Account sealed"]
    # recorded without a day of effect: it took effect the day it was received
    plain = Entry(recorded, 48, serious=True, violation=FAKE)
    assert standing(TAOBAO, [plain], as_of=recorded, region=None).freeze_on == date(2026, 10, 31)
    # another serious violation reaching the 48-point node seals at once (the point nodes)
    other = Entry(recorded, 48, serious=True, violation="intellectual_property")
    sealed = standing(TAOBAO, [other], as_of=recorded, region=None)
    assert sealed.freeze_on is None and sealed.restrictions[0].label.en == "Account sealed"


def test_it_counts_the_offences_of_the_year_from_the_ledger() -> None:
    entries = [
        Entry(date(2025, 12, 30), 0, violation=FAKE),  # last year: reset
        Entry(date(2026, 2, 1), 0, violation=FAKE),
        Entry(date(2026, 5, 1), 12, violation=FAKE, appeal_result="overturned"),
        Entry(date(2026, 6, 1), 12, violation=FAKE, appeal_result="pending"),  # appeal first
        Entry(date(2026, 7, 1), 12, violation=FAKE, appeal_result="upheld"),
        Entry(date(2026, 8, 1), 48, serious=True, violation=FAKE),  # not a general offence
        Entry(date(2026, 9, 1), 6, violation="late_shipment"),
    ]
    assert fake_transaction_offences(entries, TODAY, appeal_first=True) == 2
    assert standing(TAOBAO, entries, as_of=TODAY, region=None).offences == 2
    assert fake_transaction_offences(entries, date(2027, 1, 1), appeal_first=True) == 0


def _taobao_account(wb: Workbench, world: World) -> int:
    owner = world.actor(wb, "owner")
    return create_account(wb, owner, {"platform": "taobao", "store_name": "荷塘小店"}).id


def _record(wb: Workbench, world: World, account: int, day: str, **values: Any) -> None:
    fields = {"received_on": day, "violation": FAKE, "points": "0", **values}
    ledger.record_penalty(wb, world.actor(wb, "teammate"), account, fields)


def test_the_what_if_takes_the_violation_and_seriousness(wb: Workbench, world: World) -> None:
    account = _taobao_account(wb, world)
    agent = world.actor(wb, "teammate")
    _record(wb, world, account, "2026-03-02")
    _record(wb, world, account, "2026-06-09", points="12")
    # the third offence of the year, over 96 orders: 48 points (seed 003's table)
    third = ledger.what_if_penalty(wb, agent, account, {"violation": FAKE, "orders": "97"})
    assert (third.points, third.serious) == (48, False)
    at_most = ledger.what_if_penalty(wb, agent, account, {"violation": FAKE, "orders": "96"})
    assert at_most.points == 12
    grave = ledger.what_if_penalty(
        wb, agent, account, {"violation": FAKE, "orders": "3", "serious": "1"}
    )
    after = ledger.standing_of(wb, agent, account, what_if=grave)
    assert (grave.points, after.freeze_on) == (48, TODAY + timedelta(days=30))
    other = ledger.what_if_penalty(wb, agent, account, {"violation": "counterfeit", "points": "6"})
    assert other.points == 6
    with pytest.raises(InvalidInput):
        ledger.what_if_penalty(wb, agent, account, {"violation": FAKE, "orders": "-1"})
    with pytest.raises(InvalidInput):
        ledger.what_if_penalty(wb, agent, account, {"violation": "brushing", "points": "1"})


def test_a_penalty_records_the_day_it_takes_effect(wb: Workbench, world: World) -> None:
    account = _taobao_account(wb, world)
    _record(wb, world, account, "2026-11-02", points="48", serious="1", effective_on="2026-11-09")
    shown = ledger.standing_of(wb, world.actor(wb, "owner"), account)
    assert shown.freeze_on == date(2026, 12, 9) and shown.restrictions == []
    with pytest.raises(InvalidInput, match="before the day"):
        _record(wb, world, account, "2026-11-02", effective_on="2026-11-01")


def test_the_api_and_the_page_show_the_freeze_and_the_what_if(
    client: TestClient, as_persona: Any, wb: Workbench, world: World
) -> None:
    account = _taobao_account(wb, world)
    _record(wb, world, account, "2026-03-02")
    url = f"/api/v1/accounts/{account}/standing"
    headers = bearer(world, "owner")
    asked = client.get(
        f"{url}?what_if_violation={FAKE}&what_if_orders=120&what_if_date=2026-12-01",
        headers=headers,
    )
    assert asked.status_code == 200, asked.text
    assert (asked.json()["points"], asked.json()["offences"]) == (12, 2)
    grave = client.get(
        f"{url}?what_if_violation={FAKE}&what_if_orders=1&what_if_serious=true", headers=headers
    ).json()
    assert grave["freeze_on"] == (TODAY + timedelta(days=30)).isoformat()
    bad = client.get(f"{url}?what_if_violation=nonsense&what_if_points=1", headers=headers)
    assert bad.status_code == 422
    agent = as_persona("teammate")
    for language, freeze_label in (("en", "Account frozen permanently on"), ("zh-CN", "永久冻结")):
        agent.client.headers["Accept-Language"] = language
        page = agent.client.get(
            f"/accounts/{account}?what_if_violation={FAKE}&what_if_orders=1&what_if_serious=1"
        )
        assert page.status_code == 200 and freeze_label in page.text
    assert agent.client.get(f"/accounts/{account}?what_if_violation=x").status_code == 422


def test_the_cli_counts_the_offence_from_the_ledger(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    wb: Workbench,
    world: World,
) -> None:
    account = _taobao_account(wb, world)
    _record(wb, world, account, "2026-02-02")
    _record(wb, world, account, "2026-03-02")
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    command = ["penalty", "taobao-fake-transaction", "--orders", "50", "--json"]
    assert main([*command, "--account", str(account)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["offence"], shown["points"], shown["shop_shield_days"]) == (3, 12, 7)
    assert main(command) == 1
    assert "--offence, or --account" in capsys.readouterr().err
    assert main([*command, "--account", str(world.account_a)]) == 1
    assert "is not on Taobao." in capsys.readouterr().err  # the platform's name, not its code
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh-CN")
    assert main([*command, "--account", str(world.account_a)]) == 1
    assert "不在 淘宝" in capsys.readouterr().err
