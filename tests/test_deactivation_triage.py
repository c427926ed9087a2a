"""Amazon's deactivation notices as seed 002 describes them, in wordings of their own: the
back end showing "Account locked", selling privileges removed, an account on hold, in English
and Chinese. Each is a suspension with the 17 days of SPEC §3, asks whether the listings are
still for sale (unless the notice names a reason the question does not decide), and its
diagnosis (root causes, materials, attempts, what follows the last one) is said in words on
the CLI and the notice page."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest

from reinstate.cases.from_notice import notice_case, open_from_notice
from reinstate.cli import main
from reinstate.notices.check import check_notice, report_document
from reinstate.notices.service import store_notice
from reinstate.policies.loader import load_policies
from reinstate.workbench import Workbench

from .conftest import World

TODAY = date(2026, 11, 18)
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
QUESTION = "Are your listings still for sale on the Amazon storefront?"


def _mail(subject: str, body: str, domain: str = "amazon.com") -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Amazon Seller Performance <seller-performance@{domain}>"
    msg["To"], msg["Subject"] = "owner@example.com", subject
    msg["Date"] = "Wed, 18 Nov 2026 08:00:00 +0000"
    msg["Authentication-Results"] = (
        f"mx.test; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain}; dmarc=pass"
    )
    msg.set_content(body)
    return msg.as_bytes(policy=SMTP)


def _document(data: bytes, language: str = "en") -> dict[str, Any]:
    report = check_notice(data, "notice.eml", load_policies(), today=TODAY, now=NOW)
    return report_document(report, language)


LOCKED = _mail(
    "Action required on your seller account",
    "Hello,\n\nYour Amazon seller account has been locked and you will not be able to sign in "
    "until we complete our review. We took this action because the account is associated "
    "with a buyer account that we closed for abuse.\n\nIf you disagree, reply to this message "
    "with your business licence, both sides of your ID and the name and address of your bank "
    "account holder.\n",
)
PRIVILEGES = _mail(
    "Your Amazon.com selling privileges",
    "Hello,\n\nWe have revoked your selling privileges on Amazon.com because you may have "
    "given us inaccurate information about your business.\n\nReply to this email to explain.\n",
)
ON_HOLD = _mail(
    "Your selling account is on hold",
    "Hello,\n\nYour selling account is on hold: the information you provided about your "
    "business could not be verified.\n\nReply with your business registration documents.\n",
)
LOCKED_ZH = _mail(
    "亚马逊卖家账户通知",
    "您好，\n\n您的亚马逊卖家账户已经被锁定，暂时无法登录卖家平台。原因是您的账户关联的"
    "买家账户因违规已被关闭。\n\n如有异议，请回复本邮件并提供营业执照和法人身份证。\n",
)
DEACTIVATED_JA = _mail(
    "出品用アカウントについて",
    "出品者様\n\nお客様がAmazonに不正確な情報を提供した可能性があるため、Amazon.co.jpでの"
    "出品用アカウントを無効化しました。\n\n異議がある場合は、このメールに返信してください。\n",
    "amazon.co.jp",
)
BUYER_JA = _mail(
    "アカウント停止のお知らせ",
    "出品者様\n\nお客様の出品用アカウントは、規約に違反した購入者アカウントと関連している"
    "ため、停止されています。\n",
    "amazon.co.jp",
)
ODR = _mail(
    "Your Amazon.com selling privileges have been deactivated",
    "Hello,\n\nYour selling privileges on Amazon.com have been deactivated because your order "
    "defect rate is 3.1%, above our target of 1%.\n\nSend us a plan of action to reactivate "
    "your account.\n",
)


@pytest.mark.parametrize(
    ("data", "violation"),
    [
        (LOCKED, "buyer_account_association"),
        (PRIVILEGES, "inaccurate_information"),
        (ON_HOLD, None),
        (LOCKED_ZH, "buyer_account_association"),
        (DEACTIVATED_JA, "inaccurate_information"),
        (BUYER_JA, "buyer_account_association"),
    ],
    ids=["locked", "privileges-revoked", "on-hold", "locked-zh", "deactivated-ja", "buyer-ja"],
)
def test_a_locked_or_revoked_account_is_a_deactivation_that_asks_the_triage_question(
    data: bytes, violation: str | None
) -> None:
    document = _document(data)
    assert document["verdict"] == "genuine"
    assert (document["kind"], document["offers"]) == ("suspension", "appeal_case")
    # SPEC §3: appeal within 17 days of the notice (sent on 18 November)
    assert document["deadline"] == "2026-12-05"
    if violation:
        assert violation in document["violations"]
    questions = [t["question"] for t in document["diagnosis"]["triage"]]
    assert questions == [QUESTION]


def test_a_deactivation_for_a_named_metric_asks_no_triage_question() -> None:
    document = _document(ODR)
    assert document["kind"] == "suspension"
    assert document["violations"] == ["order_defect_rate"]
    assert document["diagnosis"]["triage"] == []
    advice = " ".join(document["diagnosis"]["advice"])
    assert "root cause" in advice  # a plan of action, not "answer the question first"


def test_an_inaccurate_information_deactivation_asks_for_the_bank_account_holder() -> None:
    """Seed 002: the appeal gives the business licence, the ID's both sides and the bank
    account holder's name and address."""
    materials = {m["id"] for m in _document(PRIVILEGES)["diagnosis"]["materials"]}
    assert {"business_licence", "legal_person_id", "bank_account_proof"} <= materials


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Likely root causes", "Bank account holder name and address (required)",
                "Attempts: at most 2", "permanent deactivation",
                "Send it to the address named in Amazon's email"]),
        ("zh-CN", ["可能的根本原因", "收款账户持有人姓名与地址 (必需)", "申诉次数: 最多 2 次",
                   "永久停用", "发送到亚马逊邮件中指定的地址"]),
    ],
)  # fmt: skip
def test_the_cli_says_the_diagnosis_in_words(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    words: list[str],
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    path = tmp_path / "deactivated.eml"
    path.write_bytes(PRIVILEGES)
    assert main(["--lang", language, "notice", "check", str(path)]) == 0
    out = capsys.readouterr().out
    for word in words:
        assert word in out, word
    assert "inaccurate_information" not in out and "bank_account_proof" not in out


@pytest.mark.parametrize(
    ("language", "risk"),
    [("en", "Two unsuccessful appeals may end in permanent deactivation."),
     ("zh-CN", "两次申诉失败可能导致永久停用。")],
)  # fmt: skip
def test_the_notice_page_says_what_follows_the_last_attempt(
    as_persona: Any, wb: Workbench, world: World, language: str, risk: str
) -> None:
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a2, PRIVILEGES, "deactivated.eml")
    user = as_persona("teammate")
    user.client.headers["Accept-Language"] = language
    page = user.client.get(f"/notices/{notice.id}")
    assert page.status_code == 200
    assert risk in page.text


def test_a_case_from_a_deactivation_naming_no_reason_asks_the_question_on_its_page(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    """The account 'on hold' names no violation: its case is opened as 'other', and the case's
    page asks what the notice page asked, whose answer names the violation."""
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a2, ON_HOLD, "on-hold.eml")
    case = open_from_notice(wb, owner, notice.id)
    assert case.violations == ["other"]
    user = as_persona("teammate")
    page = user.client.get(f"/cases/{case.id}")
    assert page.status_code == 200 and QUESTION in page.text
    url = f"/cases/{case.id}"
    saved = user.post(f"{url}/triage", {"question": "listings_for_sale", "answer": "no"}, url)
    assert saved.status_code == 303
    answered = notice_case(wb, owner, notice.id)
    assert answered is not None
    assert (answered.violations, answered.letter_type) == (
        ["inaccurate_information"],
        "plan_of_action",
    )


@pytest.mark.parametrize(
    ("pasted", "violation"),
    [
        ("From: Seller Performance <seller-performance@amazon.com>\nSubject: Notice\n\n"
         "Hello,\n\nWe have revoked your selling privileges, because your account is linked to "
         "a buyer account that broke our rules.\n\nRegards\n", "buyer_account_association"),
        ("发件人: seller-notification@amazon.co.jp\n主题: 通知\n\n您好，\n\n"
         "由于您提供的信息不准确，我们已停用您的卖家账户。\n", "inaccurate_information"),
    ],
)  # fmt: skip
def test_pasted_text_is_placed_by_the_sender_its_from_line_names(
    pasted: str, violation: str
) -> None:
    """Copied from a mail client with its "From:" line but no brand written as the platform
    speaks: it was placed on no platform, so it had no diagnosis at all. It still proves
    nothing (no headers)."""
    report = check_notice(pasted.encode(), "pasted.txt", load_policies(), today=TODAY, now=NOW)
    document = report_document(report)
    assert (document["verdict"], document["platform"]) == ("unverifiable", "amazon")
    assert document["kind"] == "suspension" and violation in document["violations"]
    assert [t["question"] for t in document["diagnosis"]["triage"]] == [QUESTION]
    assert document["diagnosis"]["materials"]
