"""Is a stored notice a genuine verification invitation? The pack's sender, exactly, and only the
pack's link hosts; anything else is phishing, with each reason said.

Uses what the notice check already read from the message (``Notice.report``: ``from``, ``links``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..errors import N_, InvalidInput
from ..i18n import Gettext
from ..notices.domains import official_host
from ..policies.schema import VideoVerification
from ..storage.tables import Notice

Reason = tuple[str, dict[str, Any]]  # an i18n message id and its parameters


class NotAnInvitation(InvalidInput):
    """The notice is not a genuine invitation; ``reasons`` say each thing that is wrong."""

    def __init__(self, notice_id: int, reasons: list[Reason]) -> None:
        super().__init__(
            N_("Notice {id} is not a genuine verification invitation: {reasons}."),
            field="notice_id",
            id=notice_id,
            reasons="; ".join(m.format(**p) for m, p in reasons),
        )
        self.reasons = reasons

    def render(self, gettext: Gettext, zone: str | None = None) -> str:
        shown = "; ".join(gettext(m).format(**p) for m, p in self.reasons)
        return gettext(self.message).format(id=self.params["id"], reasons=shown)


def problems(
    notice: Notice, video: VideoVerification, suffixes: Sequence[str] = ()
) -> list[Reason]:
    """Why ``notice`` is not an invitation of this platform; empty when it is one.
    ``suffixes``: the platform's own public suffixes (its pack's ``host_suffixes``)."""
    report = notice.report or {}
    # a sender pasted text names is not a sender checked: a pasted invitation has none
    named = None if report.get("from_quoted") else report.get("from")
    sender = (
        str(named or notice.sender or "").strip().lower().rstrip(".")
    )  # amazon.com. is amazon.com
    senders = [s.lower() for s in video.invitation_senders]
    reasons: list[Reason] = []
    if sender not in senders:
        reasons.append(
            (
                N_("the sender {sender} is not {senders}"),
                {"sender": sender or "-", "senders": ", ".join(senders)},
            )
        )
    links = report.get("links") or []
    if not links:
        reasons.append((N_("it has no link to book the call"), {}))
    hosts = sorted({str(link.get("host") or "") for link in links})
    for host in hosts:
        if not host or not official_host(host, video.invitation_hosts, suffixes):
            reasons.append(
                (
                    N_("the link host {host} is not one of {hosts}"),
                    {"host": _visible(host) or "-", "hosts": ", ".join(video.invitation_hosts)},
                )
            )
    # seed 004: the booking link starts https://sellercentral.amazon.com/ or
    # https://accountverification.amazon.com/; a plain http link can be rewritten on the way
    for href in sorted({str(link.get("href") or "") for link in links}):
        if href[:5].lower() == "http:":
            reasons.append((N_("the link {link} is not an https address"), {"link": href[:200]}))
    if not reasons and notice.verdict == "phishing":  # a forged From with real links: the
        reasons.append((N_("the notice check found it is phishing"), {}))  # check saw more
    if not reasons and notice.verdict == "suspicious":  # e.g. authentication failed
        reasons.append((N_("the notice check found it suspicious"), {}))
    return reasons


def _visible(host: str) -> str:
    """A host whose letters are not all ASCII, with the form that shows them apart: a
    Cyrillic а in sellercentral.amаzon.com looks like the genuine host it imitates."""
    if host.isascii():
        return host
    try:
        coded = host.encode("idna").decode("ascii")
    except UnicodeError:
        coded = host.encode("ascii", "backslashreplace").decode("ascii")
    return f"{coded} ({host})"


def check(notice: Notice, video: VideoVerification, suffixes: Sequence[str] = ()) -> None:
    reasons = problems(notice, video, suffixes)
    if reasons:
        raise NotAnInvitation(notice.id, reasons)


def invited_at(notice: Notice) -> datetime:
    """When the invitation was sent: the message's Date, else when it was stored; never after
    it was stored (a sender's wrong clock would open a booking window not yet come)."""
    sent = (notice.report or {}).get("date")
    if sent:
        try:
            moment = datetime.fromisoformat(str(sent))
        except ValueError:
            return notice.created_at
        if moment.tzinfo is not None:
            return min(moment, notice.created_at)
    return notice.created_at
