"""The video verification state machine and its clocks (pure: the pack's numbers and a time in).

    invited → booked → completed → passed | failed
    booked → failed       the reviewer ended the call with a failure
    booked → no_show      the seller did not come; rebooking is open again until the pack's
                          ``max_no_shows``-th no-show, which closes the entrance (terminal)
    booked → booked       a network drop the call survived (counted in ``drops``)
    booked → dropped      the drop after ``max_network_drops`` drops ends the session
    failed, dropped → booked   a new slot, no sooner than ``rebook_after_failure_hours`` later
                               and at most ``booking_hours_ahead[1]`` after it was booked
    no_show → booked           a new slot in a window like the invitation's
    passed and a closed no_show accept nothing.

Why ``dropped`` may be rebooked like a failure: seed 004 lists "网络中断超2次" among the reasons a
verification *fails*, and says of a failure that a new booking entrance opens after 72 h; only
no-shows are said to close the entrance. So a session ended by drops is a failed attempt.

Booking: slots are chosen "未来48–72小时内" of clicking the invitation's link (seed 004), and the
seed sets no day by which the link must be clicked. So after the invitation the first slot is
``booking_hours_ahead[0]`` hours after it (``book_from``), and a slot is refused only sooner than
that, or more than ``booking_hours_ahead[1]`` hours after it was booked (the click is no later
than the booking is recorded). ``book_until`` is the last slot of a booking made at once (the
invitation's own window, which the reminders and Today count down to); a seller who books later
is offered later slots. After a no-show the platform offers slots the same way, counted from the
no-show. After a failure or an ended session a new booking entrance opens
``rebook_after_failure_hours`` later ("再次预约入口（通常需间隔72小时）") and, the seed giving it no
end, stays open (no ``book_until``). The lower end is the 72 h the seed names, not 72 h plus the
48 h ahead a slot is chosen: the seed says "usually" of the 72 h, and the workbench refuses only
what the source rules out.

>>> from reinstate.policies.loader import load_policies
>>> video = load_policies()["amazon"].verification.video
>>> at = datetime(2026, 11, 18, 8, tzinfo=UTC)
>>> s = opened(at, video)
>>> (s.book_from.isoformat(), s.book_until.isoformat())
('2026-11-20T08:00:00+00:00', '2026-11-21T08:00:00+00:00')
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone  # noqa: F401 (UTC: the doctests)

from ..errors import N_, Conflict, Label, Moment
from ..labels import VERIFICATION_EVENT_LABELS, VERIFICATION_STATE_LABELS
from ..policies.schema import Text, VideoVerification

STATES = ("invited", "booked", "completed", "passed", "failed", "no_show", "dropped")
EVENTS = ("booked", "completed", "passed", "failed", "no_show", "dropped")
BOOKABLE = frozenset({"invited", "failed", "no_show", "dropped"})
ENDED = frozenset({"failed", "dropped"})  # an attempt that failed: a new entrance, later
# (state, event) -> next state; drops, no-shows and bookings are refined by apply()
TRANSITIONS: dict[tuple[str, str], str] = {
    **{(state, "booked"): "booked" for state in BOOKABLE},
    ("booked", "completed"): "completed",
    ("booked", "no_show"): "no_show",
    ("booked", "dropped"): "dropped",
    ("booked", "failed"): "failed",
    ("completed", "passed"): "passed",
    ("completed", "failed"): "failed",
}


@dataclass(frozen=True)
class VerificationState:
    state: str
    book_from: datetime | None = None
    book_until: datetime | None = None
    slot_at: datetime | None = None
    completed_at: datetime | None = None
    result_due_at: datetime | None = None
    no_shows: int = 0
    drops: int = 0
    failures: int = 0


def _window(start: datetime, video: VideoVerification) -> tuple[datetime, datetime]:
    low, high = video.booking_hours_ahead
    return start + timedelta(hours=low), start + timedelta(hours=high)


def opened(invited_at: datetime, video: VideoVerification) -> VerificationState:
    """A verification just invited: its first booking window."""
    book_from, book_until = _window(invited_at, video)
    return VerificationState("invited", book_from, book_until)


def is_closed(current: VerificationState, video: VideoVerification) -> bool:
    """Nothing more can happen: passed, or the no-shows closed the entrance."""
    return current.state == "passed" or (
        current.state == "no_show" and current.no_shows >= video.max_no_shows
    )


def is_overdue(current: VerificationState, now: datetime) -> bool:
    """The call is completed and the platform's result is later than it said."""
    due = current.result_due_at
    return current.state == "completed" and due is not None and now > due


def checklist_items(video: VideoVerification) -> list[tuple[str, Text]]:
    """The readiness items, keyed: what to bring, the setting, then the pack's other items."""
    return [
        *((f"bring_{n}", text) for n, text in enumerate(video.bring, 1)),
        *((f"setting_{n}", text) for n, text in enumerate(video.setting, 1)),
        *((item.id, item.text) for item in video.readiness),
    ]


def zone_offset(zone: str) -> timezone:
    """``UTC+8`` as a fixed offset."""
    return timezone(timedelta(hours=int(zone[3:])), zone)


def _refuse(message: str, **params: object) -> Conflict:
    return Conflict(message, field="event", **params)


def _book(
    current: VerificationState, slot: datetime | None, at: datetime, video: VideoVerification
) -> VerificationState:
    """A slot booked at ``at``: no sooner than the first slot the platform offers (48 h after
    the invitation or the no-show; after a failure, when the new entrance opens), and no
    further ahead of its booking than the platform offers slots."""
    if slot is None:
        raise _refuse(N_("Give the slot that was booked."))
    assert current.book_from is not None
    ahead = video.booking_hours_ahead[1]
    if slot < current.book_from and current.state in ENDED:
        raise _refuse(
            N_(
                "The slot {slot} is sooner than a new booking may be: from {start}, {hours} hours "
                "after the last attempt ended."
            ),
            slot=_iso(slot),
            start=_iso(current.book_from),
            hours=video.rebook_after_failure_hours,
        )
    if slot < current.book_from:
        raise _refuse(
            N_(
                "The slot {slot} is sooner than the platform offers: the first slot is at {start}, "
                "{hours} hours after the invitation or the no-show."
            ),
            slot=_iso(slot),
            start=_iso(current.book_from),
            hours=video.booking_hours_ahead[0],
        )
    if slot > at + timedelta(hours=ahead):
        raise _refuse(
            N_(
                "The slot {slot} is more than {hours} hours after it was booked ({at}): the "
                "platform offers slots at most {hours} hours ahead."
            ),
            slot=_iso(slot),
            at=_iso(at),
            hours=ahead,
        )
    return replace(current, state="booked", slot_at=slot, drops=0)


def _ended(
    current: VerificationState, at: datetime, video: VideoVerification, state: str
) -> VerificationState:
    return replace(
        current,
        state=state,
        book_from=at + timedelta(hours=video.rebook_after_failure_hours),
        book_until=None,  # the entrance stays open (see _book)
        result_due_at=None,
        failures=current.failures + 1,
    )


def apply(
    current: VerificationState,
    event: str,
    at: datetime,
    video: VideoVerification,
    *,
    slot: datetime | None = None,
) -> VerificationState:
    """The verification after ``event`` at ``at``, or a Conflict saying why it cannot be."""
    if current.state == "passed":
        raise _refuse(N_("This verification has passed: it accepts no more events."))
    if is_closed(current, video):
        raise _refuse(
            N_("The verification entrance is closed after {n} no-shows."), n=video.max_no_shows
        )
    if (current.state, event) not in TRANSITIONS:
        raise _refuse(
            N_("This verification is {state}: “{event}” cannot be recorded now."),
            state=Label(VERIFICATION_STATE_LABELS.get(current.state, current.state)),
            event=Label(VERIFICATION_EVENT_LABELS.get(event, event)),
        )
    if event == "booked":
        return _book(current, slot, at, video)
    if current.slot_at is not None and at < current.slot_at:  # the call has not begun
        raise _refuse(
            N_("The call is booked for {slot}: what happens in it cannot be recorded before then."),
            slot=_iso(current.slot_at),
        )
    if event == "completed":
        due = at + timedelta(hours=video.result_within_hours)
        return replace(current, state="completed", completed_at=at, result_due_at=due)
    if event == "no_show":
        book_from, book_until = _window(at, video)
        missed = current.no_shows + 1
        return replace(
            current, state="no_show", no_shows=missed, book_from=book_from, book_until=book_until
        )
    if event == "dropped":
        dropped = replace(current, drops=current.drops + 1)
        survived = dropped.drops <= video.max_network_drops
        return dropped if survived else _ended(dropped, at, video, "dropped")
    if event == "failed":
        return _ended(current, at, video, "failed")
    return replace(current, state="passed", result_due_at=None)


def _iso(moment: datetime) -> Moment:
    """ISO in UTC to the minute on the command line; the reader's time on a page."""
    return Moment(moment)
