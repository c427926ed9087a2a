"""Mass-mailing rules for mail that names no platform: what else it sells (insurance, loans,
energy, home improvements; crypto tokens; fake virus alarms) and how it is sent (your address in
the subject, unfilled placeholders, random-letter senders, text pushed off the screen), each with
the legitimate mail it must leave alone."""

from __future__ import annotations

import pytest

from reinstate.notices.bulk import random_letters

from .test_notice_unsolicited import LETTER, _judge, _mail

DESK = "Desk <desk@offers-daily.example.net>"


@pytest.mark.parametrize(
    ("code", "subject", "body"),
    [
        ("finance_offer", "Stop overpaying for home insurance", "Compare quotes in minutes."),
        ("finance_offer", "Could a reverse mortgage help you retire?", "See the facts."),
        ("finance_offer", "Economize no seu plano de saúde", "Tabela nova disponível."),
        ("finance_offer", "Vérifiez vos droits CPF", "Financez votre formation."),
        ("finance_offer", "Bespaar op uw energierekening", "Doe de check."),
        ("crypto_offer", "Claim your NFT today", "Your item is waiting."),
        ("crypto_offer", "Redistribution of escrowed tokens begins", "Register to claim."),
        ("security_scare", "Your computer is infected with 5 viruses", "Renew protection."),
        ("security_scare", "Ihr Computer ist mit 98 Viren infiziert", "Jetzt verlängern."),
        ("health_offer", "Fast acting GLP-1 prescriptions", "Talk to a clinician."),
        ("dating_offer", "Meet your kind of singles near you", "Profiles inside."),
        ("dating_offer", "Maak kennis met Oekraïense meisjes", "Bekijk de profielen."),
        ("survey_reward", "Hello", "Answer our short survey and claim your mystery box!"),
        ("survey_reward", "Hallo", "Kurze Umfrage starten und Ihre Prämie sichern."),
    ],
)
def test_what_else_mass_mail_sells_is_flagged(code: str, subject: str, body: str) -> None:
    verdict, raised = _judge(_mail(DESK, subject, body))
    assert code in raised and verdict == "suspicious"


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Quarter results", "Our warehouse insurance renewed without change. " + LETTER),
        ("Payment", "We paid the invoice by bank transfer, not bitcoin. " + LETTER),
        ("IT note", "The scanner found no viruses on the shared drive. " + LETTER),
        ("Feedback", "Our customer survey closes Friday; thanks for your time. " + LETTER),
    ],
)
def test_a_passing_word_in_a_business_letter_is_no_offer(subject: str, body: str) -> None:
    verdict, raised = _judge(_mail("Li Wei <li.wei@brighthome.example.com>", subject, body))
    assert verdict == "unverifiable" and not raised


def test_the_recipients_address_in_the_subject_is_mass_mail() -> None:
    mass = _mail("Offers <news@brighthome.example.com>", "seller@example.com, your gift", LETTER)
    assert "addressed_by_email" in _judge(mass)[1]
    # the person's name, or an address that is not the recipient's, is ordinary
    named = _mail("Li <li@brighthome.example.com>", "Sam, about li@brighthome.example.com", LETTER)
    assert "addressed_by_email" not in _judge(named)[1]


def test_an_unfilled_placeholder_in_the_subject_or_sender_name() -> None:
    for sender, subject in (
        (DESK, "[username], your free kit is inside"),
        ("Clinic {{State}} <desk@offers-daily.example.net>", "Smooth skin"),
    ):
        assert "unfilled_placeholder" in _judge(_mail(sender, subject, LETTER))[1]
    # brackets of a list's tag or a ticket are not placeholders
    tagged = _mail("Ann <ann@annhome.net>", "[dev-list] Build {fails} on [arm64]", LETTER)
    assert "unfilled_placeholder" not in _judge(tagged)[1]


@pytest.mark.parametrize("local", ["qsfxjtwk", "lrkcxnhn", "dnvxgjxw", "wnkrqvk"])
def test_random_letters_are_not_a_name(local: str) -> None:
    assert random_letters(local)
    data = _mail(f"Home Support <{local}@deck.example.net>", "Protect your home", LETTER)
    verdict, raised = _judge(data)
    assert "random_sender" in raised and verdict == "suspicious"


@pytest.mark.parametrize(
    "local",
    ["bfrench", "dwalsh", "gbpeck", "newsletter", "noreply", "schwarzkopf", "li.wei", "jm2002"],
)
def test_names_initials_and_words_are_not_random(local: str) -> None:
    assert not random_letters(local)


def test_a_list_member_may_write_from_any_address() -> None:
    headers = {"List-Id": "<devs.lists.devtools.org>"}
    data = _mail("Ann <qsfxjtwk@annhome.net>", "Re: build", LETTER, headers=headers)
    assert "random_sender" not in _judge(data)[1]


def test_text_pushed_off_the_screen_is_hidden_from_people() -> None:
    html = (
        "<style>.below { margin-top: 470500px; }</style><p>Save on energy.</p>"
        '<div class="below">' + LETTER + "</div>"
    )
    data = _mail("News <news@brighthome.example.com>", "Savings", "Save on energy.", html=html)
    assert "offscreen_text" in _judge(data)[1]
    normal = html.replace("470500px", "24px")
    ok = _mail("News <news@brighthome.example.com>", "Savings", "Save on energy.", html=normal)
    assert "offscreen_text" not in _judge(ok)[1]


def test_random_strings_stuffed_among_the_words_are_filler() -> None:
    noise = " ".join(f"{n:08x}k" for n in range(3000, 3012))
    data = _mail(DESK, "Your cover", f"{noise}\nCompare cover now. {noise}")
    assert "filler_text" in _judge(data)[1]
    glued = _mail(DESK, "We tried..to reach you.Reply please", LETTER)
    assert "filler_text" in _judge(glued)[1]
    # an order with two reference numbers, and an ellipsis, are ordinary
    order = "Order 7f3a9c21b and invoice inv2026x0042 are paid. Thanks... " + LETTER
    assert "filler_text" not in _judge(_mail(DESK, "Paid... thanks", order))[1]


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        ("E-Receipt <info@golfclub-mail.example.net>", "Your Norton order confirmation #NP0093"),
        ("Eco Savings by Elon Musk <news@savings-daily.example.net>", "The energy trick"),
        ("TF Bank <service@design-shop.example.de>", "Bestätigen Sie Ihre Kontoinformationen"),
    ],
)
def test_a_stranger_speaking_for_a_well_known_brand(sender: str, subject: str) -> None:
    verdict, raised = _judge(_mail(sender, subject, LETTER))
    assert "brand_impersonation" in raised and verdict == "suspicious"


def test_news_that_names_a_brand_is_not_speaking_for_it() -> None:
    news = _mail("Tech digest <digest@news.example.org>", "Microsoft ships an update", LETTER)
    assert "brand_impersonation" not in _judge(news)[1]
    own = _mail("Norton <billing@norton.com>", "Your Norton order confirmation", LETTER)
    assert "brand_impersonation" not in _judge(own)[1]


def _to_hidden(data: bytes) -> bytes:
    return data.replace(b"To: seller@example.com\r\n", b"To: Undisclosed recipients:;\r\n")


def test_an_address_in_the_subject_of_mail_to_hidden_recipients() -> None:
    data = _to_hidden(_mail(DESK, "2nd attempt for seller@example.com", LETTER))
    assert b"Undisclosed" in data and "addressed_by_email" in _judge(data)[1]
    plain = _to_hidden(_mail(DESK, "2nd attempt for your order", LETTER))
    assert "addressed_by_email" not in _judge(plain)[1]


def test_a_failed_composite_authentication_is_a_failure_a_pass_is_not() -> None:
    def result(verdict: str) -> bytes:
        results = f"spf=none smtp.helo=x.example; dmarc=none; compauth={verdict} reason=001"
        return _mail(DESK, "Hello", LETTER, headers={"Authentication-Results": results})

    assert "auth_failed" in _judge(result("fail"))[1]
    assert "auth_failed" not in _judge(result("pass"))[1]


def test_a_renewal_charged_with_a_phone_number_to_call_is_a_callback_lure() -> None:
    body = (
        "We are confirming the automatic renewal of your protection plan. A payment of USD 505.44 "
        "will be processed today. For changes contact our support line at 1 810 285-6898."
    )
    verdict, raised = _judge(_mail(DESK, "Your order is now active", body))
    assert "callback_lure" in raised and verdict == "suspicious"
    # a phone number without a charge, or a charge without one, is ordinary business mail
    call = "Call me at 1 810 285-6898 about the samples. " + LETTER
    assert "callback_lure" not in _judge(_mail(DESK, "Samples", call))[1]
    paid = "Your card has been charged for order 7781; see your account page. " + LETTER
    assert "callback_lure" not in _judge(_mail(DESK, "Receipt", paid))[1]
