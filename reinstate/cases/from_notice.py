"""A stored notice's case: the one opened from it (its account, violations and deadline), and
the answer to the platform's triage question the notice asks, recorded on that case.

Example::

    case = open_from_notice(wb, agent, notice_id)           # the "Open a case" button
    notice_case(wb, viewer, notice_id)                      # the newest the viewer sees, or None
    answer_for_notice(wb, agent, notice_id, "yes")          # opens the case first when none is
"""

from __future__ import annotations

from sqlalchemy import select

from ..accounts.service import get_account
from ..auth.actor import Actor
from ..errors import N_, InvalidInput
from ..notices.kinds import ACTIONABLE_VERDICTS
from ..notices.service import get_notice
from ..policies import triage as rules
from ..storage.tables import Case, Notice
from ..tenancy import scope
from ..workbench import Workbench
from . import service
from .triage import answer_triage


def open_from_notice(wb: Workbench, actor: Actor, notice_id: int) -> Case:
    """The notice's case: the one opened from it that is still open, or a new one for the
    notice's account, naming the notice's violations the platform knows (``other`` when it
    names none)."""
    notice = get_notice(wb, actor, notice_id)  # looked up before the role: 404 before 403
    actor.require_change()
    account = get_account(wb, actor, notice.account_id)
    offered = service.violation_choices(wb.policies.get_pack(account.platform))
    violations = [v for v in notice.report.get("violations") or [] if v in offered] or ["other"]
    return service.open_case(
        wb, actor, notice.account_id, violations, notice_id=notice.id, reuse_open=True
    )


def notice_case(wb: Workbench, actor: Actor, notice_id: int) -> Case | None:
    """The newest case opened from the notice that the actor may see, or None."""
    query = scope(select(Case), actor, Case).where(Case.notice_id == notice_id)
    with wb.db.reading() as session:
        return session.scalars(query.order_by(Case.id.desc()).limit(1)).first()


def _refuse_unless_actionable(notice: Notice) -> None:
    if notice.verdict not in ACTIONABLE_VERDICTS:
        raise InvalidInput(
            N_("This notice is not to be acted on: its questions are not answered."),
            field="answer",
        )


def answer_for_notice(
    wb: Workbench, actor: Actor, notice_id: int, answer: str, question: str | None = None
) -> Case:
    """Record the answer to the triage question the notice asks on the notice's open case; a
    notice with none has one opened from it first, once the answer is known to be valid (a
    refused answer opens nothing): a case that is over is left as it was."""
    notice = get_notice(wb, actor, notice_id)
    actor.require_change()
    _refuse_unless_actionable(notice)
    account = get_account(wb, actor, notice.account_id)
    pack = wb.policies.get_pack(account.platform)
    asked = rules.question(pack, question)
    answer = rules.answer_value(answer)
    rules.answered(pack, [], asked.id, answer)  # refuses an answer the question does not take
    case = open_from_notice(wb, actor, notice.id)  # its open case, or a new one
    return answer_triage(wb, actor, case.id, answer, asked.id)
