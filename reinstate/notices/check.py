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
from .deadlines import marketplace_of, pack_zone
from .diagnosis import Diagnosis, diagnose
from .envelope import NO_ENVELOPE, read_envelope
from .extract import Facts, extract_facts, scanned_text
from .forwards import Forward, forwarded, forwarded_signal
from .kinds import ACTIONABLE_VERDICTS, offer
from .parse import ParsedNotice, read_notice_headers
from .sent_times import sent_time
from .signals import STRONG


@dataclass
class NoticeReport:
    notice: ParsedNotice
    judgement: Judgement
    facts: Facts
    diagnosis: Diagnosis
    original: ParsedNotice | None = None  # the mail a forward carries, its facts read from it
    forwarded_by: str = ""  # who passed it on ("" when pasted text does not say)


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
    # the platform's own authenticated mail speaks for itself, whatever it quotes
    forward = forwarded(notice, msg) if judgement.verdict != "genuine" else None
    original = forward.original if forward is not None else None
    if forward is not None:
        judgement = _judge_forward(forward, judgement, packs)
    pack = packs[judgement.platform] if judgement.platform else None
    if forward is not None and forward.original.date is None and forward.sent:
        # a time written without its zone, in a forward that gives none: the platform's
        local = marketplace_of(pack, forward.original.from_address, forward.original.text)
        forward.original.date = sent_time(forward.sent, pack_zone(pack, local))
    facts = extract_facts(original or notice, pack, today=today, now=now)
    if judgement.verdict not in ACTIONABLE_VERDICTS:
        facts.deadline = facts.deadline_at = facts.deadline_source = None
    text = scanned_text(notice)
    diagnosis = diagnose(
        judgement.verdict, facts, pack, text, today=today, email=notice.kind == "email"
    )
    by = forward.by if forward is not None else ""
    return NoticeReport(notice, judgement, facts, diagnosis, original, by)


def _judge_forward(forward: Forward, outer: Judgement, packs: Policies) -> Judgement:
    """A forward is judged by the mail it passes on: its sender's domain and links decide
    phishing, and, its authentication being the forwarder's, it is never more than
    unverifiable. What the forward itself shows of phishing (other than its sender not being
    the platform's, which a forward's never is) still counts."""
    inner = judge(forward.original, packs)
    kept = [s for s in outer.signals if s.weight == STRONG and not s.code.startswith("sender_")]
    signals = [forwarded_signal(forward.by), *inner.signals, *kept]
    if inner.verdict == "phishing" or kept:
        verdict = "phishing"
    elif inner.verdict == "suspicious":
        verdict = "suspicious"
    else:
        verdict = "unverifiable"
    return Judgement(verdict, inner.platform or outer.platform, signals)


def report_document(report: NoticeReport, language: str = "en") -> dict[str, Any]:
    """The SPEC §6 document of ``notice check --json``, with more fields after the fixed ones."""
    facts, notice, diagnosis = report.facts, report.notice, report.diagnosis
    original = report.original
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
        "from": _sender(notice, original),
        "from_quoted": original is not None
        or (not notice.from_address and bool(notice.quoted_from)),
        "subject": mask_ids_in_text((original or notice).subject, valid_only=True) or None,
        "date": (original or notice).date.isoformat() if (original or notice).date else None,
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
        # the listings' ids of AliExpress, Shopee, Temu and TikTok Shop (Amazon's: "asins")
        "product_ids": facts.product_ids,
        # a forward: who passed the original on (its "from" is the original's sender)
        "forwarded_by": report.forwarded_by or None if original is not None else None,
    }


def _sender(notice: ParsedNotice, original: ParsedNotice | None) -> str | None:
    if original is not None:
        return original.from_address or original.from_name or None
    return notice.from_address or notice.quoted_from or None


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
