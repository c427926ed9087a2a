"""Letters on a case: a draft prefilled from the case, a preview (letter, lint, gaps), saved
versions, and the organisation-wide similarity index every preview is checked against.

Example::

    draft = draft_for_case(wb, actor, case_id)          # facts of the case, notice and pack
    review = preview(wb, actor, case_id, draft)         # text, score, problems, gaps
    saved = save_letter(wb, actor, case_id, draft)      # version 1, 2, ...
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..auth.actor import Actor
from ..cases.service import get_case
from ..cases.triage import letter_type_of
from ..errors import N_, Conflict, InvalidInput, NotFound
from ..events import record
from ..policies.schema import Pack
from ..storage.tables import Case, Document, LetterVersion, Notice, SellerAccount
from ..tenancy import restricted
from ..workbench import Workbench
from .compose import LETTER_LANGUAGES, Composed, compose, in_script, substance
from .draft import Answer, Draft, ExhibitLabel, Proof, parse_draft
from .index import LetterIndex, from_bytes, signature, to_bytes
from .lint import LintResult, lint
from .model import ExhibitRange, Letter

ANOTHER_ACCOUNT = N_("another account of this organisation")


@dataclass
class Review:
    draft: Draft
    composed: Composed
    lint: LintResult


def _account(wb: Workbench, case: Case) -> SellerAccount:
    with wb.db.reading() as session:
        account = session.get(SellerAccount, case.account_id)
    if account is None:  # pragma: no cover - a case always has its account
        raise NotFound(N_("There is no account {id}."), id=case.account_id)
    return account


def latest_exhibits(wb: Workbench, actor: Actor, case_id: int) -> list[dict[str, Any]] | None:
    """The exhibit map of the case's last built evidence pack, or None if none was built."""
    from ..evidence.service import latest_pack

    built = latest_pack(wb, actor, case_id)
    return list(built["exhibits"]) if built else None


def quote_for(pack: Pack, code: str, notice_text: str) -> str:
    """The notice's first sentence that speaks of the violation (by the pack's patterns), in
    the script of the platform's letters: a Chinese notice is not quoted in an English letter."""
    violation = pack.violation(code)
    if violation is None or not notice_text:
        return ""
    patterns = violation.patterns.en + violation.patterns.zh
    for sentence in re.split(r"(?<=[.!?])\s+|(?<=[。！？])\s*|\n+", notice_text):
        sentence = " ".join(sentence.split())
        if not in_script(sentence, pack.appeal.language):
            continue
        if 10 <= len(sentence) <= 400 and any(re.search(p, sentence, re.I) for p in patterns):
            return sentence
    return ""


def draft_for_case(wb: Workbench, actor: Actor, case_id: int) -> Draft:
    """The last saved version's answers, or a new draft with the facts filled in: store, seller
    id, the notice's reference, date, items and wording per violation, and per violation the
    exhibits whose documents answer its materials. Root causes, actions and prevention are the
    seller's to give; the pack's likely causes are offered as ``suggestions``, not written in."""
    case = get_case(wb, actor, case_id)
    fresh = _prefilled(wb, actor, case)
    last = _versions(wb, case.id)
    if last:  # the seller's answers as last saved, the exhibit index of the pack as it is now
        saved = parse_draft(last[0].draft)
        return saved.model_copy(update={"exhibits": fresh.exhibits or saved.exhibits})
    return fresh


def _prefilled(wb: Workbench, actor: Actor, case: Case) -> Draft:
    account = _account(wb, case)
    pack = wb.policies.get_pack(case.platform)
    with wb.db.reading() as session:
        notice = session.get(Notice, case.notice_id) if case.notice_id else None
        documents = {
            d.id: d
            for d in session.scalars(
                select(Document).where(Document.case_id == case.id, Document.deleted_at.is_(None))
            )
        }
    report = notice.report if notice else {}
    exhibits = latest_exhibits(wb, actor, case.id) or []
    answers = []
    for code in case.violations:
        violation = pack.violation(code)
        wanted = set(violation.materials) if violation else set()
        proofs = []
        for exhibit in exhibits:
            document = documents.get(exhibit["document_id"])
            found = [m for m in (document.materials if document else []) if m in wanted]
            if found:
                title = pack.materials[found[0]].name.get(pack.appeal.language)
                proofs.append(
                    Proof(text=title, exhibit=exhibit["exhibit"], page=exhibit["first_page"])
                )
        answers.append(
            Answer(
                violation=code,
                quote=quote_for(pack, code, str(report.get("text", ""))),
                evidence=proofs,
            )
        )
    labels = []
    for exhibit in exhibits:
        document = documents.get(exhibit["document_id"])
        material = document.materials[0] if document and document.materials else None
        title = (
            pack.materials[material].name.get(pack.appeal.language)
            if material in pack.materials
            else str(exhibit["file"])
        )
        labels.append(
            ExhibitLabel(
                exhibit=exhibit["exhibit"],
                title=title[:200],
                first_page=exhibit["first_page"],
                last_page=exhibit["last_page"],
            )
        )
    items = (
        list(report.get("skus", []))
        + list(report.get("asins", []))
        + list(report.get("product_ids", []))
        + list(report.get("order_ids", []))
    )
    return Draft(
        platform=case.platform,
        store_name=account.store_name[:200],
        seller_id=account.seller_id[:200],
        reference_id=(notice.reference_id or "") if notice else "",
        notice_date=_notice_date(notice, report) if notice else None,
        items=items[:200],
        answers=answers,
        signatory=_in_letter_language(account.legal_representative, pack)[:200],
        exhibits=labels,
        variant=f"{case.org_id}/{case.account_id}",
    )


def _in_letter_language(name: str, pack: Pack) -> str:
    """A name in Chinese characters is not offered for an English letter (the platform would
    read it as the wrong language): the person signs in the letter's script."""
    return name if in_script(name, pack.appeal.language) else ""


def suggestions(pack: Pack, code: str, language: str) -> list[str]:
    violation = pack.violation(code)
    return [cause.get(language) for cause in violation.root_causes] if violation else []


def preview(
    wb: Workbench, actor: Actor, case_id: int, draft: Draft, language: str | None = None
) -> Review:
    """The letter for these answers, linted against the case (violations, notice items, the
    evidence pack) and against every letter of the organisation's other accounts."""
    case = get_case(wb, actor, case_id)
    pack = wb.policies.get_pack(case.platform)
    draft = _bound_to(case, draft)
    composed = compose(
        draft,
        pack,
        letter_type=draft.letter_type or letter_type_of(case, pack),
        language=clean_letter_language(language),
    )
    exhibits = latest_exhibits(wb, actor, case.id)
    items = draft.items
    matches = organisation_index(wb, case.org_id).query(
        signature(substance(draft)), exclude_owner=case.account_id
    )
    if restricted(actor):  # the organisation's other accounts are not theirs to name
        matches = [m.__class__(m.key, m.owner, ANOTHER_ACCOUNT, m.share) for m in matches]
    letter = Letter(
        composed.text,
        pack,
        list(case.violations),
        items,
        ExhibitRange.from_map(exhibits) if exhibits is not None else None,
        similar=matches,
        letter_type=composed.letter_type,
        language=composed.language,
    )
    return Review(draft, composed, lint(letter))


def clean_letter_language(language: str | None) -> str | None:
    if language is None or not language.strip():
        return None
    code = language.strip().lower()
    if code not in LETTER_LANGUAGES:
        raise InvalidInput(
            N_("{field} must be one of: {choices}."),
            field="letter_language",
            choices=", ".join(LETTER_LANGUAGES),
        )
    return code


def _bound_to(case: Case, draft: Draft) -> Draft:
    """A draft always speaks for its own case: its platform and its account's wording."""
    return draft.model_copy(
        update={"platform": case.platform, "variant": f"{case.org_id}/{case.account_id}"}
    )


SAVE_ATTEMPTS = 50  # each simultaneous save of the case costs a loser one more attempt


def save_letter(
    wb: Workbench, actor: Actor, case_id: int, draft: Draft, language: str | None = None
) -> LetterVersion:
    """Keep this version (the next number for the case) and index it for similarity.

    Simultaneous saves all succeed with consecutive numbers: the UNIQUE (case, version)
    constraint refuses a number taken meanwhile, and the save is tried again with the next
    number in a fresh transaction (the same on SQLite and PostgreSQL, with no lock to take)."""
    actor.require_change()
    review = preview(wb, actor, case_id, draft, language)
    case = get_case(wb, actor, case_id)
    for _ in range(SAVE_ATTEMPTS):
        try:
            return _store_version(wb, actor, case, review)
        except IntegrityError:
            if not _numbered(wb, case.id):  # no number was taken meanwhile: a real fault
                raise
    raise Conflict(N_("Too many versions of this letter are being saved at once: save again."))


def _notice_date(notice: Notice, report: dict[str, Any]) -> date:
    """The day the notice was sent, as its email says (the sender's own day), else the day it
    was stored: a notice uploaded a day later is not dated by the upload."""
    try:
        return datetime.fromisoformat(str(report["date"])).date()
    except (KeyError, TypeError, ValueError):
        return notice.created_at.date()


def _numbered(wb: Workbench, case_id: int) -> bool:
    with wb.db.reading() as session:
        found = session.scalar(select(LetterVersion.id).where(LetterVersion.case_id == case_id))
    return found is not None


def _store_version(wb: Workbench, actor: Actor, case: Case, review: Review) -> LetterVersion:
    with wb.db.transaction() as session:
        number = (
            session.scalar(
                select(func.max(LetterVersion.version)).where(LetterVersion.case_id == case.id)
            )
            or 0
        ) + 1
        saved = LetterVersion(
            org_id=case.org_id,
            case_id=case.id,
            account_id=case.account_id,
            version=number,
            platform=case.platform,
            language=review.composed.language,
            draft=review.draft.model_dump(mode="json"),
            text=review.composed.text,
            score=review.lint.score,
            signature=to_bytes(signature(substance(review.draft))),
            author_id=actor.user_id,
            created_at=wb.clock.now(),
        )
        session.add(saved)
        session.flush()
        record(
            session,
            actor,
            wb.clock,
            "letter.saved",
            account_id=case.account_id,
            case_id=case.id,
            subject=f"v{number}",
            after={"version": number, "score": review.lint.score},
        )
        session.expunge(saved)
    return saved


def _versions(wb: Workbench, case_id: int) -> list[LetterVersion]:
    with wb.db.reading() as session:
        return list(
            session.scalars(
                select(LetterVersion)
                .where(LetterVersion.case_id == case_id)
                .order_by(LetterVersion.version.desc())
            )
        )


def letters_of(wb: Workbench, actor: Actor, case_id: int) -> list[LetterVersion]:
    """The case's saved versions, newest first."""
    return _versions(wb, get_case(wb, actor, case_id).id)


def get_letter(wb: Workbench, actor: Actor, case_id: int, version: int) -> LetterVersion:
    for saved in letters_of(wb, actor, case_id):
        if saved.version == version:
            return saved
    raise NotFound(
        N_("Case {case} has no letter version {version}."), case=case_id, version=version
    )


_INDEXES: dict[tuple[str, int], tuple[int, LetterIndex]] = {}
_LOCK = threading.Lock()
LATE_COMMIT_MARGIN = 100  # ids below the last seen that a slower transaction may still commit


def organisation_index(wb: Workbench, org_id: int) -> LetterIndex:
    """Every saved letter of the organisation, kept in memory per process and topped up with
    the letters saved since the last look."""
    key = (wb.settings.resolved_database_url(), org_id)
    with _LOCK:
        kept = _INDEXES.get(key)  # a new index only when there is none yet
        seen, index = kept if kept is not None else (0, LetterIndex())
        with wb.db.reading() as session:
            newest = session.scalar(
                select(func.max(LetterVersion.id)).where(LetterVersion.org_id == org_id)
            )
            if (newest or 0) < seen:  # another database behind the same address: start again
                seen, index = 0, LetterIndex()
            rows = session.execute(
                select(
                    LetterVersion.id,
                    LetterVersion.account_id,
                    LetterVersion.case_id,
                    LetterVersion.version,
                    LetterVersion.signature,
                    SellerAccount.store_name,
                )
                .join(SellerAccount, SellerAccount.id == LetterVersion.account_id)
                .where(
                    LetterVersion.org_id == org_id,
                    LetterVersion.id > seen - LATE_COMMIT_MARGIN,
                )
                .order_by(LetterVersion.id)
            ).all()
        for row in rows:
            index.add(
                row.id,
                owner=row.account_id,
                label=f"{row.store_name} (case {row.case_id}, v{row.version})",
                minhash=from_bytes(row.signature),
            )
            seen = max(seen, row.id)
        _INDEXES[key] = (seen, index)
        return index
