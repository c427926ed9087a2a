"""The world the persona matrix runs in: the conftest's two organisations, plus a second client
given nothing, and in organisation A a case clients see, a case hidden from them and a case of
the account not given to the client; in organisation B a case of its own. Each carries a
marker in its comment and file names, so a body that shows one is caught."""

from __future__ import annotations

import base64
import itertools
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from reinstate.accounts.service import (
    create_account,
    get_account,
    set_client_access,
    update_account,
)
from reinstate.association.service import add_identifier
from reinstate.auth.actor import Actor
from reinstate.auth.service import create_user, issue_credential
from reinstate.cases.calendar import new_calendar_secret
from reinstate.cases.service import comment, open_case, update_case
from reinstate.evidence.service import add_document, latest_pack, make_pack
from reinstate.letters.service import draft_for_case, save_letter
from reinstate.metrics.service import import_orders
from reinstate.notices.service import store_notice
from reinstate.penalties.ledger import record_penalty
from reinstate.provider.intake_service import new_link
from reinstate.provider.intake_service import submit as send_intake
from reinstate.provider.pricing import EXAMPLE_PRICE_LIST
from reinstate.provider.service import QuoteOptions, accept_quote
from reinstate.verification.service import open_verification
from reinstate.workbench import Workbench

from .conftest import PASSWORD, World
from .test_evidence_checks import text_pdf
from .test_metrics import demo_orders

NOTICE = Path(__file__).parent / "fixtures" / "notices" / "genuine" / "joom-counterfeit.eml"
# markers: in the case clients see, the hidden case, account A2's case, organisation B
EXAMPLE_PRICES = EXAMPLE_PRICE_LIST.read_text(encoding="utf-8")
# an intake request with every fact a quote needs, in scope (issue 19)
INTAKE: dict[str, Any] = {
    "platform": "joom",
    "store": "Intake Store",
    "category": "home",
    "violation": "valid_tracking",
    "happened_on": "2026-11-10",
    "order_ids": ["J-1001", "J-1002", "J-1003"],
    "screenshot": "status.png",
    "earlier_attempts": "none",
    "wanted_by": "2026-11-25",
}
INTAKE_FORM = {k: " ".join(v) if isinstance(v, list) else v for k, v in INTAKE.items()}
SEEN, HIDDEN, A2, ORG_B = "zqseen", "zqhidden", "zqatwo", "zqorgb"
PERSONAS = ("owner", "teammate", "viewer", "client", "client2", "outsider")
# the members' addresses: a client is never shown another member's email (issue 19)
TEAM = ("owner@example.com", "teammate@example.com", "viewer@example.com")
CLIENT, CLIENT2, CALENDAR = "client@example.com", "client2@example.com", "calendar@example.com"
# what each persona must never read
FOREIGN: dict[str, tuple[str, ...]] = {
    "owner": (ORG_B,),
    "teammate": (ORG_B,),
    "viewer": (ORG_B,),
    "client": (ORG_B, HIDDEN, A2, *TEAM, CLIENT2, CALENDAR),
    "client2": (ORG_B, HIDDEN, A2, SEEN, *TEAM, CLIENT, CALENDAR),
    "outsider": (SEEN, HIDDEN, A2),
}
_COUNTER = itertools.count(1)


@dataclass
class Target:
    """One object of each kind, for filling a route's path."""

    account_id: int
    case_id: int
    notice_id: int
    document_id: int
    penalty_id: int


@dataclass
class Matrix:
    world: World
    targets: dict[str, Target] = field(default_factory=dict)  # seen, hidden, a2, org_b
    params: dict[str, Any] = field(default_factory=dict)  # the other path parameters
    scratch: list[dict[str, int]] = field(default_factory=list)  # objects to destroy


def _case_with(
    wb: Workbench, actor: Actor, account: int, marker: str, notice: int, from_notice: bool = True
) -> Target:
    # a violation the account's platform names (Amazon has no "counterfeit" of its own)
    platform = get_account(wb, actor, account).platform
    code = "counterfeit" if "counterfeit" in wb.policies[platform].violations else "other"
    case = open_case(wb, actor, account, [code], notice_id=notice if from_notice else None).id
    comment(wb, actor, case, f"{marker} remark on the supplier")
    document = add_document(wb, actor, case, f"{marker}-licence.pdf", text_pdf(marker), [])
    penalty = record_penalty(
        wb, actor, account, {"received_on": "2026-11-01", "violation": "counterfeit", "points": 2}
    )
    return Target(account, case, notice, document.id, penalty.id)


def _notice(wb: Workbench, actor: Actor, account: int) -> int:
    return store_notice(wb, actor, account, NOTICE.read_bytes(), NOTICE.name).id


def build(wb: Workbench, world: World, folder: Path) -> Matrix:
    owner, outsider = Actor.command_line(world.org_a), Actor.command_line(world.org_b)
    client2 = create_user(wb, owner, "client2@example.com", "client", PASSWORD)
    world.emails["client2"] = client2.email
    world.tokens["client2"] = issue_credential(wb, client2, "api", name="tests").secret
    matrix = Matrix(world)
    notice_a = _notice(wb, owner, world.account_a)
    seen = matrix.targets["seen"] = _case_with(wb, owner, world.account_a, SEEN, notice_a)
    # a notice has one open case at a time: the hidden case is opened by hand
    hidden = _case_with(wb, owner, world.account_a, HIDDEN, notice_a, from_notice=False)
    update_case(wb, owner, hidden.case_id, {"client_visible": False})
    matrix.targets["hidden"] = hidden
    matrix.targets["a2"] = _case_with(
        wb, owner, world.account_a2, A2, _notice(wb, owner, world.account_a2)
    )
    update_account(wb, outsider, world.account_b, {"store_name": f"Other Shop {ORG_B}"})
    matrix.targets["org_b"] = _case_with(
        wb, outsider, world.account_b, ORG_B, _notice(wb, outsider, world.account_b)
    )
    for member in ("owner", "teammate"):  # the team's emails are in the activity the client sees
        comment(wb, world.actor(wb, member), seen.case_id, f"{SEEN} note from the team")
    save_letter(wb, owner, seen.case_id, draft_for_case(wb, owner, seen.case_id))
    make_pack(wb, owner, seen.case_id)
    accept_quote(wb, owner, seen.case_id, QuoteOptions())  # its engagement (issue 19)
    built = latest_pack(wb, owner, seen.case_id)
    assert built is not None
    orders = demo_orders(folder / "orders.csv", f"store-{world.account_a}", days=60)
    import_orders(wb, owner, profile="canonical", path=orders, days=30)
    # the feed of a member no check signs in as, so no check's write changes its address
    calendar = create_user(wb, owner, "calendar@example.com", "client", PASSWORD)
    set_client_access(wb, owner, world.account_a, calendar.email, allowed=True)
    matrix.params = {
        "version": 1,
        "kind": "txt",
        "digest": built["parts"][0]["sha256"],
        "secret": new_calendar_secret(wb, calendar.id),
        "token": "no-such-sign-up-link",
        "platform": "joom",
        "user_id": client2.id,
        "draft": draft_for_case(wb, owner, seen.case_id).model_dump(mode="json"),
        # on Amazon account A2, not given to the client; invited 70 hours before the tests' now,
        # so that the call the API books (an hour ago) has begun and a drop can be recorded
        "verification_id": open_verification(
            wb, owner, world.account_a2, invited_at=wb.clock.now() - timedelta(hours=70)
        ).id,
        # two more Amazon stores of org A for opening verifications (one in progress a store):
        # the owner's and the agent's opens take one each (tests/test_persona_matrix.py)
        "video_stores": [
            create_account(wb, owner, {"platform": "amazon", "store_name": f"Video store {n}"}).id
            for n in (1, 2)
        ],
        # association risk (issue 18): an identifier of account A, removed once at the end
        "identifier_id": add_identifier(wb, owner, world.account_a, "device", "PW-1").id,
        # issue 19: a private intake link, and a request to accept
        "link": new_link(wb, owner),
        "request_id": send_intake(wb, owner, INTAKE, None).id,
    }
    matrix.scratch = [scratch(wb, world), scratch(wb, world)]
    return matrix


def scratch(wb: Workbench, world: World) -> dict[str, int]:
    """Objects the destructive routes may delete: an account, a document, a token."""
    owner = Actor.command_line(world.org_a)
    account = create_account(wb, owner, {"platform": "joom", "store_name": "Scratch"}).id
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    document = add_document(wb, owner, case, "scratch.pdf", text_pdf("scratch"), []).id
    from reinstate.auth.service import user_by_email

    token = issue_credential(wb, user_by_email(wb, world.emails["owner"]), "api", name="x")
    ids = {"account_id": account, "document_id": document, "credential_id": token.credential.id}
    return ids | {"case_id": case}


def fresh_pdf() -> bytes:
    return text_pdf(f"Invoice {next(_COUNTER)}")


def fresh_pdf_base64() -> str:
    return base64.b64encode(fresh_pdf()).decode()
