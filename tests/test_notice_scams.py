"""What phishing threatens or sells beyond the first categories (court summons and fines, tax
statements, shared documents, hacked servers, dating profiles, deposit bonuses, crypto
withdrawals, sign-in alerts, held parcels), a "gov" domain that is not a government's, a text in
look-alike letters, and brands glued to "Team": each in several languages, each with the
legitimate mail it must leave alone."""

from __future__ import annotations

import pytest

from reinstate.notices.disguises import government_lookalike

from .test_notice_unsolicited import LETTER, _judge, _mail

DESK = "Desk <desk@offers-daily.example.net>"


@pytest.mark.parametrize(
    ("code", "subject", "body"),
    [
        ("legal_threat", "NOTIFICAÇÃO JUDICIAL - processo 1234", "Compareça ao tribunal."),
        ("legal_threat", "Mahnbescheid und Vorladung", "Bitte sofort handeln."),
        ("legal_threat", "Mise en demeure", "Dernier avis avant poursuites."),
        ("legal_threat", "Notificación judicial pendiente", "Consulte el expediente."),
        ("legal_threat", "Court summons: case 88-1", "You must appear next week."),
        ("tax_lure", "Your 2025 tax statement is now available", "Open it below."),
        ("tax_lure", "Votre remboursement d'impôt", "Connectez-vous pour le recevoir."),
        ("document_lure", "Contract", "A contract has been shared with you.\n\nView Document"),
        ("crime_offer", "Fresh cPanels, RDPs and SMTPs", "Best prices."),
        ("dating_offer", "Hoi!", "Ik zoek een leuke man.\n\nKlik hier om mijn profiel te bekijken"),
        ("gambling_offer", "Bônus de primeiro depósito", "Cadastre-se hoje."),
        ("gambling_offer", "Hello", "Get 50-FREE-SPINS now. No-Deposit-Required."),
        (
            "crypto_offer",
            "Hello",
            "You have a new incoming transaction. Order the withdrawal of funds.",
        ),
        ("account_lure", "Login attempt from an unfamiliar device", "Was it you?"),
        ("account_lure", "Vérification de votre identité", "Afin d'éviter toute suspension."),
        ("parcel_lure", "Your parcel", "Your package will be sent back. Submit a redelivery."),
        ("parcel_lure", "El pedido FF-1 se ha retrasado", "Confirme sus datos."),
        ("favour_request", "Urgent: help needed", "Can you help me out? Reply when free."),
        ("favour_request", "Hi", "Are you at your desk now? I need a quick favour."),
        ("money_offer", "Claim your share of $1,000,000", "Holders get paid daily."),
        ("money_offer", "Chèques-Vacances : vérifiez votre éligibilité", "Accédez au service."),
        (
            "crypto_offer",
            "Successful transfer",
            "Your wallet has been funded. Order the withdrawal of funds.",
        ),
        ("dating_offer", "Hallo", "Ich suche einen Mann.\n\nDu hast eine neue private Nachricht."),
        ("dating_offer", "Aventure discrète ce soir ?", "Des femmes près de chez vous."),
        ("crypto_offer", "Claim your $NOVA tokens", "Connect your wallet today."),
        ("crypto_offer", "Olá", "Conecte sua carteira.\n\nA retirada de fundos está pronta."),
        ("parcel_lure", "Su paquete ha sido retrasado", "Confirme sus datos."),
    ],
)
def test_what_else_phishing_threatens_or_sells_is_flagged(
    code: str, subject: str, body: str
) -> None:
    verdict, raised = _judge(_mail(DESK, subject, body))
    assert code in raised and verdict == "suspicious"


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Legal", "Our lawyer read the court notice and sees no issue. " + LETTER),
        ("Taxes", "Our tax refund for March arrived at the bank. " + LETTER),
        ("Catalogue", "I have shared the document with you on our drive. " + LETTER),
        ("Servers", "We moved the mail server to new SMTP settings. " + LETTER),
        ("Parcel", "Your package was delayed by snow, so we sent a new one. " + LETTER),
        ("Help", "Can you help me out with the samples? " + LETTER),
    ],
)
def test_one_such_word_in_a_business_letter_is_not_a_lure(subject: str, body: str) -> None:
    verdict, raised = _judge(_mail("Li Wei <li.wei@brighthome.example.com>", subject, body))
    assert verdict == "unverifiable" and not raised


# A marketplace's own notice, forwarded or pasted (so unauthenticated), in its usual words: a
# document to review, a refund issued with its tax.
NOTICE = (
    "Hello seller,\n\nPlease review the attached document about listing B0ABCDE123 and download "
    "the document from your seller dashboard before you reply. Your refund is ready: a refund of "
    "12.40 EUR, tax included, was issued for order 402-1234567-1234567. Your tax documents are "
    "now available in Reports. We will review the case within 2 business days.\n\n"
    "Seller Support\n"
)


@pytest.mark.parametrize(
    "sender",
    [
        "Seller Support <notices@seller.marketplace.example.com>",  # a platform we do not know
        "Amazon Seller Support <seller-notification@amazon.com>",  # one we know, unsigned
    ],
)
def test_a_platform_notice_asking_to_review_a_document_or_naming_a_refund_is_no_lure(
    sender: str,
) -> None:
    for subject in ("Action needed: review the document", "Your refund is ready"):
        verdict, raised = _judge(_mail(sender, subject, NOTICE))
        assert verdict == "unverifiable" and not raised


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Invoice 2211", "Dana shared a file with you.\n\nOpen the file: it expires today."),
        ("Firma pendiente", "El documento está listo para su firma.\n\nVer el documento"),
        ("Neue Datei", "Max hat Ihnen eine Datei freigegeben.\n\nDokument öffnen"),
        ("HMRC: a refund of 310.20 GBP is due to you", "Claim it below."),
        ("Annual Tax Return - your refund is ready", "Submit the form to receive it."),
        ("Wichtig", "Ihre Steuererstattung wurde zurückgestellt. Ihre Steuererstattung folgt."),
    ],
)
def test_a_shared_document_or_a_tax_refund_still_lures_in_other_words(
    subject: str, body: str
) -> None:
    verdict, raised = _judge(_mail(DESK, subject, body))
    assert {"document_lure", "tax_lure"} & raised and verdict == "suspicious"


def test_a_domain_dressed_as_a_government_that_is_not_one() -> None:
    fake = _mail("Tax office <noreply@receita-gov.com>", "Statement", LETTER)
    assert "government_lookalike" in _judge(fake)[1]
    link = _mail(DESK, "Pay", "Pay your fine at https://pay.brasilgov.com/boleto today.")
    assert "link_government_lookalike" in _judge(link)[1]
    real = _mail("IRS <news@govdelivery.com>", "Tax tips", LETTER + "https://www.irs.gov/tips")
    assert not {"government_lookalike", "link_government_lookalike"} & _judge(real)[1]
    assert government_lookalike("gov.br.portal-example.com")
    assert not government_lookalike("www.gov.br") and not government_lookalike("x.gc.ca")
    # a country's code glued to "gov", whichever country: read from the suffix list
    assert government_lookalike("receitagovbr.com") and government_lookalike("gov-za-tax.net")
    assert government_lookalike("portalgovph.com") and government_lookalike("irs-govus.com")
    assert not government_lookalike("govee.com") and not government_lookalike("cargovan.com")


def test_a_text_written_in_look_alike_letters() -> None:
    # Cyrillic "о", "а", "е" among the Latin letters of English words
    body = "Gоod аfternооn. Yоur оrder is rеady: lоg in to your аccount tо withdrаw it."
    verdict, raised = _judge(_mail(DESK, "Order", body))
    assert "lookalike_text" in raised and verdict == "suspicious"
    # Russian words beside English ones are two languages, not a disguise
    both = "Привет, Сэм! " + LETTER + " Спасибо за образцы, до встречи."
    assert "lookalike_text" not in _judge(_mail(DESK, "Образцы", both))[1]


def test_a_text_of_letters_dressed_with_dots_and_rings() -> None:
    body = "I ḟeel sad to ḁlert you ḅout news. I ṁanaged to gain access to ḋevices you use."
    assert "lookalike_text" in _judge(_mail(DESK, "Hi", body))[1]
    # Vietnamese writes its own marked letters, and Welsh a few
    viet = "Chúng tôi đã nhận được đơn hàng của bạn. Cảm ơn bạn rất nhiều. " + LETTER
    assert "lookalike_text" not in _judge(_mail(DESK, "Đơn hàng", viet))[1]


def test_a_well_known_brand_glued_to_team_speaks_for_it() -> None:
    glued = _mail("PaypalTeam <support@offers-daily.example.net>", "Notice", LETTER)
    assert "brand_impersonation" in _judge(glued)[1]
    name = _mail("Ingrid Group <ingrid@offers-daily.example.net>", "Notice", LETTER)
    assert "brand_impersonation" not in _judge(name)[1]
