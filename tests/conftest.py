"""Fixtures: both databases, a frozen clock, and the personas every route is tested with.

Each test that touches the database gets a fresh one, cloned from a migrated template (a file copy
on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL, made one test ahead and dropped in
batches on threads of their own: see ``Clones``). PostgreSQL is used when it answers at
REINSTATE_TEST_POSTGRES (default 127.0.0.1:5432, user postgres); with CI=true a missing
PostgreSQL fails the run instead of being left out.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from reinstate.accounts.service import create_account, set_client_access
from reinstate.auth import service as auth_service
from reinstate.auth.actor import Actor
from reinstate.auth.service import create_organisation, create_user, issue_credential
from reinstate.clock import FrozenClock
from reinstate.settings import Settings
from reinstate.storage.migrate import upgrade
from reinstate.web import create_app
from reinstate.workbench import Workbench

POSTGRES = os.environ.get(
    "REINSTATE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
NOW = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery"  # test personas only
VALID_ID = "11010519491231002X"  # the GB 11643 example number
VALID_USCC = "91350100M000100Y43"


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _postgres_answers() -> str | None:
    try:
        with psycopg.connect(_libpq(POSTGRES), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


_PG_PROBLEM = _postgres_answers()
BACKENDS = ["sqlite"] + (["postgresql"] if _PG_PROBLEM is None or IN_CI else [])


def pytest_report_header() -> str:
    if _PG_PROBLEM is None:
        return "databases: sqlite, postgresql"
    return f"databases: sqlite only — PostgreSQL did not answer ({_PG_PROBLEM})"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _PG_PROBLEM is not None and not IN_CI:
        terminalreporter.write_line(
            f"NOTE: PostgreSQL did not answer at {POSTGRES}; only SQLite was tested.", yellow=True
        )


def _admin(sql: str) -> None:
    with psycopg.connect(_libpq(POSTGRES), autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]


def _pg_url(name: str) -> str:
    return make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)


@dataclass
class World:
    """Organisation A (owner, teammate, client, viewer) and organisation B (outsider)."""

    org_a: int = 0
    org_b: int = 0
    emails: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    account_a: int = 0  # in A, assigned to the client
    account_a2: int = 0  # in A, not assigned
    account_b: int = 0  # in B

    def actor(self, wb: Workbench, persona: str) -> Actor:
        from reinstate.auth.service import actor_for, user_by_email

        return actor_for(user_by_email(wb, self.emails[persona]), "web")


def _build_world(url: str) -> World:
    settings = Settings(env="test", database_url=url, secret_key="x" * 40)
    wb = Workbench.open(settings, FrozenClock(NOW))
    world = World()
    try:
        org_a = create_organisation(wb, "Blue Ocean Trading 蓝海", "provider")
        org_b = create_organisation(wb, "Other Company", "seller")
        world.org_a, world.org_b = org_a.id, org_b.id
        for persona, role, org in (
            ("owner", "owner", org_a.id),
            ("teammate", "agent", org_a.id),
            ("client", "client", org_a.id),
            ("viewer", "viewer", org_a.id),
            ("outsider", "owner", org_b.id),
        ):
            email = f"{persona}@example.com"
            user = create_user(wb, Actor.command_line(org), email, role, PASSWORD)
            world.emails[persona] = email
            world.tokens[persona] = issue_credential(wb, user, "api", name="tests").secret
        a = Actor.command_line(org_a.id)
        world.account_a = create_account(
            wb,
            a,
            {
                "platform": "joom",
                "store_name": "Blue Ocean Home",
                "marketplace": "EU",
                "legal_rep_id_number": VALID_ID,
                "uscc": VALID_USCC,
            },
        ).id
        world.account_a2 = create_account(
            wb, a, {"platform": "amazon", "store_name": "Blue Ocean US", "marketplace": "US"}
        ).id
        set_client_access(wb, a, world.account_a, world.emails["client"], allowed=True)
        world.account_b = create_account(
            wb, Actor.command_line(org_b.id), {"platform": "shopee", "store_name": "Other Shop"}
        ).id
    finally:
        wb.close()
    return world


class Clones:
    """PostgreSQL databases for the tests, each cloned from a template for one test only.

    ``DROP DATABASE`` waits for a checkpoint of the whole server, the larger part of a clone's
    cost; drops asked for at the same time share one. So used databases are dropped
    ``BATCH`` at a time, side by side, on threads of their own; and the next clone of a
    template is made while the test before it runs (``CREATE DATABASE ... TEMPLATE``)."""

    BATCH = 16

    def __init__(self) -> None:
        self._maker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clone")
        self._dropper = ThreadPoolExecutor(max_workers=self.BATCH, thread_name_prefix="drop")
        self._ahead: dict[str, Future[str]] = {}
        self._used: list[str] = []
        self._drops: list[Future[None]] = []

    def _create(self, source: str) -> str:
        name = f"rs_{uuid.uuid4().hex[:12]}"
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        return name

    def take(self, source: str) -> str:
        """A new database cloned from ``source``; the next one is started at once."""
        made = self._ahead.pop(source, None) or self._maker.submit(self._create, source)
        name = made.result()
        self._ahead[source] = self._maker.submit(self._create, source)
        return name

    def give_back(self, name: str) -> None:
        self._used.append(name)
        if len(self._used) >= self.BATCH:
            self._drop_used()

    def _drop_used(self) -> None:
        self._drops = [future for future in self._drops if not future.done()]
        for name in self._used:
            drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
            self._drops.append(self._dropper.submit(_admin, drop))
        self._used = []

    def close(self) -> None:
        """Drop every database made, used or made ahead, and wait until they are gone."""
        self._used += [made.result() for made in self._ahead.values()]
        self._ahead.clear()
        self._drop_used()
        for drop in self._drops:
            drop.result()
        self._maker.shutdown(wait=True)
        self._dropper.shutdown(wait=True)


# The product's Argon2id at its lowest cost: the same hashing, verifying and rehashing, in a
# ten-thousandth of the time (at its own cost, about 0.2 s of both cores for each sign-in of the
# suite). The product keeps its own parameters: test_auth_service checks them.
PRODUCT_HASHER = auth_service._hasher
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth_service, "_hasher", TEST_HASHER)
        yield


@dataclass
class Templates:
    backend: str
    empty: str  # sqlite: a file path; postgresql: a database name
    world: str
    data: World
    clones: Clones | None = None  # postgresql only


@pytest.fixture(scope="session", params=BACKENDS)
def templates(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Templates]:
    backend: str = request.param
    if backend == "postgresql" and _PG_PROBLEM is not None:
        pytest.fail(f"CI needs PostgreSQL at {POSTGRES} and it did not answer: {_PG_PROBLEM}")
    if backend == "sqlite":
        folder = tmp_path_factory.mktemp("sqlite-templates")
        empty, world = folder / "empty.sqlite3", folder / "world.sqlite3"
        _migrate(f"sqlite:///{empty}")
        shutil.copyfile(empty, world)
        yield Templates(backend, str(empty), str(world), _build_world(f"sqlite:///{world}"))
        return
    stem = f"rs_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    empty, world = f"{stem}_empty", f"{stem}_world"
    _admin(f'CREATE DATABASE "{empty}"')
    try:
        _migrate(_pg_url(empty))
        _admin(f'CREATE DATABASE "{world}" TEMPLATE "{empty}"')
        clones = Clones()
        try:
            yield Templates(backend, empty, world, _build_world(_pg_url(world)), clones)
        finally:
            clones.close()
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{world}" WITH (FORCE)')
        _admin(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')


def _migrate(url: str) -> None:
    wb = Workbench.open(Settings(env="test", database_url=url, secret_key="x" * 40))
    try:
        upgrade(wb.db.engine)
    finally:
        wb.close()


@pytest.fixture(scope="session")
def site(templates: Templates, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The persona matrix's world behind one app, for the browser tests that only look at it
    (test_mobile, test_browser_charts): built once per database, not once per module. The
    persona matrix and test_words build their own, as they add to theirs."""
    from .test_persona_matrix import _setup

    yield from _setup(templates, tmp_path_factory.mktemp("site"))


@pytest.fixture
def backend(templates: Templates) -> str:
    return templates.backend


def _clone(templates: Templates, source: str, tmp_path: Path) -> Iterator[str]:
    if templates.backend == "sqlite":
        target = tmp_path / "reinstate.sqlite3"
        shutil.copyfile(source, target)
        yield f"sqlite:///{target}"
        return
    assert templates.clones is not None
    name = templates.clones.take(source)
    try:
        yield _pg_url(name)
    finally:
        templates.clones.give_back(name)


@pytest.fixture
def database_url(templates: Templates, tmp_path: Path) -> Iterator[str]:
    """A fresh database holding the personas' world."""
    yield from _clone(templates, templates.world, tmp_path)


@pytest.fixture
def empty_database_url(templates: Templates, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database."""
    yield from _clone(templates, templates.empty, tmp_path)


@pytest.fixture
def world(templates: Templates) -> World:
    return templates.data


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        env="test",
        data_dir=tmp_path / "data",
        database_url=database_url,
        secret_key="test-secret-" + "k" * 40,
        language="en",
    )


@pytest.fixture
def wb(settings: Settings, clock: FrozenClock) -> Iterator[Workbench]:
    workbench = Workbench.open(settings, clock)
    yield workbench
    workbench.close()


@pytest.fixture
def app(settings: Settings, wb: Workbench) -> Any:
    return create_app(settings, workbench=wb)


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class WebUser:
    """A browser-like session on the test client: signs in and posts forms with CSRF tokens."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def csrf(self, page: str = "/signin") -> str:
        match = _CSRF.search(self.client.get(page).text)
        assert match, f"no CSRF token on {page}"
        return match.group(1)

    def sign_in(self, email: str, password: str = PASSWORD) -> Any:
        token = self.csrf("/signin")
        return self.client.post(
            "/signin", data={"email": email, "password": password, "csrf_token": token}
        )

    def post(self, path: str, data: dict[str, str] | None = None, page: str = "/signin") -> Any:
        return self.client.post(path, data={**(data or {}), "csrf_token": self.csrf(page)})


@pytest.fixture
def web(client: TestClient) -> WebUser:
    return WebUser(client)


@pytest.fixture
def as_persona(app: Any, world: World) -> Iterator[Any]:
    """``as_persona("viewer")``: a separate signed-in web session for that persona."""
    clients: list[TestClient] = []

    def sign_in(persona: str) -> WebUser:
        test_client = TestClient(app, follow_redirects=False)
        test_client.__enter__()
        clients.append(test_client)
        user = WebUser(test_client)
        response = user.sign_in(world.emails[persona])
        assert response.status_code == 303, response.text
        return user

    yield sign_in
    for test_client in clients:
        test_client.__exit__(None, None, None)


def bearer(world: World, persona: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[persona]}"}
