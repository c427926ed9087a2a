"""The case state machine and its clocks (pure: data, the pack and a time in; no I/O).

    open → preparing → submitted → under_review → reinstated | rejected | info_requested
    rejected → preparing | submitted   while attempts are left; a rejection of the last attempt
                                       closes the case (closed_lost)
    info_requested → preparing | submitted   (answering a request uses no attempt)
    any open state → withdrawn;  reinstated and withdrawn accept nothing; closed_lost accepts
    only reinstated (the attempt limit is the platform's "may": it can reinstate the account on
    its own after the last rejection), and no attempt is given back.

>>> from reinstate.policies.loader import load_policies
>>> joom = load_policies()["joom"]
>>> at = datetime(2026, 11, 2, 8, tzinfo=UTC)
>>> s = apply(CaseState(), "submitted", at, joom)
>>> s = apply(s, "rejected", at + timedelta(days=3), joom)
>>> (s.state, s.attempts_used, s.resubmit_not_before.isoformat())
('rejected', 1, '2026-11-07T08:00:00+00:00')
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from ..errors import N_, Conflict, Label, Moment
from ..labels import CASE_EVENT_LABELS, CASE_STATE_LABELS
from ..policies.calendars import Marketplace
from ..policies.schema import Pack

STATES = (
    "open",
    "preparing",
    "submitted",
    "under_review",
    "reinstated",
    "rejected",
    "info_requested",
    "closed_lost",
    "withdrawn",
)
TERMINAL = frozenset({"reinstated", "closed_lost", "withdrawn"})
# States in which the submission deadline (due_at) runs: nothing is with the platform.
WAITING = frozenset({"open", "preparing", "rejected", "info_requested"})
# States in which the platform has the appeal: the review clock (review_due) runs.
WITH_PLATFORM = frozenset({"submitted", "under_review"})
EVENTS = (
    "preparing",
    "submitted",
    "under_review",
    "reinstated",
    "rejected",
    "info_requested",
    "withdrawn",
)

# (state, event) -> next state. Rejections of the last attempt are turned into closed_lost
# by apply(); every other allowed move is here and nowhere else.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("open", "preparing"): "preparing",
    ("open", "submitted"): "submitted",
    ("preparing", "submitted"): "submitted",
    ("submitted", "under_review"): "under_review",
    ("submitted", "reinstated"): "reinstated",
    ("submitted", "rejected"): "rejected",
    ("submitted", "info_requested"): "info_requested",
    ("under_review", "reinstated"): "reinstated",
    ("under_review", "rejected"): "rejected",
    ("under_review", "info_requested"): "info_requested",
    ("rejected", "preparing"): "preparing",
    ("rejected", "submitted"): "submitted",
    ("info_requested", "preparing"): "preparing",
    ("info_requested", "submitted"): "submitted",
    **{(state, "withdrawn"): "withdrawn" for state in STATES if state not in TERMINAL},
    # the platform reinstated the account after all: recorded, the attempts stay used up
    ("closed_lost", "reinstated"): "reinstated",
}


@dataclass(frozen=True)
class CaseState:
    state: str = "open"
    attempts_used: int = 0
    resubmit_not_before: datetime | None = None
    review_due: datetime | None = None
    answering_request: bool = False  # the next submission answers info_requested
    due_at: datetime | None = None  # the submission deadline
    # the deadline is the pack's usual window, assumed because the notice states none: it
    # warns, but it does not close an entrance (the notice's own deadline may be later)
    deadline_assumed: bool = False
    # the kind of notice the case answers: the attempt limit governs only some (Appeal)
    kind: str | None = None


def attempts_left(pack: Pack, used: int, kind: str | None = None) -> int | None:
    """Attempts a case of ``kind`` has left (None: the platform sets no limit on it).

    >>> from reinstate.policies.loader import load_policies
    >>> amazon = load_policies()["amazon"]
    >>> attempts_left(amazon, 1, "suspension"), attempts_left(amazon, 1, "claim")
    (1, None)
    """
    limit = pack.appeal.attempt_limit(kind)
    return None if limit is None else max(limit - used, 0)


def working_days_after(
    start: datetime, days: int, pack: Pack, marketplace: Marketplace | None = None
) -> datetime:
    """``days`` working days after ``start`` on the pack's calendar (the ``marketplace``'s,
    when one is given), at the same local time."""
    where = marketplace or pack.appeal
    zone = ZoneInfo(where.timezone)
    local = start.astimezone(zone)
    calendar = holidays.country_holidays(where.calendar, years=range(local.year, local.year + 2))
    day: date = calendar.get_nth_working_day(local.date(), days)
    return datetime.combine(day, local.timetz()).astimezone(UTC)


def end_of_day(day: date, pack: Pack) -> datetime:
    """The last second of ``day`` in the platform's time zone, in UTC."""
    local = datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(pack.appeal.timezone))
    return local.astimezone(UTC)


def local_day(moment: datetime, pack: Pack) -> date:
    """The day ``moment`` falls on in the platform's time zone."""
    return moment.astimezone(ZoneInfo(pack.appeal.timezone)).date()


def reminder_hours(configured: list[int], window: timedelta) -> list[int]:
    """Hours before a deadline to remind, scaled to the time the window leaves: the first
    reminder comes no earlier than a quarter of the way through it. With 72, 24 and 6
    configured, a 17-day or 5-day window keeps them; a 72 h window (A-to-z) is reminded 54, 18
    and 5 h before, a 24 h one (Temu's first response) 18, 6 and 2 h before.

    >>> reminder_hours([72, 24, 6], timedelta(hours=72))
    [54, 18, 5]
    """
    hours = sorted({h for h in configured if h > 0}, reverse=True)
    if not hours:
        return []
    span = max(window.total_seconds(), 0) / 3600
    scale = min(1.0, 0.75 * span / hours[0])
    return sorted({max(1, int(h * scale + 0.5)) for h in hours}, reverse=True)


# Refused before the platform's wait after a rejection; "confirm" is the page's box, the API's
# "force", the command line's --force (which says so in its own sentence).
EARLY_RESUBMISSION = N_(
    "{platform} accepts a new submission only from {time} ({hours} h after the rejection); "
    "confirm to record it anyway."
)


def _refuse(message: str, **params: object) -> Conflict:
    return Conflict(message, field="event", **params)


def _entrance_closed(case: CaseState, at: datetime, pack: Pack) -> bool:
    """The pack closes the entrance at the notice's deadline (Joom, seed 000) and nothing was
    submitted before it: a first submission after the deadline cannot be made. A deadline only
    assumed from the pack's usual window closes nothing."""
    return bool(
        pack.appeal.entrance_closes_at_deadline
        and not case.deadline_assumed
        and case.attempts_used == 0
        and not case.answering_request
        and case.due_at is not None
        and at > case.due_at
    )


def _submission(case: CaseState, at: datetime, pack: Pack, force: bool) -> CaseState:
    if _entrance_closed(case, at, pack):
        assert case.due_at is not None
        raise Conflict(  # field due_at: no --force opens it; a later deadline does
            N_(
                "The appeal entrance closed at the deadline, {time}: {platform} accepts no "
                "submission after it."
            ),
            field="due_at",
            time=Moment(case.due_at),  # in the reader's zone, named, as every time they read
            platform=pack.names.en,
        )
    consumes = not case.answering_request
    left = attempts_left(pack, case.attempts_used, case.kind)
    if consumes and left == 0:
        raise _refuse(
            N_("The appeal entrance is closed: all {n} attempts are used."),
            n=pack.appeal.attempt_limit(case.kind),
        )
    if case.resubmit_not_before and at < case.resubmit_not_before and not force:
        raise _refuse(
            EARLY_RESUBMISSION,
            platform=pack.names.en,
            time=Moment(case.resubmit_not_before),
            hours=pack.appeal.min_resubmit_hours,
        )
    review_days = pack.appeal.review_working_days
    return CaseState(
        state="submitted",
        attempts_used=case.attempts_used + (1 if consumes else 0),
        resubmit_not_before=None,
        review_due=working_days_after(at, review_days[1], pack) if review_days else None,
        due_at=case.due_at,
        deadline_assumed=case.deadline_assumed,
        kind=case.kind,
    )


def _answered(case: CaseState) -> CaseState:
    """``case`` without the deadline its submission answered (see below)."""
    return replace(case, due_at=None, deadline_assumed=False)


# The platform's answer (a rejection, a request for information) answers the submission the
# notice's deadline asked for: that deadline is met and no longer runs (seed 000 closes the
# entrance only when nothing was submitted by it; a resubmission waits the pack's hours, with no
# deadline of its own). A deadline the platform gives with its answer is set on the case again.
def apply(
    case: CaseState, event: str, at: datetime, pack: Pack, *, force: bool = False
) -> CaseState:
    """The case after ``event`` at ``at``, or a Conflict saying why the platform would refuse."""
    target = TRANSITIONS.get((case.state, event))
    if case.state == "closed_lost" and target is None:
        raise _refuse(
            N_(
                "This case is {state}: only the platform reinstating the account on its own "
                "can still be recorded."
            ),
            state=Label(CASE_STATE_LABELS.get(case.state, case.state)),
        )
    if case.state in TERMINAL and target is None:
        raise _refuse(
            N_("This case is {state}: it accepts no more events."),
            state=Label(CASE_STATE_LABELS.get(case.state, case.state)),
        )
    if target is None:
        raise _refuse(
            N_("This case is {state}: “{event}” cannot be recorded now."),
            state=Label(CASE_STATE_LABELS.get(case.state, case.state)),
            event=Label(CASE_EVENT_LABELS.get(event, event)),
        )
    if event == "submitted":
        return _submission(case, at, pack, force)
    if event == "rejected":
        if attempts_left(pack, case.attempts_used, case.kind) == 0:
            return replace(case, state="closed_lost", review_due=None)
        wait = pack.appeal.min_resubmit_hours
        return replace(
            _answered(case),
            state="rejected",
            review_due=None,
            resubmit_not_before=at + timedelta(hours=wait) if wait else None,
        )
    if event == "info_requested":
        return replace(
            _answered(case),
            state="info_requested",
            review_due=None,
            answering_request=True,
        )
    if target in TERMINAL:
        return replace(case, state=target, review_due=None, resubmit_not_before=None)
    return replace(case, state=target)


def is_last_attempt(case: CaseState, pack: Pack) -> bool:
    """The next submission would use the last attempt (announce it before it is used)."""
    return not case.answering_request and attempts_left(pack, case.attempts_used, case.kind) == 1
