"""Amazon judges the order defect rate of seller-fulfilled (MFN) and FBA orders apart (SPEC §3):
the rate over all orders stays the one SPEC §5 defines, and the breakdown by who fulfils the
orders shows each channel's own rate, so a few bad MFN orders among many clean FBA orders are
not hidden. Breakdown values that are codes (an ODR component, a channel) are shown in words."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from reinstate.metrics import service
from reinstate.metrics.rootcause import root_cause_facts
from reinstate.workbench import Workbench

from .conftest import World
from .test_cli_words import Run, db, zh  # noqa: F401 (fixtures)


def mixed_orders(path: Path, account: str) -> Path:
    """200 FBA orders without a defect, and 20 orders the seller ships itself, one with 1-star
    feedback: 1 defect in 220 orders overall (0.45%), but 1 in 20 (5%) of the seller's own."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["order_id", "account_id", "platform", "fulfilment", "purchase_ts", "feedback_rating"]
        )
        for n in range(220):
            own = n >= 200
            writer.writerow(
                [
                    f"11{n:05d}",
                    account,
                    "amazon",
                    "MFN" if own else "AFN",  # as Amazon's reports write it
                    f"2026-11-{1 + n % 15:02d}T09:30:00+08:00",
                    1 if n == 210 else (5 if n % 3 else ""),
                ]
            )
    return path


def test_the_odr_by_who_fulfils_shows_the_sellers_own_orders_apart(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    path = mixed_orders(tmp_path / "orders.csv", f"store-{world.account_a2}")
    owner = world.actor(wb, "owner")
    service.import_orders(wb, owner, profile="canonical", path=path, days=30)
    found = service.breakdown(wb, owner, world.account_a2, "odr", "fulfilment")
    assert (found["numerator"], found["denominator"]) == (1, 220)  # SPEC §5: all orders
    rows = {row["value"]: row for row in found["rows"]}
    assert (rows["mfn"]["numerator"], rows["mfn"]["denominator"]) == (1, 20)
    assert rows["mfn"]["rate"] == 0.05  # past Amazon's 1% for seller-fulfilled orders
    assert (rows["afn"]["numerator"], rows["afn"]["denominator"]) == (0, 200)
    assert found["rows"][0]["value"] == "mfn"  # the channel with the defects first


def test_the_page_and_the_command_name_channels_and_components_in_words(
    db: Workbench,  # noqa: F811 (fixture)
    world: World,
    as_persona: Any,
    zh: Run,  # noqa: F811 (fixture)
    tmp_path: Path,
) -> None:
    path = mixed_orders(tmp_path / "orders.csv", f"store-{world.account_a2}")
    service.import_orders(db, world.actor(db, "owner"), profile="canonical", path=path, days=30)
    owner = as_persona("owner")
    page = owner.client.get(f"/accounts/{world.account_a2}/metrics?metric=odr&by=fulfilment")
    table = page.text.split('class="breakdown"', 1)[1].split("</table>", 1)[0]
    assert "the seller (MFN)" in table and "Amazon (FBA)" in table
    assert "<td>mfn</td>" not in table
    by = page.text.split('name="by"', 1)[1].split("</select>", 1)[0]
    assert 'value="fulfilment"' in by

    components = owner.client.get(f"/accounts/{world.account_a2}/metrics?metric=odr&by=component")
    table = components.text.split('class="breakdown"', 1)[1].split("</table>", 1)[0]
    assert "Negative feedback" in table and "A-to-z Guarantee claim" in table
    assert "negative_feedback" not in table and "a_to_z_claim" not in table

    # a Joom store is not offered a split between the seller and Amazon
    joom = owner.client.get(f"/accounts/{world.account_a}/metrics").text
    assert 'value="fulfilment"' not in joom

    args = [str(world.account_a2), "--org", str(world.org_a), "--metric", "odr"]
    said = zh("metrics", "breakdown", *args, "--by", "fulfilment")
    assert "卖家自配送（MFN）" in said and "亚马逊配送（FBA）" in said and "mfn" not in said
    # the numbers stand in one column in a terminal, where a Chinese character takes two
    from unicodedata import east_asian_width

    said = zh("metrics", "breakdown", *args, "--by", "component")
    rows = [line for line in said.splitlines()[1:] if line.strip()]
    ends = {sum(2 if east_asian_width(c) in "WF" else 1 for c in line) for line in rows}
    assert len(rows) == 3 and len(ends) == 1, rows
    said = zh("metrics", "breakdown", *args, "--by", "component", language="en")
    assert "Negative feedback" in said and "negative_feedback" not in said


def test_the_letters_root_cause_facts_say_the_defects_were_the_sellers_own_orders(
    wb: Workbench, world: World, tmp_path: Path
) -> None:
    path = mixed_orders(tmp_path / "orders.csv", f"store-{world.account_a2}")
    with path.open("a", newline="", encoding="utf-8") as handle:  # two more bad MFN orders
        writer = csv.writer(handle)
        # as Amazon's order reports and Chinese sellers name the seller's own channel
        for n, channel in ((1, "Merchant"), (2, "自发货")):
            writer.writerow(
                [f"22{n:05d}", f"store-{world.account_a2}", "amazon", channel,
                 "2026-11-10T10:00:00Z", 2]
            )  # fmt: skip
    owner = world.actor(wb, "owner")
    service.import_orders(wb, owner, profile="canonical", path=path, days=30)
    english = root_cause_facts(wb, owner, world.account_a2, "order_defect_rate", "en")
    assert english[0].startswith("Order defect rate 1.35%: 3 of 222 orders")
    assert "100% of the 3 orders with a defect (3) were orders we fulfilled ourselves (MFN)." in (
        english
    )
    chinese = root_cause_facts(wb, owner, world.account_a2, "order_defect_rate", "zh")
    assert "有缺陷的 3 个订单中，100%（3 个）是卖家自配送（MFN）的订单。" in chinese
