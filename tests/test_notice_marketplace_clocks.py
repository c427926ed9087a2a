"""A day an Amazon marketplace in Europe names without a time ends at midnight where that
marketplace is (London, Berlin …), as its seller reads it, not at midnight in Seattle; its
business days are that country's; and its windows written in its language ("innerhalb von 17
Tagen", "sous 48 heures", "en un plazo de 4 días hábiles") are its deadline."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest

from reinstate.notices.check import check_notice, report_document
from reinstate.policies.loader import load_policies


@pytest.mark.parametrize(
    ("domain", "sentence", "deadline_at"),
    [
        ("amazon.co.uk", "Submit a plan of action by 10 December 2026.",
         "2026-12-10T23:59:59+00:00"),
        ("amazon.de", "Submit a plan of action by 10 December 2026.",
         "2026-12-10T23:59:59+01:00"),
        # sent Thursday 24 December 09:30 in London: Christmas, Boxing Day (its Monday
        # substitute) and the weekend are no business days in England
        ("amazon.co.uk", "Submit a plan of action within 2 business days.",
         "2026-12-30T09:30:00+00:00"),
    ],
)  # fmt: skip
def test_a_european_marketplaces_deadline_is_on_its_own_clock(
    tmp_path: Path, domain: str, sentence: str, deadline_at: str
) -> None:
    msg = EmailMessage()
    msg["From"] = f"Amazon Seller Performance <seller-performance@{domain}>"
    msg["To"] = "shop@blueocean-home.example.com"
    msg["Subject"] = "Your selling privileges have been deactivated"
    msg["Date"] = "Thu, 24 Dec 2026 09:30:00 +0000"
    msg["Authentication-Results"] = f"mx.example.com; dkim=pass header.d={domain}; dmarc=pass"
    msg.set_content(f"Hello,\n\nYour selling privileges have been deactivated.\n{sentence}\n")
    path = tmp_path / "amazon.eml"
    path.write_bytes(msg.as_bytes(policy=SMTP))
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=date(2026, 12, 24))
    found = report_document(report)
    assert (found["verdict"], found["kind"]) == ("genuine", "suspension")
    assert found["deadline_at"] == deadline_at


@pytest.mark.parametrize(
    ("domain", "body", "deadline_at"),
    [
        ("amazon.de", "Ihr Verkäuferkonto wurde deaktiviert. Bitte reichen Sie innerhalb von 17 "
         "Tagen einen Aktionsplan ein.", "2026-12-19T10:00:00+01:00"),
        ("amazon.fr", "Votre compte vendeur a été désactivé. Vous pouvez faire appel sous 48 "
         "heures.", "2026-12-04T10:00:00+01:00"),
        # Thursday 3, Friday 4, Monday 7, then Wednesday 9 December: the Immaculate Conception
        # (Tuesday the 8th) is a holiday in Spain
        ("amazon.es", "Su cuenta de vendedor ha sido desactivada. Envíe un plan de acción en un "
         "plazo de 4 días hábiles.", "2026-12-09T10:00:00+01:00"),
        ("amazon.it", "Il tuo account venditore è stato disattivato. Invia un piano d'azione "
         "entro 3 giorni lavorativi.", "2026-12-07T10:00:00+01:00"),
    ],
)  # fmt: skip
def test_a_window_written_in_a_european_language_is_the_deadline(
    tmp_path: Path, domain: str, body: str, deadline_at: str
) -> None:
    msg = EmailMessage()
    msg["From"] = f"Amazon <seller-performance@{domain}>"
    msg["To"] = "shop@blueocean-home.example.com"
    msg["Subject"] = "Amazon"
    msg["Date"] = "Wed, 02 Dec 2026 10:00:00 +0100"
    msg["Authentication-Results"] = f"mx.example.com; dkim=pass header.d={domain}; dmarc=pass"
    msg.set_content(f"{body}\n")
    path = tmp_path / "amazon.eml"
    path.write_bytes(msg.as_bytes(policy=SMTP))
    report = check_notice(path.read_bytes(), path.name, load_policies(), today=date(2026, 12, 2))
    found = report_document(report)
    assert (found["deadline_at"], found["deadline_source"]) == (deadline_at, "relative")
