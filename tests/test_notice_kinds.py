"""Notice kinds and what they offer, deadlines to the minute, the Date header, duplicates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from reinstate.cases.rules import reminder_hours
from reinstate.cases.service import open_case
from reinstate.cases.views import case_summary
from reinstate.cli import main
from reinstate.errors import Conflict
from reinstate.notices.check import check_notice, report_document
from reinstate.notices.service import DuplicateNotice, store_notice
from reinstate.policies.loader import load_policies
from reinstate.storage.tables import Reminder
from reinstate.workbench import Workbench

from .conftest import World

TODAY = date(2026, 11, 18)
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
SENT = "Tue, 10 Nov 2026 03:20:00 +0800"


def _mail(sender: str, subject: str, body: str, *, auth: bool = True, **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Date"] = sender, "me@example.com", subject, SENT
    domain = sender.rsplit("@", 1)[-1].rstrip(">")
    if auth:
        msg["Authentication-Results"] = (
            f"mx.test; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain}; dmarc=pass"
        )
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes(policy=SMTP)


def _document(data: bytes) -> dict[str, Any]:
    return report_document(check_notice(data, "n.eml", load_policies(), today=TODAY, now=NOW))


A_TO_Z = _mail(
    "Amazon <cs-reply@amazon.com>",
    "A-to-z Guarantee claim",
    "A buyer has filed an A-to-z Guarantee claim for order 112-3456789-1234567. "
    "Respond to this claim in Seller Central.",
)


def test_it_gives_an_amazon_a_to_z_claim_its_72_hours_to_the_minute() -> None:
    document = _document(A_TO_Z)
    assert (document["kind"], document["offers"]) == ("claim", "claim_response")
    sent = datetime(2026, 11, 10, 3, 20, tzinfo=UTC) - timedelta(hours=8)
    assert datetime.fromisoformat(document["deadline_at"]) == sent + timedelta(hours=72)
    assert document["deadline_at"] == "2026-11-13T03:20:00+08:00"
    # the day it falls on where the notice was written (UTC+8), as a stated deadline's is; by
    # Amazon's clock (Seattle) it would be 2026-11-12 11:20, the same instant
    assert (document["deadline"], document["deadline_source"]) == ("2026-11-13", "platform_window")


def test_it_reads_hours_days_and_chinese_windows_from_the_email_date() -> None:
    within = _document(
        _mail(
            "Joom <support@joom.com>",
            "Account Suspension",
            "Your store has been suspended. Submit your appeal within 48 hours.",
        )
    )
    assert within["deadline_at"] == "2026-11-12T03:20:00+08:00"
    chinese = _document(
        _mail(
            "淘宝网 <service@taobao.com>",
            "违规处理通知",
            "您的店铺已被限制。请在72小时内提交申诉。",
        )
    )
    assert chinese["deadline_at"] == "2026-11-13T03:20:00+08:00"
    assert chinese["kind"] == "suspension"


def test_it_reads_an_explicit_time_and_zone_and_ends_a_bare_date_at_the_platforms_midnight() -> (
    None
):
    timed = _document(
        _mail(
            "Joom <support@joom.com>",
            "Account Suspension",
            "Your store has been suspended. Submit the documents by 18:30 UTC on 20 November 2026.",
        )
    )
    assert timed["deadline_at"] == "2026-11-20T18:30:00+00:00"
    bare = _document(
        _mail(
            "Joom <support@joom.com>",
            "Account Suspension",
            "Your store has been suspended. Deadline: 2026-11-20.",
        )
    )
    assert bare["deadline_at"] == "2026-11-20T23:59:59+08:00"  # Joom's calendar: Asia/Shanghai


def test_it_gives_temus_first_response_its_24_hours() -> None:
    claim = _document(
        _mail(
            "Temu <seller@temu.com>",
            "Buyer message",
            "A buyer has opened a dispute about "
            "order PO-211-0912. Your first response is expected.",
        )
    )
    assert claim["kind"] == "claim"
    assert claim["deadline_at"] == "2026-11-11T03:20:00+08:00"


def test_it_offers_a_verification_for_an_invitation_and_nothing_for_information() -> None:
    invitation = _document(
        _mail(
            "Amazon <no-reply@amazon.com>",
            "Verify your identity",
            "Please book an identity verification video call in Seller Central.",
        )
    )
    assert (invitation["kind"], invitation["offers"]) == ("verification_invitation", "verification")
    news = _document(
        _mail("Amazon <no-reply@amazon.com>", "New fee schedule", "Our fees change next month.")
    )
    assert (news["kind"], news["offers"], news["deadline_at"]) == ("informational", "none", None)


def test_phishing_offers_nothing_and_shows_no_deadline() -> None:
    phish = _document(
        _mail(
            "Amazon Seller <alert@amaz0n-support.top>",
            "Account suspended",
            "Your Amazon account has been suspended. Respond within 24 hours at "
            "http://amaz0n-support.top/login or it will be closed.",
            auth=False,
        )
    )
    assert phish["verdict"] == "phishing"
    assert (phish["offers"], phish["deadline"], phish["deadline_at"]) == ("none", None, None)


def test_it_extracts_the_reply_address_the_email_names() -> None:
    document = _document(
        _mail(
            "Amazon <seller-performance@amazon.com>",
            "Your Amazon selling account has been deactivated",
            "We have deactivated your selling account. Send the documents "
            "to seller-verification@amazon.com. Do not write to helpdesk@gmail.com.",
        )
    )
    assert document["reply_to"] == ["seller-verification@amazon.com"]


def test_it_scales_reminders_to_the_window() -> None:
    assert reminder_hours([72, 24, 6], timedelta(days=17)) == [72, 24, 6]
    assert reminder_hours([72, 24, 6], timedelta(hours=72)) == [54, 18, 5]
    assert reminder_hours([72, 24, 6], timedelta(hours=24)) == [18, 6, 2]
    assert max(reminder_hours([72, 24, 6], timedelta(hours=72))) < 72


def test_the_cli_keeps_deadline_and_adds_kind_and_deadline_at(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    path = tmp_path / "a-to-z.eml"
    path.write_bytes(A_TO_Z)
    assert main(["notice", "check", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert {"verdict", "deadline", "kind", "deadline_at"} <= set(document)
    assert (document["deadline"], document["kind"]) == ("2026-11-13", "claim")
    assert datetime.fromisoformat(document["deadline_at"]).utcoffset() is not None


def test_a_case_from_a_claim_carries_the_deadline_to_the_minute(
    wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    notice = store_notice(wb, agent, world.account_a2, A_TO_Z, "a-to-z.eml")
    case = open_case(wb, agent, world.account_a2, ["order_defect_rate"], notice_id=notice.id)
    due = datetime(2026, 11, 12, 19, 20, tzinfo=UTC)  # 2026-11-13 03:20 +08:00
    assert case.due_at == due
    shown = case_summary(wb, agent, case.id)
    assert shown.deadline_at == due and shown.deadline == "2026-11-12"  # Los Angeles' day
    with wb.db.reading() as session:
        hours = sorted(
            r.hours_before
            for r in session.scalars(select(Reminder).where(Reminder.case_id == case.id))
        )
    assert 72 not in hours


def test_the_same_file_twice_on_one_account_is_refused_with_the_first(
    wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    first = store_notice(wb, agent, world.account_a2, A_TO_Z, "a.eml")
    with pytest.raises(DuplicateNotice) as refused:
        store_notice(wb, agent, world.account_a2, A_TO_Z, "again.eml")
    assert refused.value.first_id == first.id and f"/notices/{first.id}" in str(refused.value)
    assert store_notice(wb, agent, world.account_a, A_TO_Z, "a.eml").id != first.id


def test_no_case_opens_from_phishing(wb: Workbench, world: World) -> None:
    agent = world.actor(wb, "teammate")
    phish = _mail(
        "Joom <support@joom-verify.top>",
        "Store suspended",
        "Your Joom store is suspended. Log in at http://joom-verify.top",
        auth=False,
    )
    notice = store_notice(wb, agent, world.account_a, phish, "p.eml")
    with pytest.raises(Conflict):
        open_case(wb, agent, world.account_a, ["counterfeit"], notice_id=notice.id)


def _upload(user: Any, account: int, name: str, data: bytes) -> Any:
    return user.client.post(
        "/notices/new",
        data={"account_id": str(account), "csrf_token": user.csrf("/notices/new")},
        files={"file": (name, data, "application/octet-stream")},
    )


@pytest.mark.parametrize(
    ("lang", "words"), [("en", ("Claim", "Reply to")), ("zh_CN", ("索赔或纠纷", "回复地址"))]
)
def test_the_page_shows_kind_deadline_and_duplicate_link_in_both_languages(
    as_persona: Any, world: World, lang: str, words: tuple[str, str]
) -> None:
    agent = as_persona("teammate")
    agent.client.cookies.set("reinstate_lang", lang)
    data = _mail(
        "Amazon <cs-reply@amazon.com>",
        "A-to-z Guarantee claim",
        "A buyer has filed an A-to-z Guarantee claim. Write to seller-performance@amazon.com.",
    )
    created = _upload(agent, world.account_a2, "claim.eml", data)
    page = agent.client.get(created.headers["location"]).text
    # 72 hours after the mail's Date (2026-11-10 11:20 UTC+8), shown in the reader's zone (UTC)
    assert words[0] in page and words[1] in page and "2026-11-12 19:20 UTC" in page
    again = _upload(agent, world.account_a2, "claim.eml", data)
    assert again.status_code == 409 and created.headers["location"] in again.text


@pytest.mark.parametrize(
    ("platform", "text", "expected"),
    [
        (
            "joom",
            "Logistics performance failure: 14 orders had no tracking information.",
            ["valid_tracking"],
        ),
        (
            "amazon",
            "Your account is related to other accounts sharing IP addresses.",
            ["related_accounts"],
        ),
        (
            "joom",
            "您的店铺无物流轨迹的订单过多，且与其他店铺共用同一IP。",
            ["valid_tracking", "related_accounts"],
        ),
        ("temu", "Tracking numbers were not uploaded for these parcels.", ["valid_tracking"]),
    ],
)
def test_it_reads_violations_in_the_platforms_wording(
    platform: str, text: str, expected: list[str]
) -> None:
    mail = _mail(f"Shop <support@{platform}.com>", "Notice", text)
    report = check_notice(mail, "n.eml", load_policies(), today=TODAY, now=NOW)
    assert report.facts.violations == expected


def test_it_reads_order_ids_listed_after_a_label() -> None:
    document = _document(
        _mail(
            "Joom <support@joom.com>",
            "Account Suspension",
            "Orders: 1123456789, 1123456790 and 1123456791.\n"
            "订单：2208812345678901、2208812345678902",
        )
    )
    assert document["order_ids"] == [
        "1123456789",
        "1123456790",
        "1123456791",
        "2208812345678901",
        "2208812345678902",
    ]


@pytest.mark.parametrize("wrap", [" ", "\n", "\r\n  ", "\n\n"])
def test_a_mail_wrapped_anywhere_reads_as_one_written_on_one_line(wrap: str) -> None:
    """Mail programs wrap lines at their width: a pack's phrase broken across lines (here
    between every pair of words) is still the violation and the kind it names."""
    words = (
        "We have deactivated your selling account because you may have provided inaccurate "
        "information. Your account is related to other accounts sharing IP addresses."
    ).split(" ")
    mail = _mail("Amazon <seller-performance@amazon.com>", "Your account", wrap.join(words))
    report = check_notice(mail, "n.eml", load_policies(), today=TODAY, now=NOW)
    assert report.facts.kind == "suspension"
    assert report.facts.violations == ["inaccurate_information", "related_accounts"]


def test_a_packs_repeated_space_stays_linear_on_a_long_run_of_spaces(tmp_path: Path) -> None:
    """An installation's pack may write "inaccurate +information" (one or more spaces): read
    across lines, that was ``(?:\\s+)+``, which took 3 s on 26 spaces that did not lead to the
    word, and doubled with each space more. The check runs as a command, so a regression fails
    on its time limit instead of hanging the suite."""
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(
        "amazon:\n  violations:\n    inaccurate_information:\n"
        "      patterns:\n        en: ['inaccurate +information']\n",
        encoding="utf-8",
    )
    environment = {**os.environ, "REINSTATE_POLICY_OVERRIDES": str(overrides)}
    environment["REINSTATE_LANGUAGE"] = "en"
    command = Path(sys.executable).with_name("reinstate")
    sender = "Amazon <seller-performance@amazon.com>"
    bodies = {
        "wrapped": "We have deactivated your selling account: you provided inaccurate\n  "
        "information.",
        "spaced": "We have deactivated your selling account: you provided inaccurate"
        + " " * 64
        + "details. More information is in Seller Central.",
    }
    found = {}
    for name, body in bodies.items():
        notice = tmp_path / f"{name}.eml"
        notice.write_bytes(_mail(sender, "Your account", body))
        done = subprocess.run(
            [command, "notice", "check", str(notice), "--json"],
            capture_output=True,
            text=True,
            check=False,
            env=environment,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        found[name] = json.loads(done.stdout)["violations"]
    assert found == {"wrapped": ["inaccurate_information"], "spaced": []}


def test_a_chinese_suspension_naming_the_store_and_the_reason_is_a_suspension() -> None:
    """您的店铺 <store> 因销售假冒商品已被暂停: a store's name and the reason between the
    subject and the verb were longer than the pattern allowed, and it read as information."""
    notice = _mail(
        "Joom <noreply@joom.com>",
        "账号暂停通知 JM-2026-55501",
        "您的店铺 BlueOceanHome 因涉嫌销售假冒商品已被暂停。涉及商品：JOOM-22222。"
        "请在14天内提交整改材料。",
    )
    assert _document(notice)["kind"] == "suspension"
    warning = _mail(
        "Joom <noreply@joom.com>",
        "商品违规提醒",
        "您的商品 JOOM-22222 涉嫌侵权已被下架，请及时整改。",
    )
    assert _document(warning)["kind"] != "suspension"
