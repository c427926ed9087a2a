"""Check a notice end to end: read it, judge it, extract its facts, diagnose it.

>>> from reinstate.policies.loader import load_policies
>>> report = check_notice(b"From: Joom <support@joom.com>\\nSubject: Store suspended\\n"
...     b"Authentication-Results: mx.example; dmarc=pass header.from=joom.com\\n\\n"
...     b"Your store is suspended for counterfeit goods.", "n.eml", load_policies(),
...     today=date(2026, 11, 18))
>>> (report.judgement.verdict, report.judgement.platform, report.facts.violations)
('genuine', 'joom', ['counterfeit'])
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..ids import mask_ids_in_text
from ..policies.loader import Policies
from ..policies.schema import Triage
from .authenticity import Judgement, judge
from .diagnosis import Diagnosis, diagnose
from .envelope import NO_ENVELOPE, read_envelope
from .extract import Facts, extract_facts, scanned_text
from .kinds import ACTIONABLE_VERDICTS, offer
from .parse import ParsedNotice, read_notice_headers


@dataclass
class NoticeReport:
    notice: ParsedNotice
    judgement: Judgement
    facts: Facts
    diagnosis: Diagnosis


def check_notice(
    data: bytes,
    filename: str | None,
    packs: Policies,
    *,
    today: date,
    now: datetime | None = None,
) -> NoticeReport:
    """``now`` starts a relative deadline ("within 72 hours") when the notice has no ``Date``.
    A notice judged phishing or suspicious keeps no deadline: nobody should act on it."""
    notice, msg = read_notice_headers(data, filename)
    envelope = read_envelope(data, msg) if notice.kind == "email" else NO_ENVELOPE
    judgement = judge(notice, packs, envelope)
    pack = packs[judgement.platform] if judgement.platform else None
    facts = extract_facts(notice, pack, today=today, now=now)
    if judgement.verdict not in ACTIONABLE_VERDICTS:
        facts.deadline = facts.deadline_at = facts.deadline_source = None
    text = scanned_text(notice)
    diagnosis = diagnose(
        judgement.verdict, facts, pack, text, today=today, email=notice.kind == "email"
    )
    return NoticeReport(notice, judgement, facts, diagnosis)


def report_document(report: NoticeReport, language: str = "en") -> dict[str, Any]:
    """The SPEC §6 document of ``notice check --json``, with more fields after the fixed ones."""
    facts, notice, diagnosis = report.facts, report.notice, report.diagnosis
    return {
        "verdict": report.judgement.verdict,
        "platform": report.judgement.platform,
        "signals": [
            {"code": s.code, "detail": s.detail, "weight": s.weight}
            | ({"message": s.message, "params": dict(s.params)} if s.message else {})
            for s in report.judgement.signals
        ],
        "violations": facts.violations,
        "reference_id": facts.reference_id,
        "deadline": facts.deadline.isoformat() if facts.deadline else None,
        "skus": facts.skus,
        "asins": facts.asins,
        "order_ids": facts.order_ids,
        "kind": facts.kind,
        "deadline_at": facts.deadline_at.isoformat() if facts.deadline_at else None,
        "offers": offer(facts.kind, report.judgement.verdict),
        "reply_to": facts.reply_to,
        "deadline_source": facts.deadline_source,
        "policy_sections": facts.policy_sections,
        # pasted text's "From:" line is shown as the sender it names (never judged as one)
        "from": notice.from_address or notice.quoted_from or None,
        "from_quoted": not notice.from_address and bool(notice.quoted_from),
        "subject": mask_ids_in_text(notice.subject, valid_only=True) or None,
        "date": notice.date.isoformat() if notice.date else None,
        "links": [
            {
                "text": mask_ids_in_text(link.text, valid_only=True),
                "href": link.href,
                "host": link.host,
            }
            for link in notice.links
        ],
        "attachments": notice.attachments,
        # identity numbers in a notice (the legal representative's) are masked, as everywhere
        "text": mask_ids_in_text(notice.text[:100_000], valid_only=True),
        "diagnosis": _diagnosis(diagnosis, language),
    }


def _diagnosis(d: Diagnosis, language: str) -> dict[str, Any]:
    return {
        "days_left": d.days_left,
        "review_working_days": list(d.review_working_days) if d.review_working_days else None,
        "max_attempts": d.max_attempts,
        "after_max_attempts": d.after_max_attempts.get(language) if d.after_max_attempts else None,
        "min_resubmit_hours": d.min_resubmit_hours,
        "root_causes": {code: [c.get(language) for c in v.root_causes] for code, v in d.violations},
        "materials": [
            {
                "id": key,
                "name": m.name.get(language),
                "mandatory": m.mandatory,
                "valid_when": m.valid_when.get(language),
            }
            for key, m in d.materials
        ],
        "triage": [_triage(t, language) for t in d.triage],
        "advice": d.advice,
    }


def _triage(triage: Triage, language: str) -> dict[str, Any]:
    answers = [
        {
            "answer": a.answer.get(language),
            "meaning": a.meaning.get(language),
            "next_steps": [step.get(language) for step in a.next_steps],
        }
        for a in triage.answers
    ]
    return {"question": triage.question.get(language), "answers": answers}
