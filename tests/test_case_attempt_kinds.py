"""The attempt limit governs the appeal of a suspended account only (SPEC: Amazon's two
unsuccessful appeals of a deactivation; seed 000: Joom's review of a suspended or restricted
store), never a buyer's A-to-z claim, whose answer has its own 72 h window. Amazon's limit is a
"may" (uncertain): its number comes from the pack, and the reader is told in words that it is
uncertain, in English and Chinese, on the command line, in the API and on the case page."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reinstate.cases.service import apply_event, open_case
from reinstate.cases.views import case_summary
from reinstate.cli import main
from reinstate.errors import Conflict
from reinstate.notices.service import store_notice
from reinstate.workbench import Workbench

from .conftest import World, bearer


def _amazon(subject: str, body: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"] = "Amazon Seller Performance <seller-performance@amazon.com>", "a@b.cn"
    msg["Subject"], msg["Date"] = subject, "Mon, 16 Nov 2026 18:05:00 -0800"
    msg["Authentication-Results"] = (
        "mx.example.cn; spf=pass smtp.mailfrom=amazon.com; dkim=pass header.d=amazon.com; "
        "dmarc=pass header.from=amazon.com"
    )
    msg.set_content(body)
    return msg.as_bytes(policy=SMTP)


CLAIM = _amazon(
    "Action required: a buyer's claim on order 114-2210987-5543321",
    "Hello,\n\nThe customer has opened an A-to-z Guarantee claim for order 114-2210987-5543321"
    " (item never arrived). Please respond to this claim in Seller Central.\n",
)
DEACTIVATION = _amazon(
    "Your Amazon.com selling account",
    "Hello,\n\nWe have deactivated your Amazon selling account because customers reported that "
    "items they received were counterfeit. Your listings have been removed.\n\nTo reactivate "
    "your account, send us a plan of action through Account Health in Seller Central.\n",
)


def _rounds(wb: Workbench, actor: Any, case_id: int, n: int) -> str:
    for _ in range(n):
        apply_event(wb, actor, case_id, "submitted")
        apply_event(wb, actor, case_id, "rejected")
    return case_summary(wb, actor, case_id).state


def test_a_claim_s_case_has_no_attempt_limit_a_deactivation_s_has_amazon_s_two(
    wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    claim = store_notice(wb, agent, world.account_a2, CLAIM, "claim.eml")
    assert claim.report["kind"] == "claim"
    case = open_case(wb, agent, world.account_a2, ["order_defect_rate"], notice_id=claim.id)
    shown = case_summary(wb, agent, case.id)
    assert (shown.kind, shown.max_attempts, shown.attempts_left) == ("claim", None, None)
    assert _rounds(wb, agent, case.id, 3) == "rejected"  # a third answer is still taken
    assert case_summary(wb, agent, case.id).attempts_used == 3

    deactivation = store_notice(wb, agent, world.account_a2, DEACTIVATION, "deactivated.eml")
    assert deactivation.report["kind"] == "suspension"
    case = open_case(wb, agent, world.account_a2, ["counterfeit"], notice_id=deactivation.id)
    assert case_summary(wb, agent, case.id).max_attempts == 2
    assert _rounds(wb, agent, case.id, 2) == "closed_lost"
    with pytest.raises(Conflict):
        apply_event(wb, agent, case.id, "submitted")


def test_a_case_opened_by_hand_counts_as_an_account_s_appeal_unless_told_its_kind(
    client: TestClient, wb: Workbench, world: World
) -> None:
    headers = bearer(world, "teammate")
    body: dict[str, Any] = {"account_id": world.account_a2, "violations": ["order_defect_rate"]}
    by_hand = client.post("/api/v1/cases", json=body, headers=headers).json()
    assert (by_hand["kind"], by_hand["max_attempts"]) == (None, 2)
    claim = client.post("/api/v1/cases", json={**body, "kind": "Claim"}, headers=headers)
    assert claim.status_code == 201
    assert (claim.json()["kind"], claim.json()["max_attempts"]) == ("claim", None)
    bad = client.post("/api/v1/cases", json={**body, "kind": "appeal"}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["error"]["message"].startswith("Kind of case “appeal” is not known")
    listed = client.get("/api/v1/cases", headers=headers).json()["items"]
    assert len(listed) == 2  # the refused one stored nothing


def test_the_notice_check_tells_no_attempt_limit_for_a_claim() -> None:
    from reinstate.notices.check import check_notice, report_document
    from reinstate.policies.loader import load_policies

    today = date(2026, 11, 18)
    claim = report_document(check_notice(CLAIM, "c.eml", load_policies(), today=today))
    deactivation = report_document(
        check_notice(DEACTIVATION, "d.eml", load_policies(), today=today)
    )
    assert claim["diagnosis"]["max_attempts"] is None
    assert claim["diagnosis"]["after_max_attempts"] is None
    assert deactivation["diagnosis"]["max_attempts"] == 2


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            "Uncertain: Amazon may end the appeal after 2 attempts but does not say so for "
            "certain; the number is set in its platform rules.",
        ),
        (
            "zh_CN",
            "不确定：亚马逊 可能在 2 次申诉后不再受理，但并未明确说明；该次数在平台规则中设置。",
        ),
    ],
)
def test_the_cli_says_amazon_s_limit_is_uncertain_and_joom_s_is_not(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    wb: Workbench,
    world: World,
    language: str,
    words: str,
) -> None:
    agent = world.actor(wb, "teammate")
    amazon = open_case(wb, agent, world.account_a2, ["counterfeit"]).id
    joom = open_case(wb, agent, world.account_a, ["counterfeit"]).id
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", language)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["case", "event", str(amazon), "submitted", "--confirm"]) == 0
    assert words in capsys.readouterr().out.splitlines()
    assert main(["case", "event", str(joom), "submitted", "--confirm", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["attempts_uncertain"], shown["attempts_note"], shown["max_attempts"]) == (
        False,
        None,
        3,
    )


def test_the_api_and_the_page_say_so_in_the_reader_s_language(
    client: TestClient, as_persona: Any, wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a2, ["counterfeit"]).id
    headers = {**bearer(world, "teammate"), "Accept-Language": "zh-CN"}
    shown = client.get(f"/api/v1/cases/{case}", headers=headers).json()
    assert shown["attempts_uncertain"] is True
    assert shown["attempts_note"].startswith("不确定：亚马逊 可能在 2 次申诉后")
    page = as_persona("teammate")
    page.client.cookies.set("reinstate_lang", "zh_CN")
    html = page.client.get(f"/cases/{case}").text
    assert 'id="attempts-uncertain"' in html and "该次数在平台规则中设置" in html


def test_the_number_and_the_words_follow_the_installation_s_rules(
    tmp_path: Path, wb: Workbench, world: World
) -> None:
    overrides = tmp_path / "rules.yaml"
    overrides.write_text("amazon:\n  appeal:\n    max_attempts: 4\n", encoding="utf-8")
    configured = Workbench.open(
        wb.settings.model_copy(update={"policy_overrides": overrides}), wb.clock
    )
    try:
        agent = world.actor(configured, "teammate")
        case = open_case(configured, agent, world.account_a2, ["counterfeit"]).id
        assert _rounds(configured, agent, case, 3) == "rejected"
        shown = case_summary(configured, agent, case, "en")
        assert (shown.max_attempts, shown.attempts_left) == (4, 1)
        assert shown.attempts_note is not None and "after 4 attempts" in shown.attempts_note
    finally:
        configured.close()


def test_the_upgrade_gives_a_case_opened_before_it_its_notice_s_kind(
    wb: Workbench, world: World
) -> None:
    from alembic import command

    from reinstate.storage.migrate import _config, upgrade

    agent = world.actor(wb, "teammate")
    claim = store_notice(wb, agent, world.account_a2, CLAIM, "claim.eml")
    case = open_case(wb, agent, world.account_a2, ["order_defect_rate"], notice_id=claim.id).id
    by_hand = open_case(wb, agent, world.account_a2, ["counterfeit"]).id
    command.downgrade(_config(wb.db.engine), "0022")
    upgrade(wb.db.engine)
    assert case_summary(wb, agent, case).kind == "claim"
    assert case_summary(wb, agent, by_hand).kind is None


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "What the case answers"), ("zh_CN", "案件针对")]
)
def test_the_page_opens_a_claim_s_case_by_hand_without_the_attempt_limit(
    as_persona: Any, wb: Workbench, world: World, lang: str, words: str
) -> None:
    agent = as_persona("teammate")
    agent.client.cookies.set("reinstate_lang", lang)
    assert words in agent.client.get("/cases/new").text
    form = {
        "account_id": str(world.account_a2),
        "violations": "order_defect_rate",
        "kind": "claim",
        "csrf_token": agent.csrf("/cases/new"),
    }
    opened = agent.client.post("/cases/new", data=form, follow_redirects=False)
    assert opened.status_code == 303, opened.text
    case = int(opened.headers["location"].rsplit("/", 1)[1])
    shown = case_summary(wb, world.actor(wb, "owner"), case)
    assert (shown.kind, shown.max_attempts) == ("claim", None)
    page = agent.client.get(f"/cases/{case}").text
    assert words in page and 'id="attempts-uncertain"' not in page
    form["kind"], form["csrf_token"] = "appeal", agent.csrf("/cases/new")
    refused = agent.client.post("/cases/new", data=form)
    assert refused.status_code == 422


def test_the_notice_page_says_amazon_s_limit_is_uncertain_and_a_claim_has_none(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    deactivation = store_notice(wb, agent, world.account_a2, DEACTIVATION, "deactivated.eml")
    claim = store_notice(wb, agent, world.account_a2, CLAIM, "claim.eml")
    page = as_persona("teammate")
    page.client.cookies.set("reinstate_lang", "zh_CN")
    html = page.client.get(f"/notices/{deactivation.id}").text
    assert 'id="attempts-uncertain"' in html and "可能在 2 次申诉后不再受理" in html
    html = page.client.get(f"/notices/{claim.id}").text
    assert 'id="attempts-uncertain"' not in html and "最多 2" not in html


def test_a_case_opened_by_hand_is_told_its_kind_later(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    client: TestClient,
    database_url: str,
    wb: Workbench,
    world: World,
) -> None:
    agent = world.actor(wb, "teammate")
    case = open_case(wb, agent, world.account_a2, ["order_defect_rate"]).id
    _rounds(wb, agent, case, 1)
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["case", "update", str(case), "--kind", "claim", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["kind"], shown["max_attempts"], shown["attempts_left"]) == ("claim", None, None)
    assert main(["case", "update", str(case), "--kind", "appeal"]) == 1
    assert "Kind of case “appeal” is not known" in capsys.readouterr().err
    patched = client.patch(
        f"/api/v1/cases/{case}", json={"kind": "suspension"}, headers=bearer(world, "owner")
    )
    assert patched.status_code == 200
    assert (patched.json()["max_attempts"], patched.json()["attempts_left"]) == (2, 1)
