"""Intake requests through the service layer: a private link the provider shares (no sign-in,
counted per client address), or a signed-in member (a client asking for a new case); the
screenshot checked like any evidence and kept in the blob store; the eligibility verdict stored
with the request; an accepted request becomes a seller account and a case (given to the client
who sent it).

Example::

    secret = new_link(wb, owner)            # share https://…/intake/<secret>
    sent = submit_by_link(wb, secret, data, ("health.png", png), "203.0.113.7")
    case = accept(wb, agent, sent.id)
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from sqlalchemy import select

from ..auth import throttle
from ..auth.actor import Actor
from ..errors import N_, Conflict, InvalidInput, NotFound
from ..events import record
from ..storage.tables import Case, IntakeLink, IntakeRequest, User
from ..tenancy import get_visible, scope
from ..workbench import Workbench
from .intake import IntakeRequest as Asked
from .intake import judge, parse_request

Screenshot = tuple[str, bytes] | None
LINK_LABEL = "intake link"  # who sent a request through a link, in the activity log


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_link(wb: Workbench, actor: Actor) -> str:
    """A new private intake link's secret (shown once; only its hash is kept)."""
    actor.require_owner()
    secret = secrets.token_urlsafe(24)
    with wb.db.transaction() as session:
        session.add(
            IntakeLink(
                org_id=actor.org_id,
                secret_hash=_hash(secret),
                created_by_user_id=actor.user_id,
                created_at=wb.clock.now(),
            )
        )
        record(session, actor, wb.clock, "intake.link_created")
    return secret


def link_of(wb: Workbench, secret: str) -> IntakeLink:
    with wb.db.reading() as session:
        link = session.scalar(
            select(IntakeLink).where(
                IntakeLink.secret_hash == _hash(secret), IntakeLink.revoked_at.is_(None)
            )
        )
    if link is None:
        raise NotFound(N_("This intake link is not valid."))
    return link


def _checked(wb: Workbench, asked: Asked, screenshot: Screenshot) -> dict[str, Any]:
    """The screenshot's blob and problems, checked as evidence of the platform asked about."""
    if screenshot is None or not screenshot[1]:
        return {"screenshot_sha256": "", "screenshot_name": "", "screenshot_problems": []}
    from ..evidence.document import Context
    from ..evidence.validate import check_file
    from ..notices.service import blobs, safe_filename

    name, data = screenshot
    limit = wb.settings.max_upload_mb
    if len(data) > limit * 1024 * 1024:
        raise InvalidInput(N_("The file is larger than {limit} MB."), field="file", limit=limit)
    name = safe_filename(name, "screenshot.png")
    packs = wb.policies
    pack = packs[asked.platform] if asked.platform in packs else next(iter(packs.values()))
    report = check_file(name, data, Context(pack, wb.clock.now().date(), asked.store))
    problems = [
        {"code": p.code, "severity": p.severity, "message": p.message, "params": p.params}
        for p in report.problems
    ]
    return {
        "screenshot_sha256": blobs(wb).put(data),
        "screenshot_name": name,
        "screenshot_problems": problems,
    }


def _store(
    wb: Workbench,
    actor: Actor,
    link_id: int | None,
    data: Any,
    screenshot: Screenshot,
    *,
    address: str | None = None,
) -> IntakeRequest:
    asked = parse_request(data)
    if screenshot is not None and screenshot[1] and not asked.screenshot:
        asked = asked.model_copy(update={"screenshot": screenshot[0] or "screenshot"})
    checked = _checked(wb, asked, screenshot)
    verdict = judge(asked)
    now = wb.clock.now()
    keys = [("intake_address", throttle.address_key(address))] if address else []
    with wb.db.transaction() as session:
        throttle.refuse_when_over(session, keys, now)
        throttle.count(session, keys, now)
        sent = IntakeRequest(
            org_id=actor.org_id,
            link_id=link_id,
            submitted_by_user_id=actor.user_id,
            request=asked.model_dump(mode="json"),
            verdict={
                "eligible": verdict.eligible,
                "refusals": [r.code for r in verdict.refusals],
                "missing": verdict.missing,
            },
            state="new",
            created_at=now,
            **checked,
        )
        session.add(sent)
        session.flush()
        record(session, actor, wb.clock, "intake.received", subject=f"#{sent.id}")
        session.expunge(sent)
    return sent


def submit_by_link(
    wb: Workbench, secret: str, data: Any, screenshot: Screenshot, address: str | None
) -> IntakeRequest:
    """A request sent through a private link, counted against the sender's address."""
    link = link_of(wb, secret)
    actor = Actor(org_id=link.org_id, role="client", label=LINK_LABEL, via="web")
    return _store(wb, actor, link.id, data, screenshot, address=address or "unknown")


def submit(wb: Workbench, actor: Actor, data: Any, screenshot: Screenshot) -> IntakeRequest:
    """A request sent by a signed-in member (a client asking for a new case, or the team)."""
    actor.require_contribution()
    return _store(wb, actor, None, data, screenshot)


def requests_of(wb: Workbench, actor: Actor) -> list[IntakeRequest]:
    with wb.db.reading() as session:
        query = scope(select(IntakeRequest), actor, IntakeRequest).order_by(IntakeRequest.id.desc())
        return list(session.scalars(query))


def accept(wb: Workbench, actor: Actor, request_id: int) -> Case:
    """Take the request on: a seller account and a case, the account given to the client who
    sent it. Refused while the request is out of scope or facts are missing."""
    from ..accounts.service import create_account, set_client_access
    from ..cases.codes import violation_choices, violation_code
    from ..cases.service import open_case

    actor.require_change()
    with wb.db.reading() as session:
        sent = get_visible(session, actor, IntakeRequest, request_id)
        sender = session.get(User, sent.submitted_by_user_id) if sent.submitted_by_user_id else None
    if sent.state != "new":
        raise Conflict(N_("Intake request {id} is already decided."), id=request_id)
    if not sent.verdict.get("eligible"):
        raise InvalidInput(
            N_("Intake request {id} is not eligible: it is out of scope or facts are missing."),
            field="intake",
            id=request_id,
        )
    asked = parse_request(sent.request)
    account = create_account(wb, actor, {"platform": asked.platform, "store_name": asked.store})
    # "Late Shipment", "迟发": the code the client meant, when the platform has it
    pack = wb.policies[account.platform]
    violation = violation_code(asked.violation, pack)
    if violation not in violation_choices(pack):
        violation = "other"
    case = open_case(wb, actor, account.id, [violation])
    if sender is not None and sender.role == "client":
        set_client_access(wb, actor, account.id, sender.email, allowed=True)
    with wb.db.transaction() as session:
        stored = session.get(IntakeRequest, request_id)
        assert stored is not None
        stored.state, stored.case_id = "accepted", case.id
        record(
            session,
            actor,
            wb.clock,
            "intake.accepted",
            account_id=account.id,
            case_id=case.id,
            subject=f"#{request_id}",
        )
    return case
