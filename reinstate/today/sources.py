"""Where the Today page's lines come from: one small function per source, each given the same
:class:`Context` (one session, one ``now``) and returning its lines. A context that adds a
source (verification risk, association flags, the provider's SLA) writes such a function and
adds it to :data:`SOURCES`; nothing else changes.

Example::

    def accounts_flagged(ctx: Context) -> list[TodayItem]:
        return [TodayItem(section="at_risk", kind="association", ...) for ... in ...]

    SOURCES.append(accounts_flagged)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.actor import Actor
from ..cases import rules as case_rules
from ..errors import N_
from ..evidence.service import ChecklistItem, build_checklist, latest_letters
from ..i18n import gettext_for
from ..labels import CHECKLIST_STATE_LABELS
from ..policies.schema import Text
from ..storage.tables import Case, Document, Notice, SellerAccount, Verification
from ..tenancy import scope
from ..verification import rules as video_rules
from ..workbench import Workbench
from .views import TodayItem

HORIZON = timedelta(hours=72)  # "deadlines in the next 72 hours"
NEW_NOTICES = timedelta(hours=72)  # a notice stored in the last 72 hours is new


@dataclass
class Context:
    """What every source is given: the member, one session and one ``now``."""

    wb: Workbench
    actor: Actor
    session: Session
    now: datetime
    accounts: dict[int, SellerAccount] = field(default_factory=dict)  # the ones they see

    @property
    def horizon(self) -> datetime:
        return self.now + HORIZON

    def store(self, account_id: int) -> str:
        found = self.accounts.get(account_id)
        return found.store_name if found else ""


Source = Callable[[Context], list[TodayItem]]


def _soon(moment: datetime, now: datetime) -> str:
    return "high" if moment <= now + timedelta(hours=24) else "medium"


def case_deadlines(ctx: Context) -> list[TodayItem]:
    """Appeals due in the next 72 hours, and those whose deadline has passed unanswered."""
    query = scope(select(Case), ctx.actor, Case).where(
        Case.state.in_(case_rules.WAITING), Case.due_at.is_not(None), Case.due_at <= ctx.horizon
    )
    items = []
    for case in ctx.session.scalars(query.order_by(Case.due_at, Case.id)):
        assert case.due_at is not None
        passed = case.due_at < ctx.now  # the deadline itself is still in time
        items.append(
            TodayItem(
                section="deadlines",
                kind="case_overdue" if passed else "case_due",
                severity="high" if passed else _soon(case.due_at, ctx.now),
                message=N_("Case #{case} of {store}: the deadline to answer has passed")
                if passed
                else N_("Case #{case} of {store}: the appeal is due"),
                params={"case": case.id, "store": ctx.store(case.account_id)},
                account_id=case.account_id,
                store_name=ctx.store(case.account_id),
                at=case.due_at,
                link=f"/cases/{case.id}",
            )
        )
    return items


def answers_to_give(ctx: Context) -> list[TodayItem]:
    """Appeals the platform rejected or asked more of, with no new deadline set: the next
    submission is the seller's to make (from when the platform takes it), not a clock that ran
    out, and must not drop off the page because no day was given."""
    query = scope(select(Case), ctx.actor, Case).where(
        Case.state.in_(("rejected", "info_requested")), Case.due_at.is_(None)
    )
    items = []
    for case in ctx.session.scalars(query.order_by(Case.updated_at, Case.id)):
        rejected = case.state == "rejected"
        wait = case.resubmit_not_before if rejected else None
        items.append(
            TodayItem(
                section="deadlines",
                kind="case_rejected" if rejected else "case_info_requested",
                severity="high" if wait is None or wait <= ctx.now else "medium",
                message=(
                    N_("Case #{case} of {store}: the appeal was rejected; submit it again")
                    if rejected
                    else N_("Case #{case} of {store}: the platform asked for more information")
                ),
                params={"case": case.id, "store": ctx.store(case.account_id)},
                account_id=case.account_id,
                store_name=ctx.store(case.account_id),
                at=wait if wait is not None and wait > ctx.now else None,
                link=f"/cases/{case.id}",
            )
        )
    return items


def reviews_overdue(ctx: Context) -> list[TodayItem]:
    """Appeals the platform has had longer than it said it would take."""
    query = scope(select(Case), ctx.actor, Case).where(
        Case.state.in_(case_rules.WITH_PLATFORM),
        Case.review_due.is_not(None),
        Case.review_due < ctx.now,
    )
    return [
        TodayItem(
            section="reviews",
            kind="review_overdue",
            severity="medium",
            message=N_("Case #{case} of {store}: the platform's review is overdue"),
            params={"case": case.id, "store": ctx.store(case.account_id)},
            account_id=case.account_id,
            store_name=ctx.store(case.account_id),
            at=case.review_due,
            link=f"/cases/{case.id}",
        )
        for case in ctx.session.scalars(query.order_by(Case.review_due, Case.id))
    ]


def _video_item(ctx: Context, row: Verification) -> TodayItem | None:
    link, store = f"/verifications/{row.id}", ctx.store(row.account_id)
    common = {"account_id": row.account_id, "store_name": store, "link": link}
    if row.state == "booked" and row.slot_at and ctx.now <= row.slot_at <= ctx.horizon:
        return TodayItem(
            section="deadlines",
            kind="verification_slot",
            severity=_soon(row.slot_at, ctx.now),
            message=N_("Video verification of {store}: the call is booked"),
            params={"store": store},
            at=row.slot_at,
            **common,
        )
    window = row.book_until
    bookable = row.state in video_rules.BOOKABLE and not _entrance_closed(ctx, row)
    if bookable and window and ctx.now <= window <= ctx.horizon:
        return TodayItem(
            section="deadlines",
            kind="verification_booking",
            severity=_soon(window, ctx.now),
            message=N_("Video verification of {store}: book a slot before the window closes"),
            params={"store": store},
            at=window,
            **common,
        )
    opens = row.book_from
    if bookable and (window is None or window < ctx.now) and opens and opens <= ctx.horizon:
        # the window of a booking made at once has passed, or a new entrance opens after a
        # failure: slots are still offered 48–72 h ahead of whenever the seller books (seed 004)
        later = opens > ctx.now  # after a failure: the new entrance is not open yet
        return TodayItem(
            section="deadlines",
            kind="verification_unbooked",
            severity="medium" if later else "high",
            message=N_("Video verification of {store}: booking opens again; no slot is booked yet")
            if later
            else N_("Video verification of {store}: no slot is booked yet; book one now"),
            params={"store": store},
            at=max(opens, ctx.now),
            **common,
        )
    if row.state == "completed" and row.result_due_at and row.result_due_at < ctx.now:
        return TodayItem(
            section="reviews",
            kind="verification_result_overdue",
            severity="medium",
            message=N_("Video verification of {store}: the result is later than promised"),
            params={"store": store},
            at=row.result_due_at,
            **common,
        )
    return None


def _entrance_closed(ctx: Context, row: Verification) -> bool:
    """The no-shows closed the verification's entrance: nothing is left to book."""
    if row.state != "no_show":
        return False
    platform = ctx.accounts[row.account_id].platform if row.account_id in ctx.accounts else None
    pack = ctx.wb.policies.get(platform or "")
    video = pack.verification.video if pack else None
    return video is not None and row.no_shows >= video.max_no_shows


def verification_deadlines(ctx: Context) -> list[TodayItem]:
    """Booked calls and booking windows closing in the next 72 hours; late results."""
    query = scope(select(Verification), ctx.actor, Verification).where(
        Verification.state.in_((*video_rules.BOOKABLE, "booked", "completed"))
    )
    found = (_video_item(ctx, row) for row in ctx.session.scalars(query.order_by(Verification.id)))
    return [item for item in found if item is not None]


def _documents_by_case(ctx: Context, case_ids: list[int]) -> dict[int, list[Document]]:
    by_case: dict[int, list[Document]] = {i: [] for i in case_ids}
    if not case_ids:
        return by_case
    query = scope(select(Document), ctx.actor, Document).where(
        Document.case_id.in_(case_ids), Document.deleted_at.is_(None)
    )
    for document in ctx.session.scalars(query.order_by(Document.id)):
        by_case[document.case_id].append(document)
    return by_case


def _listed(entries: list[ChecklistItem]) -> Text:
    """``Brand authorisation (missing), Purchase invoices (invalid)`` in both languages."""
    zh = gettext_for("zh_CN")
    return Text(
        en=", ".join(f"{e.material.name.en} ({CHECKLIST_STATE_LABELS[e.status]})" for e in entries),
        zh="、".join(
            f"{e.material.name.zh}（{zh(CHECKLIST_STATE_LABELS[e.status])}）" for e in entries
        ),
    )


def materials(ctx: Context) -> list[TodayItem]:
    """One line per appeal still being prepared whose required materials are missing, invalid
    or out of date (an invalid or expired file never counts as provided)."""
    query = scope(select(Case), ctx.actor, Case).where(Case.state.in_(case_rules.WAITING))
    cases = list(ctx.session.scalars(query.order_by(Case.due_at.is_(None), Case.due_at, Case.id)))
    documents = _documents_by_case(ctx, [c.id for c in cases])
    letters = latest_letters(ctx.session, [c.id for c in cases])
    items = []
    for case in cases:
        pack = ctx.wb.policies.get_pack(case.platform)
        lacking = [
            entry
            for entry in build_checklist(case, pack, documents[case.id], letters.get(case.id))
            if entry.status != "provided"
            and (entry.material.mandatory or entry.status != "missing")
        ]
        if not lacking:
            continue
        invalid = any(e.status == "invalid" for e in lacking)
        items.append(
            TodayItem(
                section="materials",
                kind="material",
                severity="high" if invalid else "medium",
                message=N_("Case #{case} of {store}: {materials}"),
                params={"case": case.id, "store": ctx.store(case.account_id)},
                texts={"materials": _listed(lacking)},
                account_id=case.account_id,
                store_name=ctx.store(case.account_id),
                at=case.due_at,
                link=f"/cases/{case.id}#checklist",
            )
        )
    return items


def new_notices(ctx: Context) -> list[TodayItem]:
    """Notices stored in the last 72 hours; one found to be phishing says so first."""
    since = ctx.now - NEW_NOTICES
    query = scope(select(Notice), ctx.actor, Notice).where(Notice.created_at >= since)
    items = []
    for notice in ctx.session.scalars(query.order_by(Notice.created_at.desc(), Notice.id)):
        phishing = notice.verdict == "phishing"
        store = ctx.store(notice.account_id)
        items.append(
            TodayItem(
                section="notices",
                kind="phishing" if phishing else "notice",
                severity="high" if phishing else "medium" if notice.deadline else "low",
                message=N_("Phishing for {store}: do not click its links — {subject}")
                if phishing
                else N_("New notice for {store}: {subject}"),
                params={"store": store, "subject": notice.subject or notice.filename},
                account_id=notice.account_id,
                store_name=store,
                at=notice.created_at,
                link=f"/notices/{notice.id}",
            )
        )
    return items
