"""One notice per file per account, held by the database (issue 16, revision 0020): two uploads
of the same .eml at the same moment store it once, and the other is refused with a link to the
first; copies stored before the revision are kept, and the revision goes down and up again.

The racers are real threads, each with its own workbench (its own connection), on SQLite and
PostgreSQL, as in tests/test_races.py.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from reinstate.clock import FrozenClock
from reinstate.notices import service
from reinstate.notices.service import DuplicateNotice, store_notice
from reinstate.settings import Settings
from reinstate.storage.migrate import _config, upgrade
from reinstate.storage.tables import Notice
from reinstate.workbench import Workbench

from .conftest import World
from .test_races import ROUNDS, race


def _mail(round_: int) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"] = "Amazon <cs-reply@amazon.com>", "me@example.com"
    msg["Subject"], msg["Date"] = "A-to-z Guarantee claim", "Tue, 10 Nov 2026 09:00:00 +0000"
    msg["Authentication-Results"] = (
        "mx.test; spf=pass smtp.mailfrom=amazon.com; dkim=pass header.d=amazon.com; dmarc=pass"
    )
    msg.set_content(
        f"A buyer has filed an A-to-z Guarantee claim for order 112-3456789-123456{round_ % 10}. "
        "Respond to this claim in Seller Central."
    )
    return msg.as_bytes(policy=SMTP)


def _stored(wb: Workbench, account_id: int, digest: str) -> list[int]:
    with wb.db.reading() as session:
        return list(
            session.scalars(
                select(Notice.id)
                .where(Notice.account_id == account_id, Notice.sha256 == digest)
                .order_by(Notice.id)
            )
        )


def _check_race(wb: Workbench, world: World, settings: Settings, clock: FrozenClock) -> None:
    agent = world.actor(wb, "teammate")
    for round_ in range(ROUNDS):
        data = _mail(round_)
        results = race(
            settings,
            clock,
            8,
            lambda b, data=data: store_notice(b, agent, world.account_a2, data, "claim.eml"),
        )
        kept = [r for r in results if isinstance(r, Notice)]
        refused = [r for r in results if isinstance(r, DuplicateNotice)]
        assert (len(kept), len(refused)) == (1, 7), results
        first = kept[0].id
        assert all(r.first_id == first and f"/notices/{first}" in str(r) for r in refused)
        assert _stored(wb, world.account_a2, kept[0].sha256) == [first]


def test_eight_simultaneous_uploads_of_one_file_store_it_once(
    wb: Workbench, world: World, settings: Settings, clock: FrozenClock
) -> None:
    _check_race(wb, world, settings, clock)


def test_the_database_refuses_the_copy_even_when_the_read_misses_it(
    wb: Workbench,
    world: World,
    settings: Settings,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every racer's read is made to find nothing (as when both read before either commits):
    the unique index alone keeps one, and the others still get the link to it."""
    monkeypatch.setattr(service, "_refuse_duplicate", lambda *_: None)
    _check_race(wb, world, settings, clock)


def test_the_upgrade_keeps_copies_stored_before_it_and_goes_down_and_up(
    wb: Workbench, world: World
) -> None:
    agent = world.actor(wb, "teammate")
    first = store_notice(wb, agent, world.account_a2, _mail(0), "a.eml")
    other = store_notice(wb, agent, world.account_a, _mail(0), "a.eml")  # another account
    command.downgrade(_config(wb.db.engine), "0019")
    columns = [c for c in Notice.__table__.columns if c.name not in ("id", "unique_sha256")]
    row: dict[str, Any] = {c.name: getattr(first, c.name) for c in columns}
    with wb.db.engine.begin() as connection:  # what two uploads at once left before 0020
        connection.execute(insert(Notice.__table__).values({**row, "filename": "again.eml"}))
    upgrade(wb.db.engine)
    ids = _stored(wb, world.account_a2, first.sha256)
    assert len(ids) == 2 and ids[0] == first.id  # both kept: a case may point at either
    with wb.db.reading() as session:
        keys = dict(session.execute(select(Notice.id, Notice.unique_sha256)).all())
    assert (keys[first.id], keys[ids[1]], keys[other.id]) == (first.sha256, None, first.sha256)
    with pytest.raises(DuplicateNotice) as refused:
        store_notice(wb, agent, world.account_a2, _mail(0), "third.eml")
    assert refused.value.first_id == first.id
    with pytest.raises(IntegrityError), wb.db.engine.begin() as connection:
        connection.execute(insert(Notice.__table__).values({**row, "unique_sha256": first.sha256}))
    with wb.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Notice)) >= 3
