"""SPEC §3 and §5 numbers pinned at their boundaries (just below / at / just above): Amazon's
account-health targets and their comparators through the real metrics pipeline, each metric's
window edges by its own reference time, the per-order edges (shipped at the ship-by time,
delivered at the promised time, 2 vs 3 stars), submission deadlines to the second, Shopee tiers
and the 28 days they last, TikTok Shop milestones and expiry, Taobao's year-end reset, Joom's
10 MB file limit and the quarter of the bank-change trigger."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from reinstate.cases import rules as case_rules
from reinstate.cases.from_notice import open_from_notice
from reinstate.cases.page import case_page
from reinstate.cases.service import apply_event, open_case
from reinstate.cases.views import deadline_urgency
from reinstate.clock import FrozenClock
from reinstate.errors import Conflict
from reinstate.evidence.checks import size
from reinstate.evidence.document import Context, Document
from reinstate.metrics.compute import Judged, compute_source
from reinstate.metrics.engine import DuckDB
from reinstate.notices.deadlines import deadline_at
from reinstate.notices.service import store_notice
from reinstate.penalties import shopee, standing, tiktok
from reinstate.policies.loader import PLATFORMS_DIR, load_policies
from reinstate.policies.schema import ShopeePenalties, TikTokPenalties
from reinstate.provider.service import QuoteOptions, accept_quote
from reinstate.today.service import today
from reinstate.verification import triggers
from reinstate.workbench import Workbench

from .conftest import NOW, World
from .persona_world import NOTICE
from .test_metrics_scan import write_csv

PACKS = load_policies(PLATFORMS_DIR)
D = date(2026, 11, 18)  # the "as of" day
BOUGHT = datetime(2026, 11, 15, 8, tzinfo=UTC)
PROMISED = datetime(2026, 11, 17, 8, tzinfo=UTC)
SECOND = timedelta(seconds=1)
# an Amazon order good on every metric
GOOD: dict[str, Any] = {
    "order_id": None, "account_id": "shop", "platform": "amazon", "purchase_ts": BOUGHT,
    "ship_by_ts": BOUGHT + timedelta(days=2), "shipped_ts": BOUGHT + timedelta(days=1),
    "promised_delivery_ts": PROMISED, "delivered_ts": PROMISED - timedelta(hours=3),
    "status": "shipped", "cancelled_by": None, "tracking_id": "T1", "tracking_valid": True,
    "feedback_rating": 5, "a_to_z_claim": False, "chargeback": False,
}  # fmt: skip
SHIP_BY = GOOD["ship_by_ts"]


def _judged(tmp_path: Path, rows: list[dict[str, Any]]) -> dict[tuple[str, int], Judged]:
    numbered = [GOOD | row | {"order_id": f"o-{n}"} for n, row in enumerate(rows)]
    _, found = compute_source(
        PACKS, "canonical", write_csv(tmp_path / "orders.csv", numbered), D, engine=DuckDB()
    )
    return {(r.metric, r.window_days): r for r in found if r.account_id == "shop"}


# (metric, window, bad orders, all orders, the bad order, the good order at its own edge,
#  status); SPEC §3: ODR < 1%, cancel < 2.5%, late < 4%, valid tracking > 95%, OTD > 90%
AMAZON = [
    ("odr", 60, 1, 101, {"feedback_rating": 2}, {"feedback_rating": 3}, "at_risk"),  # 0.99%
    ("odr", 60, 1, 100, {"feedback_rating": 1}, {"feedback_rating": 3}, "breach"),  # 1%
    ("odr", 60, 1, 100, {"a_to_z_claim": True}, {}, "breach"),
    ("odr", 60, 1, 100, {"chargeback": True}, {}, "breach"),
    ("odr", 60, 2, 199, {"feedback_rating": 2}, {}, "breach"),  # 1.005%
    ("negative_feedback_rate", 60, 1, 100, {"feedback_rating": 2}, {}, "breach"),
    ("negative_feedback_rate", 60, 1, 101, {"feedback_rating": 2}, {}, "at_risk"),
    ("pre_fulfilment_cancel_rate", 7, 1, 41, "cancel", {}, "at_risk"),  # 2.44%
    ("pre_fulfilment_cancel_rate", 7, 1, 40, "cancel", {}, "breach"),  # 2.5%
    ("late_shipment_rate", 10, 1, 26, "late", "on_time_ship", "at_risk"),  # 3.85%
    ("late_shipment_rate", 10, 1, 25, "late", "on_time_ship", "breach"),  # 4%
    ("late_shipment_rate", 30, 1, 25, {"shipped_ts": None}, "on_time_ship", "breach"),
    ("valid_tracking_rate", 30, 1, 21, {"tracking_valid": False}, {}, "at_risk"),  # 95.2%
    ("valid_tracking_rate", 30, 1, 20, {"tracking_valid": False}, {}, "breach"),  # 95%
    ("on_time_delivery_rate", 14, 1, 11, "late_delivery", "on_time_delivery", "at_risk"),
    ("on_time_delivery_rate", 14, 1, 10, "late_delivery", "on_time_delivery", "breach"),  # 90%
    ("on_time_delivery_rate", 14, 1, 10, {"delivered_ts": None}, {}, "breach"),
]
ROWS: dict[str, dict[str, Any]] = {
    "cancel": {"status": "cancelled", "shipped_ts": None, "cancelled_by": "seller"},
    "late": {"shipped_ts": SHIP_BY + SECOND},  # one second after the ship-by time
    "on_time_ship": {"shipped_ts": SHIP_BY},  # at the ship-by time: not late
    "late_delivery": {"delivered_ts": PROMISED + SECOND},
    "on_time_delivery": {"delivered_ts": PROMISED},  # at the promised time: on time
}


@pytest.mark.parametrize(
    ("metric", "window", "bad", "total", "bad_row", "good_row", "status"), AMAZON
)
def test_amazon_targets_and_comparators_at_their_boundaries(
    tmp_path: Path,
    metric: str,
    window: int,
    bad: int,
    total: int,
    bad_row: Any,
    good_row: Any,
    status: str,
) -> None:
    bad_row = ROWS.get(bad_row, bad_row) if isinstance(bad_row, str) else bad_row
    good_row = ROWS.get(good_row, good_row) if isinstance(good_row, str) else good_row
    judged = _judged(tmp_path, [bad_row] * bad + [good_row] * (total - bad))[(metric, window)]
    assert judged.target is not None and judged.target.platform == "amazon"
    counted = bad if judged.target.upper else total - bad  # bad orders, or the good ones
    assert (judged.numerator, judged.denominator) == (counted, total), judged
    assert judged.status == status, judged


def test_the_cancel_and_late_shipment_rates_count_only_orders_the_seller_ships(
    tmp_path: Path,
) -> None:
    """SPEC §3: pre-fulfilment cancel rate (seller-cancelled, MFN), late shipment rate (MFN):
    orders Amazon fulfils (afn) neither dilute nor inflate them."""
    mfn = [{"fulfilment": "mfn"} | ROWS["cancel"]] + [{"fulfilment": "mfn"}] * 40
    mfn += [{"fulfilment": "mfn"} | ROWS["late"]]
    afn = [{"fulfilment": "afn", "status": "cancelled", "shipped_ts": None}] * 5
    afn += [{"fulfilment": "afn", "shipped_ts": None}] * 3 + [{"fulfilment": "afn"}] * 50
    found = _judged(tmp_path, mfn + afn)
    cancel = found[("pre_fulfilment_cancel_rate", 7)]
    assert (cancel.numerator, cancel.denominator, cancel.status) == (1, 42, "at_risk")
    late = found[("late_shipment_rate", 10)]
    assert (late.numerator, late.denominator, late.status) == (1, 41, "good")
    odr = found[("odr", 60)]  # the order defect rate still counts every order
    assert odr.denominator == 42 + 58


def _edges(window: int) -> list[tuple[datetime, bool]]:
    """D − N days < t ≤ D (end of day D, UTC): the instants either side of both ends."""
    first = datetime.combine(D - timedelta(days=window - 1), datetime.min.time(), UTC)
    after = datetime.combine(D + timedelta(days=1), datetime.min.time(), UTC)
    return [(first - SECOND, False), (first, True), (after - SECOND, True), (after, False)]


# (metric, window, the reference time that places an order in it, row making it count)
REFERENCES = [
    ("odr", 60, "purchase_ts", {}),
    ("pre_fulfilment_cancel_rate", 7, "purchase_ts", {}),
    ("late_shipment_rate", 10, "ship_by_ts", {"shipped_ts": None}),
    ("late_shipment_rate", 30, "ship_by_ts", {"shipped_ts": None}),
    ("valid_tracking_rate", 30, "shipped_ts", {}),
    ("on_time_delivery_rate", 14, "promised_delivery_ts", {"delivered_ts": None}),
]


@pytest.mark.parametrize(("metric", "window", "reference", "row"), REFERENCES)
def test_each_window_holds_the_n_whole_days_ending_on_d_by_its_own_reference_time(
    tmp_path: Path, metric: str, window: int, reference: str, row: dict[str, Any]
) -> None:
    edges = _edges(window)
    judged = _judged(tmp_path, [row | {reference: at} for at, _inside in edges])
    assert judged[(metric, window)].denominator == sum(inside for _at, inside in edges)


# -- deadlines ------------------------------------------------------------------------------

SENT = datetime(2026, 11, 10, 3, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("platform", "kind", "text", "after"),
    [
        # Amazon deactivation: appeal within 17 days (SPEC §3, platform pages)
        (
            "amazon",
            "suspension",
            "Your selling privileges have been deactivated.",
            timedelta(days=17),
        ),
        # Joom: the notice's deadline, usually 7-14 days: 7 when it states none (seed 000)
        ("joom", "suspension", "Your account has been suspended.", timedelta(days=7)),
        # Amazon A-to-z: within 72 h of the claim; Temu: first response within 24 h (seed 001)
        ("amazon", "claim", "A buyer has filed an A-to-z claim.", timedelta(hours=72)),
        ("temu", "claim", "Buyer messages awaiting your reply.", timedelta(hours=24)),
        # a window the notice states wins over the platform's
        ("amazon", "suspension", "Please respond within 5 days.", timedelta(days=5)),
    ],
)
def test_the_deadline_is_the_platforms_window_to_the_second(
    platform: str, kind: str, text: str, after: timedelta
) -> None:
    at, _source = deadline_at(text, SENT, PACKS.get_pack(platform), kind)
    assert at == SENT + after


@pytest.mark.parametrize(
    ("offset", "urgency"), [(-SECOND, "urgent"), (timedelta(0), "urgent"), (SECOND, "overdue")]
)
def test_a_case_is_overdue_only_after_its_deadline_as_the_rules_accept_it_at_the_deadline(
    offset: timedelta, urgency: str
) -> None:
    joom = PACKS.get_pack("joom")
    due = SENT + timedelta(days=7)
    case = case_rules.CaseState(due_at=due)
    in_time = urgency != "overdue"
    if in_time:
        assert case_rules.apply(case, "submitted", due + offset, joom).state == "submitted"
    else:
        with pytest.raises(Conflict, match="entrance closed"):
            case_rules.apply(case, "submitted", due + offset, joom)
    assert deadline_urgency("open", due, due + offset) == urgency


def _kinds(wb: Workbench, world: World) -> set[str]:
    shown = today(wb, world.actor(wb, "owner"))
    return {i.kind for s in shown.sections for i in s.items}


def test_today_calls_a_deadline_or_an_sla_missed_only_after_it(
    wb: Workbench, world: World, clock: FrozenClock
) -> None:
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a2, ["related_accounts"], deadline=D)
    engagement = accept_quote(wb, owner, case.id, QuoteOptions(kind="suspension", rush=True))
    assert engagement.due_at == NOW + timedelta(hours=24)  # rush: within 24 hours (seed 001)
    clock.set(engagement.due_at)
    assert {"sla_due", "sla_late"} & _kinds(wb, world) == {"sla_due"}
    clock.set(engagement.due_at + SECOND)
    assert {"sla_due", "sla_late"} & _kinds(wb, world) == {"sla_late"}
    assert case.due_at is not None
    clock.set(case.due_at)  # the last second of the day, in the platform's zone
    assert {"case_due", "case_overdue"} & _kinds(wb, world) == {"case_due"}
    clock.set(case.due_at + SECOND)
    assert {"case_due", "case_overdue"} & _kinds(wb, world) == {"case_overdue"}


@pytest.mark.parametrize(
    ("after", "repeat"), [(timedelta(days=30), True), (timedelta(days=30, seconds=1), False)]
)
def test_an_appeal_opened_within_30_days_of_a_reinstatement_is_a_recurrence(
    wb: Workbench, world: World, clock: FrozenClock, as_persona: Any, after: timedelta, repeat: bool
) -> None:
    """Seed 001: the same problem recurring within 30 days limits further appeals."""
    owner = world.actor(wb, "owner")
    first = open_case(wb, owner, world.account_a2, ["related_accounts"])
    apply_event(wb, owner, first.id, "submitted")
    apply_event(wb, owner, first.id, "reinstated")
    clock.set(NOW + after)
    again = open_case(wb, owner, world.account_a2, ["related_accounts", "intellectual_property"])
    other = open_case(wb, owner, world.account_a2, ["intellectual_property"])
    found = case_page(wb, owner, again.id).recurrence
    assert (found.case_id if found else None) == (first.id if repeat else None)
    assert case_page(wb, owner, other.id).recurrence is None  # another violation
    user = as_persona("owner")
    page = unescape(user.client.get(f"/cases/{again.id}").text)
    assert (f"case #{first.id} of this account" in page) is repeat
    if repeat:
        user.post("/language", {"language": "zh_CN", "next": "/"}, page="/accounts")
        page = unescape(user.client.get(f"/cases/{again.id}").text)
        assert f"案件 #{first.id} 已于" in page and "30 天内同类问题复发" in page


def _joom_notice(stated: bool) -> bytes:
    """Joom's suspension notice (sent 2026-11-10 03:20 UTC), with or without its deadline."""
    message = message_from_bytes(NOTICE.read_bytes(), policy=policy.default)
    body = message.get_content()
    assert " by November 24, 2026" in body
    message.set_content(body if stated else body.replace(" by November 24, 2026", ""))
    return message.as_bytes()


@pytest.mark.parametrize("stated", [True, False])
def test_only_a_stated_deadline_closes_joom_s_entrance(
    wb: Workbench, world: World, clock: FrozenClock, stated: bool
) -> None:
    """Seed 000: the entrance closes at the notice's deadline. A notice that states none gets
    Joom's usual window (7 days, SPEC: usually 7-14): it warns, it does not close anything."""
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a, _joom_notice(stated), "joom.eml")
    case = open_from_notice(wb, owner, notice.id)
    sent = datetime(2026, 11, 10, 3, 20, tzinfo=UTC)
    due = datetime(2026, 11, 24, 15, 59, 59, tzinfo=UTC) if stated else sent + timedelta(days=7)
    assert case.due_at == due
    clock.set(due + SECOND)
    if stated:
        with pytest.raises(Conflict, match="appeal entrance closed"):
            apply_event(wb, owner, case.id, "submitted")
    else:
        outcome = apply_event(wb, owner, case.id, "submitted")
        assert outcome.case.attempts_used == 1
        assert "This submission is after the deadline." in outcome.notes


# -- penalties ------------------------------------------------------------------------------


def _shopee() -> ShopeePenalties:
    rules = PACKS.get_pack("shopee").penalties
    assert isinstance(rules, ShopeePenalties)
    return rules


def _tiktok() -> TikTokPenalties:
    rules = PACKS.get_pack("tiktok_shop").penalties
    assert isinstance(rules, TikTokPenalties)
    return rules


@pytest.mark.parametrize(
    ("points", "tier"),
    [(2, 0), (3, 1), (5, 1), (6, 2), (8, 2), (9, 3), (11, 3), (12, 4), (14, 4), (15, 5)],
)
def test_shopee_tiers_start_at_3_6_9_12_15_points(points: int, tier: int) -> None:
    assert shopee.shopee_status(_shopee(), points=points, region=None, as_of=D).tier == tier


@pytest.mark.parametrize(("days", "active"), [(27, True), (28, False)])
def test_a_shopee_tier_restriction_lasts_28_days(days: int, active: bool) -> None:
    received = date(2026, 10, 6)  # after the October reset
    ledger = [standing.Entry(received, 3)]
    now = standing.standing(
        PACKS.get_pack("shopee"), ledger, as_of=received + timedelta(days=days), region=None
    )
    assert (now.level, bool(now.restrictions)) == (1, active)


@pytest.mark.parametrize(
    ("as_of", "points", "active"),
    [(date(2027, 1, 3), 3, True), (date(2027, 1, 4), 0, True), (date(2027, 1, 17), 0, False)],
)
def test_a_shopee_penalty_runs_its_28_days_across_the_quarterly_reset(
    as_of: date, points: int, active: bool
) -> None:
    """The reset (first Monday of January: 2027-01-04) clears the points, not the penalty."""
    ledger = [standing.Entry(date(2026, 12, 20), 3)]
    now = standing.standing(PACKS.get_pack("shopee"), ledger, as_of=as_of, region=None)
    assert (now.points, now.level) == (points, 1 if points else 0)
    assert [(r.label.en, r.ends_on) for r in now.restrictions] == (
        [("Cannot join campaigns", date(2027, 1, 17))] if active else []
    )


@pytest.mark.parametrize(
    ("points", "milestone"),
    [(11, None), (12, 12), (23, 12), (24, 24), (35, 24), (36, 36), (47, 36), (48, 48)],
)
def test_tiktok_milestones_are_reached_at_12_24_36_48_points(
    points: int, milestone: int | None
) -> None:
    status = tiktok.tiktok_status(
        _tiktok(), [tiktok.Received(points, date(2026, 11, 1))], region=None, as_of=D
    )
    assert (status.milestone.points if status.milestone else None) == milestone
    assert bool(status.milestone and status.milestone.permanent_deactivation) is (milestone == 48)


def test_a_tiktok_permanent_deactivation_outlasts_the_points_behind_it() -> None:
    ledger = [standing.Entry(date(2026, 1, 5), 40), standing.Entry(date(2026, 2, 2), 8)]
    tiktok_shop = PACKS.get_pack("tiktok_shop")
    for as_of, points in ((date(2026, 2, 2), 48), (date(2026, 7, 4), 8)):  # 40 expired 07-04
        now = standing.standing(tiktok_shop, ledger, as_of=as_of, region=None)
        assert now.points == points
        assert [r.label.en for r in now.restrictions] == ["Permanent deactivation"]
    below = [standing.Entry(date(2026, 1, 5), 40), standing.Entry(date(2026, 2, 2), 7)]
    now = standing.standing(tiktok_shop, below, as_of=date(2026, 2, 2), region=None)
    assert [r.label.en for r in now.restrictions] == [
        "Third milestone: severe restrictions"
    ]  # 47 points


@pytest.mark.parametrize(
    ("region", "received", "days", "active"),
    [
        (None, date(2026, 1, 1), 179, True),
        (None, date(2026, 1, 1), 180, False),  # points expire after 180 days
        ("PH", date(2025, 6, 17), 89, True),
        ("PH", date(2025, 6, 17), 90, False),  # Philippines: 90 days from 2025-06-17
        ("PH", date(2025, 6, 16), 90, True),  # received before the change: 180 days
    ],
)
def test_tiktok_points_count_until_their_expiry_day(
    region: str | None, received: date, days: int, active: bool
) -> None:
    as_of = received + timedelta(days=days)
    status = tiktok.tiktok_status(
        _tiktok(), [tiktok.Received(6, received)], region=region, as_of=as_of
    )
    assert status.active_points == (6 if active else 0)


@pytest.mark.parametrize(
    ("as_of", "points", "offences"), [(date(2026, 12, 31), 12, 1), (date(2027, 1, 1), 0, 0)]
)
def test_taobao_points_and_offences_reset_at_the_end_of_the_year(
    as_of: date, points: int, offences: int
) -> None:
    entry = standing.Entry(date(2026, 12, 31), 12, violation="fake_transactions")
    now = standing.standing(PACKS.get_pack("taobao"), [entry], as_of=as_of, region=None)
    assert (now.points, now.offences, now.next_reset) == (
        points,
        offences,
        date(as_of.year + 1, 1, 1),
    )


def test_the_taobao_year_end_resets_points_not_a_running_shield_a_seal_or_a_freeze() -> None:
    """Seed 003: the year's record and points reset at the end of the year; the shop is
    restored after its shielding period; a serious fake transaction freezes the account for
    good 30 days after it takes effect."""
    taobao = PACKS.get_pack("taobao")
    shield = standing.Entry(date(2026, 12, 28), 12, violation="fake_transactions")
    for as_of, shielded in ((date(2027, 1, 3), True), (date(2027, 1, 4), False)):
        now = standing.standing(taobao, [shield], as_of=as_of, region=None)
        assert (now.points, now.offences, bool(now.restrictions)) == (0, 0, shielded)
    sealed = standing.Entry(date(2026, 12, 1), 48, serious=True, violation="listing_policy")
    now = standing.standing(taobao, [sealed], as_of=date(2027, 3, 1), region=None)
    assert (now.serious_points, now.level) == (0, None)  # this year's points: none yet
    assert [(r.label.en, r.ends_on) for r in now.restrictions] == [("Account sealed", None)]
    frozen = standing.Entry(date(2026, 12, 15), 48, serious=True, violation="fake_transactions")
    now = standing.standing(taobao, [frozen], as_of=date(2027, 1, 13), region=None)
    assert now.freeze_on == date(2027, 1, 14) and now.restrictions == []
    now = standing.standing(taobao, [frozen], as_of=date(2027, 1, 14), region=None)
    assert [r.label.en for r in now.restrictions] == ["Account sealed"]


def test_taobao_48_general_points_do_not_close_the_shop() -> None:
    fourth = [
        standing.Entry(date(2026, 3, day), 12, violation="fake_transactions") for day in range(1, 5)
    ]  # four general offences of 12 points each: 48 general points
    now = standing.standing(PACKS.get_pack("taobao"), fourth, as_of=date(2026, 3, 5), region=None)
    assert (now.points, now.level, now.serious_points, now.offences) == (48, None, 0, 4)
    assert {r.label.en for r in now.restrictions} == {
        "Shop shielded, listing restricted and public warning for 7 days"
    }


@pytest.mark.parametrize(
    ("points", "days", "label"),
    [
        (12, 7, "Shop shielded, listing restricted and public warning for 7 days"),
        (24, 14, "Shop shielded, listing restricted and public warning for 14 days"),
        (36, 21, "Shop closed for 21 days"),
    ],
)
def test_taobao_serious_point_nodes_last_their_days(points: int, days: int, label: str) -> None:
    received = date(2026, 5, 4)
    entry = standing.Entry(received, points, serious=True, violation="intellectual_property")
    taobao = PACKS.get_pack("taobao")
    for after, shown in ((days - 1, [label]), (days, [])):
        now = standing.standing(
            taobao, [entry], as_of=received + timedelta(days=after), region=None
        )
        assert (now.level, [r.label.en for r in now.restrictions]) == (points, shown)


# -- files and verification -----------------------------------------------------------------

MB = 1024 * 1024


@pytest.mark.parametrize(("length", "too_large"), [(10 * MB, False), (10 * MB + 1, True)])
def test_joom_accepts_a_file_of_10_mb_and_not_one_byte_more(length: int, too_large: bool) -> None:
    context = Context(PACKS.get_pack("joom"), D)
    found = size.check(Document("Shop_IP_20261118.pdf", b"\0" * length), context)
    assert bool(found) is too_large


@pytest.mark.parametrize(
    ("first_days_ago", "fires"),
    [(89.99, True), (90, False)],  # bank account changed 2 times or more in a quarter
)
def test_two_bank_changes_within_the_quarter_trigger_verification(
    first_days_ago: float, fires: bool
) -> None:
    monitor = PACKS.get_pack("amazon").verification.video.monitor  # type: ignore[union-attr]
    assert monitor is not None
    now = datetime(2026, 11, 18, 8, tzinfo=UTC)
    log = [
        ("bank_change", now - timedelta(days=first_days_ago)),
        ("bank_change", now - timedelta(days=1)),
    ]
    assert [t.code for t in triggers.assess(log, monitor, now)] == (
        ["bank_changes"] if fires else []
    )


def test_a_serious_fake_transaction_counts_while_an_appeal_is_said_to_be_pending() -> None:
    """Seed 003: a serious fake transaction cannot be appealed, so 'appeal first' does not hold
    it off: its 48 points count and the account still freezes 30 days after it takes effect;
    a general offence under appeal still waits for the appeal."""
    taobao = PACKS.get_pack("taobao")
    grave = standing.Entry(
        date(2026, 5, 4),
        48,
        serious=True,
        appeal_result="pending",
        violation="fake_transactions",
        effective_on=date(2026, 5, 6),
    )
    general = standing.Entry(
        date(2026, 5, 4), 12, appeal_result="pending", violation="fake_transactions"
    )
    now = standing.standing(taobao, [grave, general], as_of=date(2026, 6, 5), region=None)
    assert (now.serious_points, now.level, now.points, now.offences) == (48, 48, 0, 0)
    assert now.freeze_on == date(2026, 6, 5)
    assert [r.label.en for r in now.restrictions] == ["Account sealed"]
