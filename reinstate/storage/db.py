"""Engine and transactions. Nothing is created at import time: ``Database(settings)``.

Within a web request (``Database.request_scope``, entered by the app for every request) the
reads share one session: signing in from the cookie, the reader's time zone and the page's own
queries take one connection from the pool and one transaction, not one each (issue 21). Each
``reading()`` block still hands out objects detached at its end, as before; a ``transaction()``
first lets the shared reads go, so a write is never read back stale.

Connections are not pinged at every checkout (a round trip per session): only one idle for
longer than ``IDLE_PING`` seconds is, and every connection is replaced after ``RECYCLE`` seconds,
so a database restart or a dropped idle connection still costs no request.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import N_, ConfigurationError
from ..settings import Settings


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            from pathlib import Path

            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_recycle=RECYCLE)
    event.listen(engine, "checkin", _checked_in)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


RECYCLE = 1800  # seconds a connection is kept at most
IDLE_PING = 10.0  # seconds unused after which a connection is checked before it is handed out


def _checked_in(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """A connection that sat unused may have been dropped (a restart, a firewall): check it, and
    a dead one is replaced by the pool (DisconnectionError) before anyone uses it. Under load
    connections come back within milliseconds, so this costs nothing there."""
    since = record.info.get("idle_since")
    if since is None or time.monotonic() - since < IDLE_PING:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()
    except Exception as exc:  # any driver's error: the connection is unusable
        raise DisconnectionError("the pooled connection was dropped") from exc


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


class _Shared:
    """The reads of one request: one session, opened at the first read."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.session: Session | None = None
        self.depth = 0
        self.open = True

    def release(self) -> None:
        if self.session is not None:
            session, self.session = self.session, None
            session.close()


_REQUEST: ContextVar[_Shared | None] = ContextVar("reinstate_request_reads", default=None)


class Database:
    """The product's one handle on its database."""

    def __init__(self, settings: Settings) -> None:
        self.url = settings.resolved_database_url()
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # A request's shared reads: on PostgreSQL without BEGIN and ROLLBACK around them (two
        # round trips of each page). Under READ COMMITTED every statement reads what was
        # committed when it started, in a transaction or not, so nothing read changes.
        reads = self.engine
        if self.engine.dialect.name == "postgresql":
            reads = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._request_reads = sessionmaker(reads, expire_on_commit=False, autoflush=False)

    def _shared(self) -> _Shared | None:
        shared = _REQUEST.get()
        return shared if shared is not None and shared.db is self and shared.open else None

    @contextmanager
    def request_scope(self) -> Iterator[None]:
        """Every ``reading()`` until the end shares one session (see the module's text)."""
        shared = _Shared(self)
        token = _REQUEST.set(shared)
        try:
            yield
        finally:
            shared.open = False
            _REQUEST.reset(token)
            shared.release()

    def end_reads(self) -> None:
        """Give the request's shared connection back now (its answer is on its way)."""
        shared = self._shared()
        if shared is not None and shared.depth == 0:
            shared.release()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together at the end, or not at all."""
        self.end_reads()  # nothing read before is handed out again after the write
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        shared = self._shared()
        if shared is None or shared.depth > 0:  # outside a request, or nested: its own
            with self._sessions() as session:
                yield session
            return
        if shared.session is None:
            shared.session = self._request_reads()
        session = shared.session
        shared.depth = 1
        try:
            yield session
        except BaseException:
            shared.release()
            raise
        else:
            session.expunge_all()  # detached, as a closed session leaves them
        finally:
            shared.depth = 0

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except OperationalError:
            return False

    def dispose(self) -> None:
        self.engine.dispose()


def unreachable(url: str) -> ConfigurationError:
    return ConfigurationError(N_("Cannot reach the database at {url}."), url=safe_url(url))
