"""A forward is unpacked to the original it passes on whatever the forwarder's mail client and
its language: German, French, Spanish, Italian, Portuguese and Japanese clients write their own
separator line and header labels ("Weitergeleitete Nachricht", "Von:", "Gesendet:", "Message
transféré", "De :", "Envoyé :", "転送メッセージ", "差出人:" …) and their own dates; and a forward
saved as a web page (a browser's "save page" of a webmail's view, the HTML a webmail exports) is
unpacked as a forwarded .eml or pasted forward is."""

from __future__ import annotations

from datetime import date, datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest

from reinstate.cli import main
from reinstate.notices.check import check_notice, report_document
from reinstate.policies.loader import load_policies

TODAY = date(2026, 12, 5)
NOW = datetime.fromisoformat("2026-12-05T10:00:00+01:00")
BODY = (
    "Hello,\n\nWe have deactivated your Amazon selling account because your order defect rate "
    "is above 1%.\nReference ID: 5530981120\n\nPlease submit an appeal within 7 days.\n"
)


def check(path: Path) -> dict[str, Any]:
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=TODAY, now=NOW)
    return report_document(report)


# (the block a client writes above the original, the deadline counted from when it was sent)
BLOCKS = [
    # Outlook in German: no zone written, the forwarder's (its own Date's, +01:00)
    ("-----Ursprüngliche Nachricht-----\nVon: Amazon <seller-performance@amazon.de>\n"
     "Gesendet: Montag, 30. November 2026 09:00\nAn: shop@blauer-ozean.example.de\n"
     "Betreff: Ihr Verkäuferkonto bei Amazon\n", "2026-12-07T09:00:00+01:00"),
    # Thunderbird in German: subject first, the mail's own Date
    ("-------- Weitergeleitete Nachricht --------\nBetreff: \tIhr Verkäuferkonto bei Amazon\n"
     "Datum: \tMon, 30 Nov 2026 09:00:00 -0800\nVon: \tAmazon <seller-performance@amazon.de>\n"
     "An: \tshop@blauer-ozean.example.de\n", "2026-12-07T09:00:00-08:00"),
    # Gmail in German: abbreviated day and month, "um … Uhr"
    ("---------- Weitergeleitete Nachricht ---------\nVon: Amazon "
     "<seller-performance@amazon.de>\nDate: Mo., 30. Nov. 2026 um 15:30 Uhr\n"
     "Subject: Ihr Verkäuferkonto bei Amazon\nTo: <shop@blauer-ozean.example.de>\n",
     "2026-12-07T15:30:00+01:00"),
    # Apple Mail in German: German zone abbreviation
    ("Anfang der weitergeleiteten Nachricht:\n\nVon: Amazon <seller-performance@amazon.de>\n"
     "Betreff: Ihr Verkäuferkonto bei Amazon\nDatum: 30. November 2026 um 10:15:00 MEZ\n"
     "An: shop@blauer-ozean.example.de\n", "2026-12-07T10:15:00+01:00"),
    # Outlook in French: a space before each colon
    ("-----Message d'origine-----\nDe : Amazon <seller-performance@amazon.fr>\n"
     "Envoyé : lundi 30 novembre 2026 11:00\nÀ : boutique@ocean-bleu.example.fr\n"
     "Objet : Votre compte vendeur Amazon\n", "2026-12-07T11:00:00+01:00"),
    # Thunderbird in French
    ("-------- Message transféré --------\nSujet : \tVotre compte vendeur Amazon\n"
     "Date : \tlun. 30 nov. 2026 à 08:45\nDe : \tAmazon <seller-performance@amazon.fr>\n"
     "Pour : \tboutique@ocean-bleu.example.fr\n", "2026-12-07T08:45:00+01:00"),
    # Outlook in Spanish: "Enviado el", "de … de"
    ("-----Mensaje original-----\nDe: Amazon <seller-performance@amazon.es>\n"
     "Enviado el: lunes, 30 de noviembre de 2026 9:20\nPara: tienda@oceano-azul.example.es\n"
     "Asunto: Su cuenta de vendedor de Amazon\n", "2026-12-07T09:20:00+01:00"),
    # Thunderbird in Spanish, a zone abbreviation
    ("-------- Mensaje reenviado --------\nAsunto: \tSu cuenta de vendedor de Amazon\n"
     "Fecha: \t30 de noviembre de 2026, 9:00:00 CET\nDe: \tAmazon <seller-performance@amazon.es>"
     "\nPara: \ttienda@oceano-azul.example.es\n", "2026-12-07T09:00:00+01:00"),
    # Thunderbird in Italian
    ("-------- Messaggio inoltrato --------\nOggetto: \tIl tuo account venditore Amazon\n"
     "Data: \tlunedì 30 novembre 2026 12:00\nMittente: \tAmazon <seller-performance@amazon.it>\n"
     "A: \tnegozio@oceano-blu.example.it\n", "2026-12-07T12:00:00+01:00"),
    # Outlook in Italian, no separator line
    ("Da: Amazon <seller-performance@amazon.it>\nInviato: lunedì 30 novembre 2026 13:10\n"
     "A: negozio@oceano-blu.example.it\nOggetto: Il tuo account venditore Amazon\n",
     "2026-12-07T13:10:00+01:00"),
    # Outlook in Portuguese
    ("-----Mensagem original-----\nDe: Amazon <seller-performance@amazon.com.br>\n"
     "Enviada em: segunda-feira, 30 de novembro de 2026 às 10:00\nPara: loja@example.com.br\n"
     "Assunto: Sua conta de vendedor\n", "2026-12-07T10:00:00+01:00"),
    # Thunderbird in Japanese: the weekday in brackets, a Japanese afternoon
    ("-------- 転送メッセージ --------\n件名: \tアカウントについて\n"
     "日付: \t2026年11月30日(月) 午後2:00\n差出人: \tAmazon <seller-performance@amazon.com>\n"
     "宛先: \tshop@example.jp\n", "2026-12-07T14:00:00+01:00"),
    # Apple Mail in Japanese, Japan's zone named
    ("転送されたメッセージ:\n\n差出人: Amazon <seller-performance@amazon.com>\n"
     "件名: アカウントについて\n日付: 2026年11月30日 9:00:00 JST\n宛先: shop@example.jp\n",
     "2026-12-07T09:00:00+09:00"),
]  # fmt: skip


def _forward(block: str, note: str) -> EmailMessage:
    outer = EmailMessage()
    outer["From"] = "Anna Weber <anna@blauer-ozean.example.de>"
    outer["To"] = "agent@reinstate-helpers.example.com"
    outer["Subject"] = "WG: Konto"
    outer["Date"] = "Thu, 3 Dec 2026 11:45:00 +0100"
    outer.set_content(f"{note}\n\n{block}\n{BODY}")
    return outer


@pytest.mark.parametrize(("block", "deadline_at"), BLOCKS)
def test_a_forward_written_by_a_client_in_another_language_gives_the_original(
    tmp_path: Path, block: str, deadline_at: str
) -> None:
    path = tmp_path / "fwd.eml"
    path.write_bytes(_forward(block, "Kannst du dir das ansehen?").as_bytes(policy=SMTP))
    found = check(path)
    assert (found["verdict"], found["platform"], found["kind"]) == (
        "unverifiable",
        "amazon",
        "suspension",
    )
    assert found["from"].startswith("seller-performance@amazon.")
    assert found["forwarded_by"] == "anna@blauer-ozean.example.de"
    assert (found["reference_id"], found["violations"]) == ("5530981120", ["order_defect_rate"])
    # seven days from when Amazon sent it, not from when it was passed on
    assert found["deadline_at"] == deadline_at


@pytest.mark.parametrize(("block", "deadline_at"), BLOCKS[:1] + BLOCKS[4:5] + BLOCKS[8:9])
def test_a_pasted_forward_in_another_language_gives_the_original(
    tmp_path: Path, block: str, deadline_at: str
) -> None:
    path = tmp_path / "pasted.txt"
    # pasted text has no Date of its own: a time without its zone is on the clock of the
    # Amazon marketplace that sent it (amazon.de, .fr, .it: Central European Time)
    path.write_text(f"Bitte prüfen.\n\n{block}\n{BODY}", encoding="utf-8")
    found = check(path)
    assert (found["verdict"], found["reference_id"]) == ("unverifiable", "5530981120")
    assert found["from"].startswith("seller-performance@amazon.")
    assert found["deadline_at"] == deadline_at


GMAIL_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Fwd: Your Amazon.com selling account - tom@example.com - Gmail</title></head><body>
<h2 class="hP">Fwd: Your Amazon.com selling account</h2><table><tr><td><span class="gD">
Tom Chen</span> <span>&lt;tom@blueocean-home.example.com&gt;</span></td><td>Thu, Dec 3, 2026,
11:45 AM</td></tr><tr><td>to me</td></tr></table><div dir="ltr">Can you check this?<br><br>
<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message
---------<br>From: <strong class="gmail_sendername" dir="auto">Amazon</strong> <span dir="auto">
&lt;<a href="mailto:seller-performance@amazon.com">seller-performance@amazon.com</a>&gt;</span>
<br>Date: Mon, Nov 30, 2026 at 9:00 AM<br>Subject: Your Amazon.com selling account<br>To: &lt;
<a href="mailto:shop@blueocean-home.example.com">shop@blueocean-home.example.com</a>&gt;<br>
</div><br><br><p>Hello,</p><p>We have deactivated your Amazon selling account because your
order defect rate is above 1%.</p><p>Reference ID: 5530981120</p><p>Please submit an appeal
within 7 days in <a href="https://sellercentral.amazon.com/performance/dashboard">Account
Health</a>.</p></div></div></body></html>"""
OUTLOOK_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html;
charset=utf-8"></head><body><div>Bitte ansehen</div><hr tabindex="-1"><div id="divRplyFwdMsg"
dir="ltr"><font face="Calibri"><b>Von:</b> Joom Merchant Support &lt;merchant-support@joom.com&gt;
<br><b>Gesendet:</b> Dienstag, 17. November 2026 14:00<br><b>An:</b> shop@example.de<br>
<b>Betreff:</b> Your store has been suspended</font></div><div><p>Dear merchant,</p><p>Your
Joom store was suspended for counterfeit goods. Case ID: JM-7731.</p><p>Submit your appeal
within 5 days.</p></div></body></html>"""


def test_a_forward_saved_as_a_web_page_is_read_as_the_original_it_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "Fwd_ Your Amazon.com selling account.html"
    path.write_text(GMAIL_PAGE, encoding="utf-8")
    found = check(path)
    assert (found["verdict"], found["kind"], found["reference_id"]) == (
        "unverifiable",
        "suspension",
        "5530981120",
    )
    assert (found["from"], found["subject"]) == (
        "seller-performance@amazon.com",
        "Your Amazon.com selling account",
    )
    # counted from Monday's 9:00 on Amazon's clock, not from the moment the page was read
    assert found["deadline_at"] == "2026-12-07T09:00:00-08:00"
    assert "forwarded" in {s["code"] for s in found["signals"]}
    outlook = tmp_path / "outlook.htm"
    outlook.write_text(OUTLOOK_PAGE, encoding="utf-8")
    joom = check(outlook)
    assert (joom["platform"], joom["reference_id"], joom["from"]) == (
        "joom",
        "JM-7731",
        "merchant-support@joom.com",
    )
    assert joom["deadline_at"] is not None and joom["deadline_at"].startswith("2026-11-22T14:00")
    assert main(["notice", "check", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "Forwarded: the original's sender cannot be checked" in shown
    assert "Deadline: 2026-12-07 09:00 UTC-8" in shown


def test_a_forward_dated_by_a_mail_server_in_utc_reads_the_block_on_the_platforms_clock(
    tmp_path: Path,
) -> None:
    # Gmail in Japanese writes the time without its zone; the forward's own Date is a server's
    # UTC, which says nothing of the clock the forwarder read: Amazon Japan's (Tokyo) is taken,
    # and its working days skip Labour Thanksgiving Day (Monday 23 November)
    outer = EmailMessage()
    outer["From"] = "山田 太郎 <yamada@example.co.jp>"
    outer["To"] = "agent@reinstate-helpers.example.com"
    outer["Subject"] = "転送: アカウントのパフォーマンスについて"
    outer["Date"] = "Mon, 23 Nov 2026 09:00:00 +0000"
    outer.set_content(
        "確認お願いします。\n\n---------- Forwarded message ---------\n"
        "From: Amazon.co.jp <seller-performance@amazon.co.jp>\nDate: 2026年11月20日(金) 10:00\n"
        "Subject: アカウントのパフォーマンスについて\nTo: <shop@example.co.jp>\n\n出品者様\n"
        "お客様の注文不良率が目標値である1%を上回っています。3営業日以内に改善計画をご提出ください。\n"
    )
    path = tmp_path / "fwd.eml"
    path.write_bytes(outer.as_bytes(policy=SMTP))
    found = check(path)
    assert (found["from"], found["kind"]) == ("seller-performance@amazon.co.jp", "metric_alert")
    assert found["date"] == "2026-11-20T10:00:00+09:00"
    assert found["deadline_at"] == "2026-11-26T10:00:00+09:00"
