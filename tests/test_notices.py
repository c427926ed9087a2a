"""Notices: genuine or phishing, facts, diagnosis, and bad input that must never crash."""

from __future__ import annotations

import json
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reinstate.cli import main
from reinstate.errors import InvalidInput
from reinstate.notices.check import check_notice
from reinstate.notices.parse import read_notice
from reinstate.policies.loader import load_policies

GENUINE = Path(__file__).parent / "fixtures" / "notices" / "genuine"
PHISHING = Path(__file__).resolve().parents[2] / "shared" / "data" / "phishing"
TODAY = date(2026, 11, 18)
AUTH_PASS = "mx.test; spf=pass smtp.mailfrom={d}; dkim=pass header.d={d}; dmarc=pass"


def _check(data: bytes, name: str = "n.eml") -> tuple[str, set[str], object]:
    report = check_notice(data, name, load_policies(), today=TODAY)
    return report.judgement.verdict, {s.code for s in report.judgement.signals}, report


def _mail(
    sender: str,
    body: str,
    *,
    html: str | None = None,
    subject: str = "Notice",
    auth: str | None = "pass",
    reply_to: str | None = None,
    attachment: str | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "me@example.com", subject
    msg["Date"] = "Tue, 10 Nov 2026 03:20:00 +0000"
    domain = sender.rsplit("@", 1)[-1].rstrip(">")
    if auth == "pass":
        msg["Authentication-Results"] = AUTH_PASS.format(d=domain)
    elif auth:
        msg["Authentication-Results"] = auth
    if reply_to:
        msg["Reply-To"] = reply_to
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    if attachment:
        msg.add_attachment(
            b"PK\x03\x04", maintype="application", subtype="octet-stream", filename=attachment
        )
    return msg.as_bytes(policy=SMTP)


def test_it_judges_every_genuine_fixture_genuine() -> None:
    files = sorted(GENUINE.glob("*.eml"))
    assert len(files) >= 10
    verdicts = {f.name: _check(f.read_bytes(), f.name)[0] for f in files}
    assert set(verdicts.values()) == {"genuine"}, verdicts


def test_it_flags_the_real_phishing_emails() -> None:
    files = sorted(PHISHING.glob("*.eml"))
    assert len(files) == 143, "shared/data/phishing is missing"
    verdicts = [_check(f.read_bytes(), f.name)[0] for f in files]
    assert verdicts.count("genuine") == 0
    flagged = sum(v in ("phishing", "suspicious") for v in verdicts)
    assert flagged / len(files) >= 0.97, f"{flagged}/{len(files)} flagged"


@pytest.mark.parametrize(
    ("href", "text", "signal"),
    [
        ("https://sellercentral.amazon.com.evil.info/login", "Sign in", "link_brand_in_subdomain"),
        ("https://sellercentral.amazon.com@1.2.3.4/login", "Sign in", "link_userinfo"),
        ("http://203.0.113.9/verify", "Verify", "link_ip_address"),
        ("https://amaz0n-seller.com/verify", "Verify", "link_lookalike"),
        ("https://xn--mazon-3ve.com/", "amazon", "link_punycode"),
        ("https://bit.ly/3abcd", "Review", "link_shortener"),
        ("https://evil.example/x", "https://sellercentral.amazon.com/", "link_text_mismatch"),
    ],
)
def test_it_catches_link_tricks_even_from_an_official_sender(
    href: str, text: str, signal: str
) -> None:
    body = "Your Amazon account needs attention."
    html = f'<p>Your Amazon account needs attention. <a href="{href}">{text}</a></p>'
    verdict, signals, _ = _check(_mail("Amazon <no-reply@amazon.com>", body, html=html))
    assert signal in signals and verdict in ("phishing", "suspicious")


@pytest.mark.parametrize(
    ("sender", "name_or_subject", "signal"),
    [
        (
            "Amazon Seller <notice@amazon-sellers-support.com>",
            "Account suspended",
            "sender_not_official",
        ),
        ("Am\u200bazon <no-reply@mailer.example.org>", "Account suspended", "hidden_characters"),
        (
            "\u0391maz\u03bfn <no-reply@mailer.example.org>",
            "Account suspended",
            "lookalike_letters",
        ),
        ("Amazon <no-reply@amazon>", "Account suspended", "sender_malformed"),
        ("support@amazon.com <x@mailer.example.org>", "Account suspended", "sender_name_spoof"),
    ],
)
def test_it_catches_sender_tricks(sender: str, name_or_subject: str, signal: str) -> None:
    verdict, signals, _ = _check(
        _mail(sender, "Your Amazon account was suspended.", subject=name_or_subject, auth=None)
    )
    assert signal in signals and verdict == "phishing"


def test_it_catches_what_platforms_never_send() -> None:
    cases = [
        (
            "Please confirm your password and card number to restore your Amazon account.",
            "asks_for_secrets",
        ),
        ("Pay a $99 fee for expedited review of your Joom appeal.", "paid_expedite"),
        ("Your Amazon account will be permanently closed within 24 hours.", "urgent_threat"),
    ]
    for body, signal in cases:
        verdict, signals, _ = _check(_mail("Seller Team <team@seller-help.example.org>", body))
        assert signal in signals and verdict == "phishing", (body, signals)
    verdict, signals, _ = _check(
        _mail("Amazon <no-reply@amazon.com>", "Your Amazon invoice.", attachment="invoice.html")
    )
    assert "risky_attachment" in signals and verdict == "phishing"


def test_it_trusts_no_official_sender_whose_authentication_failed() -> None:
    data = _mail(
        "Amazon <no-reply@amazon.com>",
        "Your Amazon account.",
        auth="mx.test; spf=fail smtp.mailfrom=amazon.com; dmarc=fail",
    )
    verdict, signals, _ = _check(data)
    assert verdict == "suspicious" and "auth_failed" in signals  # never genuine


def test_it_calls_pasted_text_unverifiable_unless_it_shows_phishing() -> None:
    verdict, signals, _ = _check(
        b"Your Joom store was suspended for counterfeit goods.", "paste.txt"
    )
    assert verdict == "unverifiable" and "no_headers" in signals
    verdict, _, _ = _check(
        b"Your Joom store is suspended. Verify at http://1.2.3.4/joom", "paste.txt"
    )
    assert verdict == "phishing"


def test_an_email_without_authentication_results_is_not_asked_for_again_as_an_email() -> None:
    # an .eml saved without its authentication headers: asking for "the original as .eml"
    # would send the seller round in a circle; pasted text is asked for the email itself
    data = _mail(
        "seller-performance@amazon.com", "Your selling privileges have been removed.", auth=None
    )
    verdict, _, report = _check(data, "amazon.eml")
    assert verdict == "unverifiable"
    advice = report.diagnosis.advice  # type: ignore[attr-defined]
    assert "this email carries no authentication results" in advice[0]
    assert not any(".eml" in line for line in advice)
    _, _, pasted = _check(b"Your selling privileges have been removed.", "paste.txt")
    assert "(as .eml)" in pasted.diagnosis.advice[0]  # type: ignore[attr-defined]


def test_it_extracts_the_facts_of_an_amazon_deactivation() -> None:
    data = (GENUINE / "amazon-odr-deactivation.eml").read_bytes()
    _, _, report = _check(data)
    facts = report.facts  # type: ignore[attr-defined]
    assert facts.reference_id == "8842713301"
    assert facts.order_ids == ["112-3456789-1234567", "113-7654321-7654321"]
    assert facts.asins == ["B07XJ8C8F5"] and facts.violations == ["order_defect_rate"]
    # 17 days after its Date (2026-11-10 03:20 UTC): 2026-11-26 19:20 on Amazon's clock (Seattle)
    assert (facts.deadline, facts.deadline_source) == (date(2026, 11, 26), "relative")
    # the notice names its reason: whether the listings are still for sale decides nothing
    assert report.diagnosis.triage == []  # type: ignore[attr-defined]


def test_it_reads_chinese_notices_in_gbk_and_big5() -> None:
    _, _, report = _check((GENUINE / "taobao-fake-transaction-gbk.eml").read_bytes())
    facts = report.facts  # type: ignore[attr-defined]
    assert facts.violations == ["fake_transactions"]
    assert (facts.deadline, facts.deadline_source) == (date(2026, 11, 20), "explicit")
    assert "2208812345678901" in facts.order_ids
    _, _, report = _check((GENUINE / "shopee-tw-big5.eml").read_bytes())
    assert "延遲出貨" in report.notice.text  # type: ignore[attr-defined]


def test_it_falls_back_to_the_platform_window_and_says_so() -> None:
    data = _mail("Joom <support@joom.com>", "Your Joom store is suspended for counterfeit goods.")
    _, _, report = _check(data)
    facts = report.facts  # type: ignore[attr-defined]
    assert (facts.deadline, facts.deadline_source) == (date(2026, 11, 17), "platform_default")


def test_it_prints_the_spec_contract(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    code = main(["notice", "check", str(GENUINE / "joom-counterfeit.eml"), "--json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {
        "verdict",
        "platform",
        "signals",
        "violations",
        "reference_id",
        "deadline",
        "skus",
        "asins",
        "order_ids",
    } <= set(document)
    assert (
        document["verdict"],
        document["platform"],
        document["reference_id"],
        document["deadline"],
    ) == ("genuine", "joom", "JM-2026-88120", "2026-11-24")
    assert document["skus"] == ["JOOM-12345", "JOOM-67890"]
    assert all(set(s) >= {"code", "detail"} for s in document["signals"])
    code = main(["notice", "eval", str(PHISHING), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert summary["files"] == 143 and summary["flagged_share"] >= 0.97


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The notice is empty."),
        (b"   \n\n", "The notice is empty."),
        (b"\x00\x01\x02\xff" * 100, "This file is not an email, a web page or text."),
        (b"From: a@b.com\n\n" + b"x" * (25 * 1024 * 1024), "The notice is larger than 10 MB."),
    ],
)
def test_it_refuses_unreadable_input_with_one_sentence(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        read_notice(data, "n.eml")
    assert raised.value.render(lambda m: m) == message


def test_it_survives_broken_mime_unknown_charsets_and_deep_nesting() -> None:
    broken = (
        b'From: Joom <support@joom.com>\nContent-Type: multipart/mixed; boundary="x"\n\n'
        b"--x\nContent-Type: text/plain; charset=klingon-8\n\nHello \xff\xfe there\n--x"
    )
    notice = read_notice(broken, "b.eml")
    assert "Hello" in notice.text
    nested = b'From: a@example.com\nContent-Type: multipart/mixed; boundary="b0"\n\n'
    for depth in range(60):
        nested += f'--b{depth}\nContent-Type: multipart/mixed; boundary="b{depth + 1}"\n\n'.encode()
    nested += b"--b60\nContent-Type: text/plain\n\ndeep\n"
    assert read_notice(nested, "n.eml").kind == "email"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_it_never_crashes_on_arbitrary_bytes(data: bytes) -> None:
    try:
        check_notice(data, "fuzz.eml", load_policies(), today=TODAY)
    except InvalidInput:
        pass


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_it_never_crashes_on_arbitrary_text(text: str) -> None:
    for name in ("x.eml", "x.html", "x.txt"):
        try:
            check_notice(text.encode("utf-8", "surrogatepass"), name, load_policies(), today=TODAY)
        except (InvalidInput, UnicodeEncodeError):
            pass


def test_every_sku_of_a_list_is_read_not_only_the_first() -> None:
    # the letter lists the affected items from these: a SKU left out is an item left unanswered
    text = (
        b"Your shop has been suspended for counterfeit products.\n"
        b"Affected SKU: BO-LAMP-01, BO-MUG-22; BO_CUP_3 and more were reviewed.\n"
        b"SKUs\xef\xbc\x9aTT-900\xe3\x80\x81TT-901\n"
    )
    _, _, report = _check(text, "pasted.txt")
    facts = report.facts  # type: ignore[attr-defined]
    assert facts.skus == ["BO-LAMP-01", "BO-MUG-22", "BO_CUP_3", "TT-900", "TT-901"]


def test_an_amazon_deactivation_for_inauthentic_items_is_read_as_counterfeit() -> None:
    # the commonest Amazon deactivation for cross-border sellers: without the violation the
    # case opened for "other" with no checklist, and no letter section to answer it
    policies = load_policies()
    for words in (b"complaints that you listed counterfeit products", b"inauthentic item"):
        text = b"We have deactivated your Amazon selling account because of " + words + b"."
        report = check_notice(text, "pasted.txt", policies, today=TODAY)
        facts = report.facts
        assert facts.violations == ["counterfeit"]
    amazon = policies["amazon"].violations["counterfeit"]
    assert {"plan_of_action", "purchase_invoices"} <= set(amazon.materials)
