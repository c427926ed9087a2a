"""Read models of video verifications, judged at one ``now``: the state, the booking window, the
booked slot in each time zone the platform offers, the checklist and the result's due time.

Example::

    shown = verification_view(wb, actor, verification_id, "zh_CN")
    shown.book_from, shown.slots[0].local, shown.checklist[0].done, shown.overdue
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..auth.actor import Actor
from ..policies.schema import VideoVerification
from ..storage.tables import Verification, VerificationCheck
from ..views import Second, View
from ..workbench import Workbench
from . import rules, service


class ZonedSlot(View):
    """The booked slot as the platform shows it in one of its time zones."""

    zone: str
    local: str  # 2026-11-20T16:00:00+08:00


class CheckView(View):
    item: str
    label: str
    done: bool
    done_by: str
    done_at: Second | None


class VerificationView(View):
    """One verification and where it stands against the platform's rules at one moment."""

    id: int
    account_id: int
    notice_id: int | None
    platform: str
    state: str
    book_from: Second | None
    book_until: Second | None
    checklist: list[CheckView]
    invited_at: Second
    slot_at: Second | None
    slots: list[ZonedSlot]
    completed_at: Second | None
    result_due_at: Second | None
    overdue: bool
    no_shows: int
    max_no_shows: int
    drops: int
    max_network_drops: int
    failures: int
    closed: bool
    bookable: bool
    # the first window (of a booking made at once) has passed with nothing booked: slots are
    # still offered ``hours_ahead`` after whenever the seller books (seed 004)
    window_passed: bool
    hours_ahead: tuple[int, int]
    version: int

    @classmethod
    def of(
        cls,
        row: Verification,
        checks: list[VerificationCheck],
        video: VideoVerification,
        now: datetime,
        language: str,
    ) -> VerificationView:
        current = service.state_of(row)
        closed = rules.is_closed(current, video)
        return cls(
            **{name: getattr(row, name) for name in ("id", "account_id", "notice_id", "platform")},
            **{name: getattr(row, name) for name in ("invited_at", "version")},
            **vars(current),
            checklist=_checklist(checks, video, language),
            slots=_slots(row.slot_at, video),
            overdue=rules.is_overdue(current, now),
            max_no_shows=video.max_no_shows,
            max_network_drops=video.max_network_drops,
            closed=closed,
            bookable=row.state in rules.BOOKABLE and not closed,
            window_passed=current.book_until is not None and current.book_until < now,
            hours_ahead=video.booking_hours_ahead,
        )


class VerificationList(View):
    items: list[VerificationView]


def _checklist(
    checks: list[VerificationCheck], video: VideoVerification, language: str
) -> list[CheckView]:
    stored = {check.item: check for check in checks}
    shown = []
    for item, text in rules.checklist_items(video):
        check = stored.get(item)
        shown.append(
            CheckView(
                item=item,
                label=text.get(language),
                done=bool(check and check.done),
                done_by=check.done_by if check and check.done else "",
                done_at=check.done_at if check and check.done else None,
            )
        )
    return shown


def _slots(slot: datetime | None, video: VideoVerification) -> list[ZonedSlot]:
    if slot is None:
        return []
    return [
        ZonedSlot(zone=zone, local=slot.astimezone(rules.zone_offset(zone)).isoformat())
        for zone in video.time_zones
    ]


def shown(wb: Workbench, actor: Actor, row: Verification, language: str) -> VerificationView:
    """``row`` as it stands now, its checklist read in one session."""
    video = service.video_rules(wb, row.platform)
    with wb.db.reading() as session:
        checks = service.checks_of(session, actor, row.id)
    return VerificationView.of(row, checks, video, wb.clock.now(), language)


def verification_view(
    wb: Workbench, actor: Actor, verification_id: int, language: str = "en"
) -> VerificationView:
    return shown(wb, actor, service.get_verification(wb, actor, verification_id), language)


def verification_list(
    wb: Workbench, actor: Actor, account_id: int, language: str = "en"
) -> VerificationList:
    rows = service.list_verifications(wb, actor, account_id)
    return VerificationList(items=[shown(wb, actor, row, language) for row in rows])


class DiffPart(View):
    op: str  # equal | delete (only the document has it) | insert (only the profile) | replace
    text: str


class FindingView(View):
    """One fact of a stored document against the profile (ID numbers masked, no diff)."""

    field: str
    label: str
    source: str
    found: str
    profile: str
    equal: bool
    diff: list[DiffPart]


class TaskView(View):
    """Fix the profile: due 24 h after the drill found the mismatch."""

    id: int
    field: str
    label: str
    source: str
    found: str
    created_at: Second
    due_at: Second
    done_at: Second | None
    overdue: bool


class ChangeView(View):
    id: int
    kind: str
    detail: str
    occurred_at: Second
    recorded_by: str


class DrillView(View):
    """What the reviewer will ask, checked against the documents; digits to read aloud."""

    verification_id: int
    needed_data: list[str]
    findings: list[FindingView]
    tasks: list[TaskView]
    payment_changes: list[ChangeView]
    digits: str


def drill_view(
    wb: Workbench, actor: Actor, verification_id: int, language: str = "en"
) -> DrillView:
    from ..i18n import gettext_for
    from ..labels import FIELD_LABELS
    from . import drill, practice

    row = service.get_verification(wb, actor, verification_id)
    video = service.video_rules(wb, row.platform)
    found, tasks, changes = practice.drill_parts(wb, actor, row)
    _ = gettext_for(language)
    now = wb.clock.now()
    return DrillView(
        verification_id=row.id,
        needed_data=[text.get(language) for text in video.needed_data],
        findings=[
            FindingView(
                field=f.field,
                label=_(FIELD_LABELS[f.field]),
                source=f.source,
                found=f.found,
                profile=f.profile,
                equal=f.equal,
                diff=[DiffPart(op=op, text=text) for op, text in f.comparison.diff],
            )
            for f in found
        ],
        tasks=[
            TaskView(
                **{k: getattr(t, k) for k in ("id", "field", "source", "found", "created_at")},
                **{k: getattr(t, k) for k in ("due_at", "done_at")},
                label=_(FIELD_LABELS[t.field]),
                overdue=t.done_at is None and now > t.due_at,
            )
            for t in tasks
        ],
        payment_changes=[ChangeView.model_validate(c) for c in changes],
        digits=drill.practice_digits(),
    )


class TriggerView(View):
    """A video-verification trigger the change log sets off, said in words."""

    code: str
    count: int
    limit: int
    days: int | None
    message: str


class ChangeLogView(View):
    """An account's change log and whether it may be asked for video verification."""

    account_id: int
    at_risk: bool
    triggers: list[TriggerView]
    items: list[ChangeView]


class AccountRiskView(View):
    account_id: int
    store_name: str
    platform: str
    triggers: list[TriggerView]


class AccountRiskList(View):
    items: list[AccountRiskView]


def trigger_views(found: list[Any], language: str) -> list[TriggerView]:
    from ..i18n import gettext_for
    from .triggers import MESSAGES

    _ = gettext_for(language)
    return [
        TriggerView(
            code=t.code,
            count=t.count,
            limit=t.limit,
            days=t.days,
            message=_(MESSAGES[t.code]).format(count=t.count, limit=t.limit, days=t.days),
        )
        for t in found
    ]


def change_log_view(
    wb: Workbench, actor: Actor, account_id: int, language: str = "en"
) -> ChangeLogView:
    from .monitor import change_log

    account, changes, found = change_log(wb, actor, account_id)
    return ChangeLogView(
        account_id=account.id,
        at_risk=bool(found),
        triggers=trigger_views(found, language),
        items=[ChangeView.model_validate(c) for c in changes],
    )


def risk_list(wb: Workbench, actor: Actor, language: str = "en") -> AccountRiskList:
    """What the home page shows: the accounts that may be asked for video verification."""
    from .monitor import accounts_at_verification_risk

    return AccountRiskList(
        items=[
            AccountRiskView(
                account_id=r.account.id,
                store_name=r.account.store_name,
                platform=r.account.platform,
                triggers=trigger_views(r.triggers, language),
            )
            for r in accounts_at_verification_risk(wb, actor)
        ]
    )
