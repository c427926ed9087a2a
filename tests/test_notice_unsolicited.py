"""Authenticity rules for mail that names no platform: what unsolicited mail sells or threatens,
how it is made (wordless, every link elsewhere, hidden characters, a tenant's default sender),
and the legitimate mail each rule must leave alone (lists, news, forwarders, newsletters)."""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest

from reinstate.notices.check import check_notice
from reinstate.policies.loader import load_policies

from .test_notice_authenticity import _mail as signed_mail

# The authenticity tests' mail, unsigned unless asked: most of this mail is unsolicited.
_mail = partial(signed_mail, auth=False)


def _judge(data: bytes) -> tuple[str, set[str]]:
    report = check_notice(data, "n.eml", load_policies(), today=date(2026, 11, 18))
    raised = {s.code for s in report.judgement.signals if s.weight in ("strong", "medium")}
    return report.judgement.verdict, raised


LETTER = (
    "Hi Sam,\n\nThanks for the samples you sent last week. The blue lamps sold out in two days, "
    "so we would like to reorder forty units before the holidays. Could you confirm the price "
    "and the shipping date? I attach nothing; the order form is the same as in October.\n\n"
    "Best regards,\nLi Wei\nBright Home Trading\n"
)


@pytest.mark.parametrize(
    ("code", "subject", "body"),
    [
        ("health_offer", "Melt belly fat while you sleep", "One scoop a day."),
        ("health_offer", "Endlich abnehmen ohne Diät", "Nur ein Glas am Morgen."),
        ("dating_offer", "Lonely women near you want to chat", "Profiles inside."),
        ("dating_offer", "Femmes célibataires près de chez vous", "Inscription rapide."),
        ("gambling_offer", "Your welcome bonus: 200 free spins", "Play today."),
        ("gambling_offer", "Rodadas grátis para você", "Cadastre-se."),
        ("money_offer", "Inheritance of a late client", "I am a lawyer abroad."),
        ("money_offer", "Token allocation opens today", "Holders receive new coins."),
        ("account_lure", "Your mailbox is full", "Messages will bounce."),
        ("account_lure", "Su cuenta ha sido bloqueada", "Restablezca el acceso."),
        ("parcel_lure", "Your parcel is on hold", "A customs fee of 1.99 is due."),
        ("parcel_lure", "Encomenda retida", "Pague a taxa obrigatória."),
        (
            "callback_lure",
            "Your auto-renewal has been processed",
            "If you did not authorize this transaction, call us.",
        ),
    ],
)
def test_what_unsolicited_mail_sells_or_threatens_is_flagged(
    code: str, subject: str, body: str
) -> None:
    verdict, raised = _judge(_mail("Desk <desk@offers-daily.example.net>", subject, body))
    assert code in raised and verdict == "suspicious"


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Club news", "Our coach wrote about weight loss myths. " + LETTER),
        ("Re: dating the invoices", "We should stop dating invoices ahead. " + LETTER),
        ("Quarter results", "Revenue rose. The inheritance tax rules did not change. " + LETTER),
        ("Your parcel", "The parcel left our warehouse today. " + LETTER),
        ("Spring catalogue", "Act now is not our style; see the catalogue when you can. " + LETTER),
    ],
)
def test_one_passing_word_in_a_real_letter_is_not_a_lure(subject: str, body: str) -> None:
    verdict, raised = _judge(_mail("Li Wei <li.wei@brighthome.example.com>", subject, body))
    assert verdict == "unverifiable" and not raised


def test_two_different_pressure_phrases_make_an_offer_pushy_one_does_not() -> None:
    pushy = "Act now: 70% off for a limited time only. Order now, while supplies last!"
    verdict, raised = _judge(_mail("Deals <deals@shop-deals.example.net>", "Sale", pushy))
    assert "pressure_offer" in raised and verdict == "suspicious"
    calm = "Our spring sale starts Monday with 20% off garden tools. " + LETTER
    assert "pressure_offer" not in _judge(_mail("Li <li@brighthome.example.com>", "Sale", calm))[1]


def test_mail_that_is_only_a_picture_and_a_link_is_wordless() -> None:
    html = '<a href="https://promo-pics.example.org/x"><img src="https://promo-pics.example.org/a.png"></a>'
    data = _mail("Shop <news@brighthome.example.com>", "For you", "", html=html)
    assert "wordless" in _judge(data)[1]
    letter = _mail(
        "Li <li@brighthome.example.com>", "Photos", LETTER + "https://photos.example.org/album"
    )
    assert "wordless" not in _judge(letter)[1]


def test_unauthenticated_mail_whose_links_all_lead_elsewhere_with_a_call_to_action() -> None:
    body = "Your reward is waiting. Click the button below.\nhttps://rewards-center.example.org/r"
    verdict, raised = _judge(_mail("Store <info@brighthome.example.com>", "Hello", body))
    assert "links_elsewhere" in raised and verdict == "suspicious"
    # the same mail, authenticated for its own domain, is a newsletter linking a partner
    signed = _mail("Store <info@brighthome.example.com>", "Hello", body, auth=True)
    assert "links_elsewhere" not in _judge(signed)[1]
    # a link to the sender's own site is no detour
    own = body.replace("rewards-center.example.org", "www.brighthome.example.com")
    assert (
        "links_elsewhere" not in _judge(_mail("Store <info@brighthome.example.com>", "Hi", own))[1]
    )


def test_a_mailing_list_may_set_reply_to_and_link_anywhere() -> None:
    body = "Has anyone tried the new release? Click through for notes: https://notes.devtools.org/1"
    headers = {"Reply-To": "devs@lists.devtools.org", "List-Id": "<devs.lists.devtools.org>"}
    data = _mail("Ann <ann@annhome.net>", "New release", body, headers=headers)
    assert _judge(data) == ("unverifiable", set())
    # without a list's headers, replies going elsewhere and links leading away are doubts
    data = _mail(
        "Ann <ann@annhome.net>", "New release", body, headers={"Reply-To": "x@devtools.org"}
    )
    assert {"reply_to_elsewhere", "links_elsewhere"} <= _judge(data)[1]


def test_invisible_characters_between_the_letters_of_the_text() -> None:
    hidden = "\u2069".join("Verify your account now") + " to keep it."
    verdict, raised = _judge(_mail("Desk <desk@brighthome.example.com>", "Notice", hidden))
    assert "hidden_text" in raised and verdict == "suspicious"
    persian = "من می\u200cخواهم سفارش را تأیید کنم. " + LETTER  # ZWNJ is how Persian is written
    assert "hidden_text" not in _judge(_mail("Ali <ali@shop.example.ir>", "Order", persian))[1]


def test_a_cloud_tenants_default_address_is_not_how_companies_send_notices() -> None:
    tenant = _mail("Support <billing@contoso7781.onmicrosoft.com>", "Statement", LETTER)
    assert "sender_tenant_default" in _judge(tenant)[1]
    own = _mail("Support <billing@contoso.example.com>", "Statement", LETTER)
    assert "sender_tenant_default" not in _judge(own)[1]


@pytest.mark.parametrize(
    ("sender", "subject", "body", "html"),
    [
        (
            "Tech digest <digest@news-digest.example.org>",
            "Slashdot reports that Amazon still wants to patent the web",
            "A short item from today's news. https://news-digest.example.org/a/1",
            "",
        ),
        (
            '"news@publisher.example.com [via relay]" <ticket_8812@relay-mail.example.net>',
            "Author news from the publisher",
            LETTER,
            "",
        ),
        (
            "Michael <michael@linux-shop.example.com>",
            "Do the math",
            LETTER,
            '<p>Now sold at <a href="https://www.linux-shop.example.com/walmart">walmart.com</a>.</p>',
        ),
    ],
)
def test_news_forwarders_and_citations_are_never_called_phishing(
    sender: str, subject: str, body: str, html: str
) -> None:
    assert _judge(_mail(sender, subject, body, html=html))[0] != "phishing"
