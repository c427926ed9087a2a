"""Writes that cannot race: many people acting on one case at the same moment.

Each racer is a real thread with its own workbench (its own engine and connection), released
together by a barrier, on SQLite and PostgreSQL. REINSTATE_RACE_ROUNDS=20 repeats each race
with a fresh case to check that the outcome is stable; the suite runs one round.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from reinstate.cases import rules
from reinstate.cases.service import Outcome, apply_event, get_case, open_case, update_case
from reinstate.clock import FrozenClock
from reinstate.errors import Conflict
from reinstate.evidence import service as evidence
from reinstate.letters import service as letters
from reinstate.settings import Settings
from reinstate.storage.migrate import _config, upgrade
from reinstate.storage.tables import Case, Document, Event, Reminder
from reinstate.web import create_app
from reinstate.workbench import Workbench

from .conftest import World
from .live import serving
from .test_evidence_checks import text_pdf

ROUNDS = int(os.environ.get("REINSTATE_RACE_ROUNDS", "1"))


def race(
    settings: Settings, clock: FrozenClock, n: int, work: Callable[[Workbench], Any]
) -> list[Any]:
    """``work`` run by ``n`` threads at once, each on its own workbench; what each returned or
    raised."""
    benches = [Workbench.open(settings, clock) for _ in range(n)]
    for bench in benches:
        assert bench.db.ping()  # connect before the start, so the start is together
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(benches[i])
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for bench in benches:
        bench.close()
    return results


def events_named(wb: Workbench, case_id: int, name: str) -> int:
    with wb.db.reading() as session:
        return int(
            session.scalar(select(func.count()).where(Event.case_id == case_id, Event.name == name))
            or 0
        )


def _case(wb: Workbench, world: World) -> int:
    return open_case(wb, world.actor(wb, "teammate"), world.account_a, ["counterfeit"]).id


def test_it_applies_one_of_twenty_simultaneous_submissions(
    wb: Workbench, world: World, settings: Settings, clock: FrozenClock
) -> None:
    agent = world.actor(wb, "teammate")
    for _ in range(ROUNDS):
        case = _case(wb, world)
        results = race(
            settings, clock, 20, lambda b, case=case: apply_event(b, agent, case, "submitted")
        )
        applied = [r for r in results if isinstance(r, Outcome)]
        refused = [r for r in results if isinstance(r, Conflict)]
        assert (len(applied), len(refused)) == (1, 19), results
        assert all("submitted" in str(r) for r in refused), refused
        assert events_named(wb, case, "case.submitted") == 1
        stored = get_case(wb, agent, case)
        assert (stored.state, stored.attempts_used) == ("submitted", 1)


def test_it_numbers_twenty_simultaneous_letter_saves_one_to_twenty(
    wb: Workbench, world: World, settings: Settings, clock: FrozenClock
) -> None:
    agent = world.actor(wb, "teammate")
    for _ in range(ROUNDS):
        case = _case(wb, world)
        draft = letters.draft_for_case(wb, agent, case)
        results = race(
            settings,
            clock,
            20,
            lambda b, case=case, draft=draft: letters.save_letter(b, agent, case, draft),
        )
        assert [r for r in results if isinstance(r, Exception)] == []
        assert sorted(r.version for r in results) == list(range(1, 21))
        assert [v.version for v in letters.letters_of(wb, agent, case)] == list(range(20, 0, -1))
        assert events_named(wb, case, "letter.saved") == 20


def test_it_keeps_one_document_of_four_simultaneous_uploads(
    wb: Workbench, world: World, settings: Settings, clock: FrozenClock
) -> None:
    agent = world.actor(wb, "teammate")
    for round_ in range(ROUNDS):
        case = _case(wb, world)
        data = text_pdf("Remediation letter", f"round {round_}")
        results = race(
            settings,
            clock,
            4,
            lambda b, case=case, data=data: evidence.add_document(
                b, agent, case, "letter.pdf", data, []
            ),
        )
        kept = [r for r in results if isinstance(r, Document)]
        refused = [r for r in results if isinstance(r, Conflict)]
        assert (len(kept), len(refused)) == (1, 3), results
        assert all("letter.pdf" in str(r) for r in refused), refused
        assert [d.id for d in evidence.documents_of(wb, agent, case)] == [kept[0].id]
        assert events_named(wb, case, "evidence.added") == 1


@pytest.fixture
def server(settings: Settings, wb: Workbench) -> Iterator[str]:
    """The app behind a real uvicorn on 127.0.0.1, so requests really run side by side."""
    with serving(create_app(settings, workbench=wb)) as address:
        yield address


def test_the_api_answers_409_to_the_losers_of_a_race(
    server: str, wb: Workbench, world: World
) -> None:
    case = _case(wb, world)
    headers = {
        "Authorization": f"Bearer {world.tokens['teammate']}",
        "Content-Type": "application/json",
    }
    barrier = threading.Barrier(20)
    answers: list[tuple[int, dict[str, Any]]] = []

    def post() -> None:
        connection = http.client.HTTPConnection(server.removeprefix("http://"), timeout=60)
        connection.connect()  # connected before the start
        barrier.wait()
        body = json.dumps({"event": "submitted", "confirm": True})
        connection.request("POST", f"/api/v1/cases/{case}/events", body=body, headers=headers)
        response = connection.getresponse()
        answers.append((response.status, json.loads(response.read())))
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(status for status, _ in answers) == [200] + [409] * 19, answers
    for status, body in answers:
        if status == 409:
            assert body["ok"] is False and body["status"] == 409
            assert body["error"]["code"] == "conflict"
            assert "submitted" in body["error"]["message"]
    assert events_named(wb, case, "case.submitted") == 1


def test_the_upgrade_keeps_the_first_of_documents_already_duplicated(
    wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    case = _case(wb, world)
    first = evidence.add_document(wb, agent, case, "a.pdf", text_pdf("Invoices"), [])
    other = evidence.add_document(wb, agent, case, "b.pdf", text_pdf("Licence"), [])
    command.downgrade(_config(wb.db.engine), "0008")
    row = {c.name: getattr(first, c.name) for c in Document.__table__.columns if c.name != "id"}
    with wb.db.engine.begin() as connection:  # what simultaneous uploads left before 0009
        for name in ("a again.pdf", "a third.pdf"):
            connection.execute(insert(Document).values({**row, "filename": name}))
    upgrade(wb.db.engine)
    assert [d.id for d in evidence.documents_of(wb, agent, case)] == [first.id, other.id]
    with wb.db.reading() as session:
        hidden = session.scalars(
            select(Event).where(Event.case_id == case, Event.name == "evidence.removed")
        ).all()
    assert sorted(e.subject for e in hidden) == ["a again.pdf", "a third.pdf"]
    assert {(e.actor, e.before["duplicate_of"]) for e in hidden if e.before} == {
        ("reinstate db upgrade", first.id)
    }
    with pytest.raises(IntegrityError), wb.db.engine.begin() as connection:
        connection.execute(insert(Document).values({**row, "filename": "a fourth.pdf"}))


def one_each(*works: Callable[[Workbench], Any]) -> Callable[[Workbench], Any]:
    """For :func:`race`: each racer runs the next of ``works``."""
    turn = iter(works)
    lock = threading.Lock()

    def run(bench: Workbench) -> Any:
        with lock:
            mine = next(turn)
        return mine(bench)

    return run


def _reminders(wb: Workbench, case_id: int) -> set[str]:
    with wb.db.reading() as session:
        return set(session.scalars(select(Reminder.kind).where(Reminder.case_id == case_id)))


def _opened_with_deadline(wb: Workbench, world: World) -> int:
    agent = world.actor(wb, "teammate")
    return open_case(wb, agent, world.account_a, ["counterfeit"], deadline=date(2026, 11, 25)).id


def test_a_deadline_change_read_before_a_submission_is_refused_not_written(
    wb: Workbench,
    world: World,
    settings: Settings,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ann submits the case (on her own connection) after Bob's change read it, before Bob's
    change is written: Bob is told, and the case keeps the reminders of a submitted case."""
    agent = world.actor(wb, "teammate")
    case = _opened_with_deadline(wb, world)
    ann = Workbench.open(settings, clock)
    day_end = rules.end_of_day

    def ann_submits_meanwhile(day: date, pack: Any) -> Any:
        submit = threading.Thread(target=apply_event, args=(ann, agent, case, "submitted"))
        submit.start()
        submit.join(timeout=60)
        return day_end(day, pack)

    monkeypatch.setattr(rules, "end_of_day", ann_submits_meanwhile)
    with pytest.raises(Conflict, match="submitted"):
        update_case(wb, agent, case, {"deadline": date(2026, 11, 27)})
    ann.close()
    assert get_case(wb, agent, case).state == "submitted"
    assert _reminders(wb, case) == {"review_due"}
    assert events_named(wb, case, "case.updated") == 0


def test_a_deadline_change_racing_a_submission_leaves_the_reminders_of_the_final_state(
    wb: Workbench, world: World, settings: Settings, clock: FrozenClock
) -> None:
    agent = world.actor(wb, "teammate")
    for _ in range(ROUNDS):
        case = _opened_with_deadline(wb, world)
        work = one_each(
            lambda b, case=case: apply_event(b, agent, case, "submitted"),
            lambda b, case=case: update_case(b, agent, case, {"deadline": date(2026, 11, 27)}),
        )
        results = race(settings, clock, 2, work)
        assert [r for r in results if not isinstance(r, (Outcome, Case, Conflict))] == []
        assert sum(isinstance(r, Conflict) for r in results) <= 1, results
        submitted = get_case(wb, agent, case).state == "submitted"
        assert _reminders(wb, case) == ({"review_due"} if submitted else {"due"})


def test_two_marks_of_delivery_at_once_deliver_once(
    wb: Workbench, world: World, settings: Settings, clock: FrozenClock
) -> None:
    """The case page's button, clicked twice or by two agents: one delivery, one event; the
    other is told the deliverables are already delivered."""
    from reinstate.provider import service as provider

    owner = world.actor(wb, "owner")
    case = open_case(wb, owner, world.account_a, ["counterfeit"]).id
    provider.accept_quote(wb, owner, case, provider.QuoteOptions(kind="suspension"))
    outcomes = race(
        settings,
        clock,
        4,
        lambda bench: provider.deliver(bench, world.actor(bench, "owner"), case).delivered_at,
    )
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(refused) == 3, outcomes
    assert events_named(wb, case, "engagement.delivered") == 1
