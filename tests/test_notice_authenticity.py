"""Authenticity that generalises: authentication required for genuine, brands as words, the
platforms' own asset hosts, scripts that are not tricks, lures in six languages."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from email.policy import SMTP

import pytest

from reinstate.notices.check import check_notice
from reinstate.policies.loader import load_policies


def _mail(
    sender: str,
    subject: str,
    body: str,
    *,
    auth: bool = True,
    html: str = "",
    headers: dict[str, str] | None = None,
) -> bytes:
    """A real .eml: signed by its sender's domain unless ``auth`` is False."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "seller@example.com", subject
    msg["Date"] = "Tue, 10 Nov 2026 03:20:00 +0000"
    for name, value in (headers or {}).items():
        msg[name] = value
    domain = sender.rsplit("@", 1)[-1].rstrip(">")
    if auth:
        msg["Authentication-Results"] = (
            f"mx.test; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain}; dmarc=pass"
        )
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    return msg.as_bytes(policy=SMTP)


def _judge(data: bytes) -> tuple[str, str | None, set[str]]:
    report = check_notice(data, "n.eml", load_policies(), today=date(2026, 11, 18))
    strong = {s.code for s in report.judgement.signals if s.weight in ("strong", "medium")}
    return report.judgement.verdict, report.judgement.platform, strong


def test_a_from_address_without_passing_authentication_is_never_genuine() -> None:
    forged = _mail(
        "Amazon <seller-performance@amazon.com>",
        "Your Amazon selling account has been deactivated",
        "We have deactivated your selling account.",
        auth=False,
    )
    assert _judge(forged)[0] == "unverifiable"
    assert _judge(forged.replace(b"Subject:", b"X-Note: none\nSubject:"))[0] == "unverifiable"


def test_a_failed_authentication_alone_makes_mail_suspicious_not_phishing() -> None:
    data = _mail("Joom <support@joom.com>", "Store update", "Your Joom store.", auth=False)
    data = b"Authentication-Results: mx.test; spf=fail smtp.mailfrom=joom.com\n" + data
    verdict, _, signals = _judge(data)
    assert verdict == "suspicious" and signals == {"auth_failed"}


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Joomla 5.2 released", "Update your Joomla site today."),
        ("Build failed", "WriteMultiTx returned an error in the storage layer."),
        ("Spring collection", "New arrivals are in. Follow us on TikTok and Instagram!"),
    ],
)
def test_brand_names_count_as_words_not_inside_other_words(subject: str, body: str) -> None:
    verdict, platform, _ = _judge(_mail("News <news@example.org>", subject, body))
    assert platform is None and verdict != "phishing"


@pytest.mark.parametrize(
    "subject", ["คำสั่งซื้อของคุณถูกจัดส่งแล้ว", "आपका ऑर्डर भेज दिया गया है", "Your order 👩‍💻 ❤️"]
)
def test_genuine_mail_in_thai_hindi_or_with_emoji_is_genuine(subject: str) -> None:
    html = (
        '<img src="https://images-amazon.com/images/G/01/x.png">'
        '<a href="https://www.amazon.com/gp/r.html?C=1&U=https%3A%2F%2Fwww.amazon.com%2Fdp%2F1">'
        'See your order</a><img src="https://m.media-amazon.com/images/I/a.jpg">'
    )
    data = _mail("Amazon <shipment-tracking@amazon.com>", subject, "Shipped.", html=html)
    assert _judge(data)[:2] == ("genuine", "amazon")


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        (
            "Kundenservice <info@konto-hilfe.de>",
            "Ihr Konto wurde gesperrt",
            "Bestätigen Sie sofort Ihr Passwort, sonst wird das Konto gelöscht.",
        ),
        (
            "Atendimento <aviso@clientes-aviso.com.br>",
            "Parabéns!",
            "Você ganhou um prêmio. Resgate seus pontos acumulados hoje.",
        ),
        (
            "Soporte <soporte@cuentas-soporte.es>",
            "Último aviso",
            "Su cuenta será bloqueada en 24 horas. Introduzca su contraseña.",
        ),
        (
            "Service <service@compte-client.fr>",
            "Dernier avis",
            "Votre compte sera suspendu immédiatement. Saisissez votre mot de passe.",
        ),
        ("Mercado Pago <avisos@seguridad-cuentas.com>", "Actualiza tus datos", "Hola."),
        ("Kaufland Marketplace <noreply@kl-partner.info>", "Neue Nachricht", "Hallo."),
        ("Seller Support <help@joom-merchant.firebaseapp.com>", "Hello", "Hi."),
    ],
)
def test_lures_in_many_languages_and_borrowed_brands_are_flagged(
    sender: str, subject: str, body: str
) -> None:
    assert _judge(_mail(sender, subject, body, auth=False))[0] in ("phishing", "suspicious")
