"""Today gathers the other contexts' warnings: a change log that may bring a video verification,
a store at risk by association, and a provider's deliverables due on the SLA clock."""

from __future__ import annotations

from datetime import timedelta

from reinstate.accounts.service import create_account
from reinstate.association.service import add_identifier
from reinstate.cases.service import open_case
from reinstate.i18n import gettext_for
from reinstate.provider.service import QuoteOptions, accept_quote, deliver
from reinstate.today.service import today
from reinstate.today.views import Today
from reinstate.verification.monitor import record_change
from reinstate.workbench import Workbench

from .conftest import NOW, World


def _lines(shown: Today, kind: str) -> list[str]:
    english = gettext_for("en")
    return [i.text(english, "en") for s in shown.sections for i in s.items if i.kind == kind]


def test_three_password_resets_in_a_row_put_the_account_on_today(
    wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    amazon = world.account_a2
    for hours in (30, 20, 10):
        record_change(wb, owner, amazon, "password_reset", NOW - timedelta(hours=hours))
    assert _lines(today(wb, owner), "verification_risk") == [
        "Blue Ocean US: this account may be asked for video verification"
    ]
    # a client given only account A (Joom) is told nothing about A2
    assert _lines(today(wb, world.actor(wb, "client")), "verification_risk") == []


def test_a_store_sharing_a_bank_account_with_a_store_in_trouble_is_on_today(
    wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    sister = create_account(wb, owner, {"platform": "joom", "store_name": "Sister Shop"}).id
    for store in (world.account_a2, sister):
        add_identifier(wb, owner, store, "bank_account", "6222 0210 0112 3021")
    assert _lines(today(wb, owner), "association") == []  # nobody is in trouble yet
    open_case(wb, owner, world.account_a2, ["related_accounts"])
    shown = today(wb, owner)
    (line,) = _lines(shown, "association")
    assert line.startswith("Sister Shop: at risk by association with Blue Ocean US")
    assert "open appeal case" in line
    chinese = [
        i.text(gettext_for("zh_CN"), "zh_CN")
        for s in shown.sections
        for i in s.items
        if i.kind == "association"
    ]
    assert "关联" in chinese[0]


def test_a_rush_engagement_is_due_on_today_until_it_is_delivered(
    wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a2, ["related_accounts"]).id
    accept_quote(wb, owner, case, QuoteOptions(kind="suspension", rush=True))
    assert _lines(today(wb, owner), "sla_due") == [
        f"Case #{case} of Blue Ocean US: the deliverables are due"
    ]
    deliver(wb, owner, case)
    assert _lines(today(wb, owner), "sla_due") == []
