"""The deliverables after a decision (issue 19): the failure review after a rejection (the
platform's reply, the materials missing at the submission, the letter's problems, the plan for
the next attempt; one free per engagement) and the prevention checklist after a reinstatement,
both read back from the PDF in Chinese and English; refusals; the downloads from the case page
and the quote accepted there."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from reinstate.cases.service import apply_event, open_case
from reinstate.cli import main
from reinstate.clock import FrozenClock
from reinstate.evidence.service import checklist
from reinstate.i18n import gettext_for, render
from reinstate.letters.service import draft_for_case, preview, save_letter
from reinstate.metrics.definitions import VIOLATION_METRICS
from reinstate.notices.service import store_notice
from reinstate.provider.service import QuoteOptions, accept_quote
from reinstate.storage.tables import Engagement, Event
from reinstate.workbench import Workbench

from .conftest import World
from .persona_world import NOTICE

REPLY_WORDS = (
    "Your appeal was reviewed and rejected: the invoices provided do not show the supplier's "
    "right to sell the brand."
)


def _reply_eml(clock: FrozenClock) -> bytes:
    """The platform's answer to the appeal, as a mail from Joom's merchant support."""
    message = EmailMessage()
    message["From"] = "Joom Merchant Support <merchant-support@joom.com>"
    message["To"] = "ops@blueocean-home.example.com"
    message["Subject"] = "Appeal result: rejected"
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = "<appeal-result-1@joom.com>"
    message["Authentication-Results"] = (
        "mx.example.net; spf=pass smtp.mailfrom=joom.com; dkim=pass header.d=joom.com; "
        "dmarc=pass header.from=joom.com"
    )
    message.set_content(f"Dear merchant,\n\n{REPLY_WORDS}\n\nJoom Merchant Team\n")
    return message.as_bytes()


def _text(path: Path | bytes) -> str:
    source: Any = path if isinstance(path, Path) else __import__("io").BytesIO(path)
    return "".join(page.extract_text() for page in PdfReader(source).pages)


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _cli(monkeypatch: pytest.MonkeyPatch, wb: Workbench, database_url: str) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", database_url)
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(wb.settings.data_dir))


def _rejected_case(wb: Workbench, world: World, clock: FrozenClock) -> int:
    """A Joom counterfeit case with a saved letter and no documents, submitted and rejected,
    the platform's reply kept on the account."""
    owner = world.actor(wb, "owner")
    notice = store_notice(wb, owner, world.account_a, NOTICE.read_bytes(), NOTICE.name)
    case = open_case(wb, owner, world.account_a, ["counterfeit"], notice_id=notice.id).id
    save_letter(wb, owner, case, draft_for_case(wb, owner, case))
    clock.set(clock.now() + timedelta(hours=2))
    apply_event(wb, owner, case, "submitted")
    clock.set(clock.now() + timedelta(days=2))
    store_notice(wb, owner, world.account_a, _reply_eml(clock), "appeal-result.eml")
    apply_event(wb, owner, case, "rejected")
    clock.set(clock.now() + timedelta(hours=1))
    return case


def test_the_failure_review_reads_back_in_both_languages_and_one_is_free(
    wb: Workbench,
    world: World,
    clock: FrozenClock,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    owner = world.actor(wb, "owner")
    _cli(monkeypatch, wb, database_url)
    out = tmp_path / "review.pdf"
    # before any rejection: refused in one sentence
    early = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    assert main(["deliverable", "review", str(early), "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert (
        error.strip().endswith("a failure review follows a rejection.") and "Traceback" not in error
    )
    assert not out.exists()

    case = _rejected_case(wb, world, clock)
    accept_quote(wb, owner, case, QuoteOptions())
    pack = wb.policies.get_pack("joom")
    missing = [i.material for i in checklist(wb, owner, case) if i.status != "provided"]
    assert missing  # no document was added
    saved = draft_for_case(wb, owner, case)
    findings = preview(wb, owner, case, saved).lint.findings
    assert findings  # the prefilled letter is not finished

    assert main(["deliverable", "review", str(case), "--out", str(out), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["number"] == 1 and document["chargeable"] is False
    text = _text(out)
    squeezed = _squeezed(text)
    assert "申诉失败复盘" in squeezed and "Failure review" in text
    assert _squeezed(REPLY_WORDS) in squeezed  # the rejection's own words
    for material in missing:
        assert _squeezed(material.name.en) in squeezed and _squeezed(material.name.zh) in squeezed
    english = render(gettext_for("en"), findings[0].message, findings[0].params)
    chinese = render(gettext_for("zh_CN"), findings[0].message, findings[0].params)
    assert english != chinese
    assert _squeezed(english)[:40] in squeezed and _squeezed(chinese)[:20] in squeezed
    assert pack.appeal.max_attempts == 3
    assert "Attemptsleft:2of3" in squeezed and "剩余申诉次数：2/3" in squeezed
    assert "免费" in squeezed and "free" in text

    # the same rejection again: the same review, not a second one
    assert main(["deliverable", "review", str(case), "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["number"] == 1
    # a second rejection: the engagement's second review is chargeable at the list's line
    clock.set(clock.now() + timedelta(hours=pack.appeal.min_resubmit_hours + 1))
    apply_event(wb, owner, case, "submitted")
    clock.set(clock.now() + timedelta(days=1))
    reason = "Die Rechnungen\n  nennen den Lieferanten nicht."  # as pasted from the platform
    assert main(["case", "event", str(case), "rejected", "--note", reason]) == 0
    capsys.readouterr()
    assert main(["deliverable", "review", str(case), "--out", str(out), "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert (second["number"], second["chargeable"]) == (2, True)
    assert (second["amount"], second["currency"]) == ("600.00", "CNY")
    squeezed = _squeezed(_text(out))
    assert "600.00CNY" in squeezed and "收费" in squeezed and "chargeable" in squeezed
    assert "DieRechnungennennendenLieferantennicht." in squeezed  # the reason recorded
    assert "Attemptsleft:1of3" in squeezed and "最后一次机会" in squeezed
    with wb.db.reading() as session:
        names = session.scalars(
            select(Event.after).where(Event.case_id == case, Event.name == "deliverable.review")
        ).all()
        assert session.scalar(select(Engagement.id).where(Engagement.case_id == case))
    assert [a["number"] for a in names if a] == [1, 2]


def test_the_prevention_checklist_reads_back_after_a_reinstatement(
    wb: Workbench,
    world: World,
    clock: FrozenClock,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    owner = world.actor(wb, "owner")
    _cli(monkeypatch, wb, database_url)
    case = open_case(wb, owner, world.account_a2, ["late_shipment"]).id  # an Amazon account
    draft = draft_for_case(wb, owner, case).model_dump(mode="json")
    draft["answers"][0]["root_causes"] = ["ERP 延迟上传发货确认，周末无人值守"]
    draft["answers"][0]["prevention"] = [
        {
            "text": "Confirm every shipment in Seller Central the same day",
            "owner": "warehouse lead",
            "frequency": "daily",
        }
    ]
    save_letter(wb, owner, case, draft_for_case(wb, owner, case).model_validate(draft))
    out = tmp_path / "prevention.pdf"
    assert main(["deliverable", "prevention", str(case), "--out", str(out)]) == 1
    assert (
        capsys.readouterr().err.strip().endswith("a prevention checklist follows a reinstatement.")
    )
    apply_event(wb, owner, case, "submitted")
    apply_event(wb, owner, case, "reinstated")
    assert main(["deliverable", "prevention", str(case), "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["checks"] >= 3
    text = _text(out)
    squeezed = _squeezed(text)
    assert "预防清单" in squeezed and "Prevention checklist" in text
    assert _squeezed("ERP 延迟上传发货确认，周末无人值守") in squeezed  # the cause as written
    assert _squeezed("Confirm every shipment in Seller Central the same day") in squeezed
    assert "warehouselead" in squeezed and "daily" in text
    pack = wb.policies.get_pack("amazon")
    metric = pack.metrics[VIOLATION_METRICS["late_shipment"]]
    assert _squeezed(metric.name.en) in squeezed and _squeezed(metric.name.zh) in squeezed
    assert f"{metric.target * 100:g}%" in squeezed  # the pack's target
    violation = pack.violation("late_shipment")
    assert violation is not None
    shown = [pack.materials[m] for m in violation.materials if not pack.materials[m].letter]
    assert shown and all(_squeezed(m.name.zh) in squeezed for m in shown)


def test_the_case_page_offers_the_deliverables_and_accepts_the_quote(
    as_persona: Any, wb: Workbench, world: World, clock: FrozenClock
) -> None:
    case = _rejected_case(wb, world, clock)
    seller = as_persona("client")
    page = seller.client.get(f"/cases/{case}").text
    assert 'id="accept-quote"' not in page  # the client does not accept for the provider
    # the client reads a review only once the team has issued it: no link to a 409 before
    assert f"/cases/{case}/deliverables/review.pdf" not in page
    assert seller.client.get(f"/cases/{case}/deliverables/review.pdf").status_code == 409
    owner = as_persona("owner")
    page = owner.client.get(f"/cases/{case}").text
    assert 'id="accept-quote"' in page and "/deliverables/report.pdf" in page
    assert "/deliverables/prevention.pdf" not in page  # not reinstated
    refused = owner.post(
        f"/cases/{case}/engagement/quote",
        {"kind": "metric", "working_days": "0"},
        page=f"/cases/{case}",
    )
    assert refused.status_code == 422 and "working days" in refused.text
    choices = {"kind": "suspension", "rush": "yes", "language_de": "yes", "working_days": "2"}
    shown = owner.post(f"/cases/{case}/engagement/quote", choices, page=f"/cases/{case}")
    assert shown.status_code == 200 and 'id="quote-shown"' in shown.text
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', shown.text)
    assert digest is not None
    accepted = owner.post(
        f"/cases/{case}/engagement", {**choices, "digest": digest[1]}, page=f"/cases/{case}"
    )
    assert accepted.status_code == 303, accepted.text
    page = owner.client.get(f"/cases/{case}").text
    assert 'id="engagement"' in page and 'id="accept-quote"' not in page
    issued = owner.client.get(f"/cases/{case}/deliverables/review.pdf")
    assert issued.status_code == 200 and issued.headers["content-type"] == "application/pdf"
    assert "Failure review" in _text(issued.content)
    assert f"/cases/{case}/deliverables/review.pdf" in seller.client.get(f"/cases/{case}").text
    read = seller.client.get(f"/cases/{case}/deliverables/review.pdf")
    assert read.status_code == 200 and _squeezed(REPLY_WORDS) in _squeezed(_text(read.content))
    report = seller.client.get(f"/cases/{case}/deliverables/report.pdf")
    assert report.status_code == 200 and "Root-cause analysis report" in _text(report.content)
    assert owner.client.get(f"/cases/{case}/deliverables/prevention.pdf").status_code == 409


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_deliverables_section_speaks_the_readers_language(
    as_persona: Any, wb: Workbench, world: World, clock: FrozenClock, language: str
) -> None:
    case = _rejected_case(wb, world, clock)
    owner = as_persona("owner")
    owner.post("/language", {"language": language, "next": "/"}, page="/settings")
    page = owner.client.get(f"/cases/{case}").text
    wanted = "失败复盘" if language == "zh_CN" else "Failure review of the latest rejection"
    assert wanted in page
    assert ("接受报价" if language == "zh_CN" else "Accept the quote") in page


def test_a_rejection_recorded_on_the_case_page_keeps_the_platforms_reason(
    as_persona: Any, wb: Workbench, world: World
) -> None:
    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    apply_event(wb, owner, case, "submitted")
    member = as_persona("owner")
    assert 'name="note"' in member.client.get(f"/cases/{case}").text
    reason = "The brand authorisation\r\nhas expired."
    moved = member.post(
        f"/cases/{case}/event", {"event": "rejected", "note": reason}, page=f"/cases/{case}"
    )
    assert moved.status_code == 303, moved.text
    with wb.db.reading() as session:
        after = session.scalar(
            select(Event.after).where(Event.case_id == case, Event.name == "case.rejected")
        )
    assert after is not None and after["note"] == "The brand authorisation has expired."
    review = member.client.get(f"/cases/{case}/deliverables/review.pdf")
    assert "The brand authorisation has expired." in " ".join(_text(review.content).split())
