"""Today gathers the other contexts' warnings: a change log that may bring a video verification,
a store at risk by association, and a provider's deliverables due on the SLA clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from reinstate.accounts.service import create_account
from reinstate.association.service import add_identifier
from reinstate.cases.service import open_case
from reinstate.clock import FrozenClock
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


def test_a_client_reads_the_providers_deadline_as_information_not_as_their_to_do(
    wb: Workbench, world: World, clock: FrozenClock, as_persona: Any
) -> None:
    """Found by an exploratory tester: the client's Today said "the deliverables are due",
    marked Soon, as if the report were theirs to write. The team delivers (SPEC §1); the client
    is told what its service provider owes it, for information, late or not."""
    owner, client = world.actor(wb, "owner"), world.actor(wb, "client")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    accept_quote(wb, owner, case, QuoteOptions(kind="suspension", rush=True))

    def line(actor: Any, kind: str, language: str = "en") -> list[tuple[str, str]]:
        words = gettext_for(language)
        return [
            (i.text(words, language), i.severity)
            for s in today(wb, actor).sections
            for i in s.items
            if i.kind == kind
        ]

    store = "Blue Ocean Home"
    assert line(owner, "sla_due") == [
        (f"Case #{case} of {store}: the deliverables are due", "medium")
    ]
    assert line(client, "sla_due") == [
        (f"Case #{case} of {store}: your service provider's report and appeal text are due", "low")
    ]
    assert line(client, "sla_due", "zh_CN") == [
        (f"{store} 的案件 #{case}：服务商的报告和申诉文本即将交付", "low")
    ]
    page = as_persona("client").client.get("/today").text
    assert "your service provider&#39;s report and appeal text are due" in page
    assert 'id="today-act_now"' not in page and "For information" in page
    clock.set(NOW + timedelta(days=3))  # past the rush SLA, still undelivered
    assert line(owner, "sla_late")[0][1] == "high"
    assert line(client, "sla_late") == [
        (f"Case #{case} of {store}: your service provider's report and appeal text are late", "low")
    ]
    late_page = as_persona("client").client.get("/today").text
    assert "report and appeal text are late" in late_page
    assert "the deliverables are" not in late_page
