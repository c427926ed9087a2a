"""A case's triage answers (seed 002: are the listings still for sale?) and what they make of
it: its violations, hence its checklist, and the type of letter that answers it.

Example::

    case = answer_triage(wb, actor, case_id, "yes")   # listings still for sale
    case.violations, letter_type_of(case, pack)       # ['buyer_account_association'], 'statement'
"""

from __future__ import annotations

from ..auth.actor import Actor
from ..events import record
from ..policies import triage as rules
from ..policies.schema import Pack
from ..storage.tables import Case
from ..workbench import Workbench
from .service import _set, get_case, schedule_reminders


def letter_type_of(case: Case, pack: Pack) -> str:
    """The type the triage chose, else the one the case's violations call for."""
    return case.letter_type or rules.default_letter_type(pack, list(case.violations))


def triage_answers(case: Case) -> dict[str, str]:
    return dict(case.triage or {})


def answer_triage(
    wb: Workbench, actor: Actor, case_id: int, answer: str, question: str | None = None
) -> Case:
    """Record the answer (yes, no or unknown) to the platform's triage question; the case's
    violations and letter type follow it, in the same transaction and one event."""
    actor.require_change()
    case = get_case(wb, actor, case_id)
    pack = wb.policies.get_pack(case.platform)
    asked = rules.question(pack, question)
    answer = rules.answer_value(answer)
    violations, letter_type = rules.answered(pack, list(case.violations), asked.id, answer)
    now = wb.clock.now()
    with wb.db.transaction() as session:
        stored = session.get(Case, case.id)
        assert stored is not None
        answers = {**triage_answers(stored), asked.id: answer}
        before = {
            "triage": triage_answers(stored),
            "violations": list(stored.violations),
            "letter_type": stored.letter_type,
        }
        after = {"triage": answers, "violations": violations, "letter_type": letter_type}
        if after == before:
            return stored
        _set(session, stored, {**after, "updated_at": now}, field="answer")
        record(
            session,
            actor,
            wb.clock,
            "case.triage",
            account_id=stored.account_id,
            case_id=stored.id,
            subject=f"#{stored.id}",
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
        schedule_reminders(session, stored, now)
        return stored
