"""Penalty simulators: every row and boundary, both Shopee reset regimes, TikTok expiry."""

from __future__ import annotations

import io
import json
import sys
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reinstate.cli import main
from reinstate.errors import InvalidInput
from reinstate.penalties import shopee, taobao, tiktok
from reinstate.policies.loader import load_policies
from reinstate.policies.schema import ShopeePenalties, TaobaoPenalties, TikTokPenalties


def _taobao() -> TaobaoPenalties:
    rules = load_policies()["taobao"].penalties
    assert isinstance(rules, TaobaoPenalties)
    return rules


def _shopee() -> ShopeePenalties:
    rules = load_policies()["shopee"].penalties
    assert isinstance(rules, ShopeePenalties)
    return rules


def _tiktok() -> TikTokPenalties:
    rules = load_policies()["tiktok_shop"].penalties
    assert isinstance(rules, TikTokPenalties)
    return rules


@pytest.mark.parametrize(
    ("offence", "orders", "points", "shield", "promotions"),
    [
        (1, 1, 0, 0, False),
        (1, 96, 0, 0, False),
        (1, 97, 12, 7, True),
        (2, 96, 0, 0, False),
        (2, 97, 12, 7, True),
        (3, 1, 12, 7, True),
        (3, 96, 12, 7, True),
        (3, 97, 48, 28, True),
        (4, 1, 48, 28, True),
        (4, 5000, 48, 28, True),
        (9, 96, 48, 28, True),
    ],
)
def test_it_follows_every_row_of_the_taobao_fake_transaction_table(
    offence: int, orders: int, points: int, shield: int, promotions: bool
) -> None:
    result = taobao.fake_transaction(_taobao().fake_transactions, offence=offence, orders=orders)
    assert (result.points, result.shop_shield_days, result.promotion_restricted) == (
        points,
        shield,
        promotions,
    )
    assert result.remove_order_credit and result.appealable
    assert result.permanent_freeze_after_days is None


def test_it_treats_a_serious_violation_as_48_points_without_appeal() -> None:
    for offence, orders in ((1, 1), (4, 500)):
        result = taobao.fake_transaction(
            _taobao().fake_transactions, offence=offence, orders=orders, serious=True
        )
        assert (result.points, result.appealable, result.permanent_freeze_after_days) == (
            48,
            False,
            30,
        )


def test_a_serious_violation_needs_no_offence_number_on_the_command_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Serious: 48 points whatever the offence or the orders (seed 003), so asking needs no
    --offence (nor a database to count one)."""
    args = ("penalty", "taobao-fake-transaction", "--orders", "3", "--serious", "--json")
    code, out, err = _cli(capsys, monkeypatch, *args)
    assert code == 0, err
    document = json.loads(out)
    assert (document["points"], document["appealable"]) == (48, False)
    assert document["permanent_freeze_after_days"] == 30


@given(st.integers(1, 20), st.integers(1, 1000), st.integers(0, 3), st.integers(0, 200))
def test_it_never_lowers_the_penalty_for_more_offences_or_orders(
    offence: int, orders: int, more_offences: int, more_orders: int
) -> None:
    rules = _taobao().fake_transactions
    base = taobao.fake_transaction(rules, offence=offence, orders=orders)
    worse = taobao.fake_transaction(
        rules, offence=offence + more_offences, orders=orders + more_orders
    )
    assert worse.points >= base.points
    assert (worse.shop_shield_days or 0) >= (base.shop_shield_days or 0)


@pytest.mark.parametrize(
    ("before", "added", "crossed", "applied"),
    [
        (0, 11, [], None),
        (0, 12, [12], 12),
        (11, 1, [12], 12),
        (12, 11, [], None),
        (10, 30, [12, 24, 36], 36),
        (0, 48, [12, 24, 36, 48], 48),
        (30, 12, [36], 36),
        (48, 12, [], None),
    ],
)
def test_it_applies_only_the_heaviest_taobao_node_crossed(
    before: int, added: int, crossed: list[int], applied: int | None
) -> None:
    nodes = _taobao().point_nodes
    assert [n.points for n in taobao.crossed_nodes(nodes, before=before, added=added)] == crossed
    node = taobao.heaviest_node(nodes, before=before, added=added)
    assert (node.points if node else None) == applied


@pytest.mark.parametrize(
    ("points", "tier", "last_restriction"),
    [
        (0, 0, None),
        (2, 0, None),
        (3, 1, "no_campaigns"),
        (5, 1, "no_campaigns"),
        (6, 2, "deboost"),
        (9, 3, "severe_deboost"),
        (12, 4, "listing_blocked"),
        (15, 5, "account_frozen"),
        (40, 5, "account_frozen"),
    ],
)
def test_it_puts_shopee_points_in_their_tier(
    points: int, tier: int, last_restriction: str | None
) -> None:
    status = shopee.shopee_status(_shopee(), points=points, region=None, as_of=date(2026, 5, 1))
    assert status.tier == tier
    assert (status.restrictions[-1] if status.restrictions else None) == last_restriction
    assert status.penalty_days == (28 if tier else 0)


def test_it_resets_shopee_points_on_the_first_monday_of_each_quarter() -> None:
    days = shopee.reset_dates(_shopee(), None, range(2025, 2029))
    assert [d.isoformat() for d in days] == [
        "2025-01-06",
        "2025-04-07",
        "2025-07-07",
        "2025-10-06",
        "2026-01-05",
        "2026-04-06",
        "2026-07-06",
        "2026-10-05",
        "2027-01-04",
        "2027-04-05",
        "2027-07-05",
        "2027-10-04",
        "2028-01-03",
        "2028-04-03",
        "2028-07-03",
        "2028-10-02",
    ]


def test_it_resets_philippine_points_on_the_last_monday_from_2025_12_29() -> None:
    days = shopee.reset_dates(_shopee(), "PH", range(2025, 2028))
    assert [d.isoformat() for d in days] == [
        "2025-01-06",
        "2025-04-07",
        "2025-07-07",
        "2025-10-06",
        "2025-12-29",
        "2026-03-30",
        "2026-06-29",
        "2026-09-28",
        "2026-12-28",
        "2027-03-29",
        "2027-06-28",
        "2027-09-27",
        "2027-12-27",
    ]


@pytest.mark.parametrize(
    ("region", "as_of", "expected"),
    [
        (None, "2026-01-04", "2026-01-05"),
        (None, "2026-01-05", "2026-04-06"),
        (None, "2026-12-31", "2027-01-04"),
        ("PH", "2025-10-06", "2025-12-29"),
        ("PH", "2025-12-29", "2026-03-30"),
        ("ph", "2026-11-22", "2026-12-28"),
        ("SG", "2026-11-22", "2027-01-04"),
    ],
)
def test_it_names_the_next_shopee_reset(region: str | None, as_of: str, expected: str) -> None:
    assert shopee.next_reset(_shopee(), region, date.fromisoformat(as_of)).isoformat() == expected


@pytest.mark.parametrize(
    ("region", "received", "expires"),
    [
        (None, "2026-01-01", "2026-06-30"),
        ("US", "2025-06-17", "2025-12-14"),
        ("PH", "2025-06-16", "2025-12-13"),
        ("PH", "2025-06-17", "2025-09-15"),
    ],
)
def test_it_expires_tiktok_points(region: str | None, received: str, expires: str) -> None:
    assert tiktok.expires_on(_tiktok(), region, date.fromisoformat(received)).isoformat() == (
        expires
    )


def test_it_counts_active_tiktok_points_against_milestones() -> None:
    records = [
        tiktok.Received(8, date(2026, 3, 1)),
        tiktok.Received(6, date(2026, 10, 1)),
        tiktok.Received(10, date(2026, 11, 1)),
    ]
    status = tiktok.tiktok_status(_tiktok(), records, region=None, as_of=date(2026, 11, 22))
    assert status.active_points == 16  # the March points expired on 2026-08-28
    assert status.milestone is not None and status.milestone.points == 12
    assert status.next_milestone is not None and status.next_milestone.points == 24
    status = tiktok.tiktok_status(_tiktok(), records[:1], region=None, as_of=date(2026, 8, 27))
    assert status.active_points == 8 and status.milestone is None


def test_it_refuses_points_received_after_the_day_computed_for() -> None:
    with pytest.raises(InvalidInput, match="in the future"):
        tiktok.tiktok_status(
            _tiktok(), [tiktok.Received(6, date(2026, 10, 1))], region=None, as_of=date(2026, 9, 30)
        )


def _cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_it_answers_the_taobao_contract_without_a_database(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _cli(
        capsys,
        monkeypatch,
        "penalty",
        "taobao-fake-transaction",
        "--offence",
        "2",
        "--orders",
        "97",
        "--json",
    )
    assert code == 0 and json.loads(out) == {
        "points": 12,
        "shop_shield_days": 7,
        "promotion_restricted": True,
        "remove_order_credit": True,
        "appealable": True,
        "permanent_freeze_after_days": None,
    }
    code, out, _ = _cli(
        capsys,
        monkeypatch,
        "penalty",
        "taobao-fake-transaction",
        "--offence",
        "1",
        "--orders",
        "3",
        "--serious",
        "--json",
    )
    assert json.loads(out)["permanent_freeze_after_days"] == 30


@pytest.mark.parametrize(
    ("current", "add", "node", "sealed"),
    [(40, 10, 48, True), (48, 1, None, True), (47, 1, 48, True), (30, 5, None, False)],
)
def test_an_account_sealed_at_48_points_stays_sealed_after_a_later_deduction(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    current: int,
    add: int,
    node: int | None,
    sealed: bool,
) -> None:
    # a deduction past 48 crosses no new node, but the account sealed at 48 is still sealed
    args = ("penalty", "taobao-points", "--current", str(current), "--add", str(add))
    code, out, _ = _cli(capsys, monkeypatch, *args, "--json")
    document = json.loads(out)
    assert code == 0 and (document["node"], document["account_sealed"]) == (node, sealed)
    code, out, _ = _cli(capsys, monkeypatch, *args)
    assert ("Account sealed: yes" in out) is sealed


def test_it_answers_the_shopee_and_tiktok_contracts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _cli(
        capsys,
        monkeypatch,
        "penalty",
        "shopee",
        "--points",
        "9",
        "--region",
        "PH",
        "--as-of",
        "2026-11-22",
        "--json",
    )
    assert code == 0 and json.loads(out) == {
        "tier": 3,
        "restrictions": ["no_campaigns", "no_shipping_subsidy", "severe_deboost"],
        "penalty_days": 28,
        "next_reset": "2026-12-28",
    }
    code, out, _ = _cli(
        capsys,
        monkeypatch,
        "penalty",
        "tiktok",
        "--points",
        "48@2026-11-01",
        "--violation",
        "counterfeit",
        "--as-of",
        "2026-11-22",
        "--json",
    )
    document = json.loads(out)
    assert (
        document["active_points"],
        document["milestone"],
        document["permanent_deactivation"],
        document["points_range"],
    ) == (48, 48, True, [4, 48])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["taobao-fake-transaction", "--offence", "0", "--orders", "5"],
            "The offence number starts at 1 (the first offence this year).",
        ),
        (
            ["taobao-fake-transaction", "--offence", "1", "--orders", "-3"],
            "The number of orders cannot be negative.",
        ),
        (["shopee", "--points", "4", "--region", "XX"], "Region “XX” is not one of SG, MY, PH"),
        (
            ["shopee", "--points", "4", "--as-of", "2026-13-01"],
            "“2026-13-01” is not a date: write it as YYYY-MM-DD.",
        ),
        (["shopee", "--points", "-1"], "Points cannot be negative."),
        (["tiktok", "--points", "six@2026-01-01"], "Write each record as POINTS@YYYY-MM-DD"),
        (["tiktok", "--violation", "spam"], "TikTok Shop has no points range for “spam”"),
        (["taobao-points", "--current", "-1", "--add", "3"], "Points cannot be negative."),
        # the next reset or expiry would fall after the year 9999, where dates end
        (
            ["shopee", "--points", "3", "--as-of", "9999-12-31"],
            "9999-12-31 is too far ahead: give a day in 2999 or before.",
        ),
        (
            ["tiktok", "--points", "12@9999-12-30", "--as-of", "9999-12-31"],
            "9999-12-31 is too far ahead: give a day in 2999 or before.",
        ),
    ],
)
def test_it_refuses_bad_penalty_input_with_one_sentence(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    code, out, err = _cli(capsys, monkeypatch, "penalty", *args)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.strip().startswith(message)
