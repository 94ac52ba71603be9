"""Engines and sessions: one engine per process (workers fork), one session per unit of work."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from api.settings import get_settings

_engines: dict[tuple[int, str], Engine] = {}
_sessionmakers: dict[Engine, sessionmaker[Session]] = {}

# A pooled connection idle longer than this is checked with a ping before use; busier ones
# are used as they are (a ping on every checkout is one more round trip per request).
PING_AFTER_IDLE = 10.0


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes: read them as UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """A new engine for `url` (SQLite gets WAL and a busy timeout for concurrent processes)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # More connections than the API's 40 threadpool slots, so no thread waits on the pool.
    engine = create_engine(url, pool_size=20, max_overflow=30, pool_timeout=10)
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Pessimistic disconnect handling, only for connections idle > PING_AFTER_IDLE s: a dead
    one is replaced (DisconnectionError makes the pool retry with a fresh connection)."""
    if time.monotonic() - record.info.get("checked_in", 0.0) < PING_AFTER_IDLE:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()
    except Exception as exc:
        raise DisconnectionError() from exc


def get_engine() -> Engine:
    """This process's engine for the configured database (a forked child makes its own)."""
    url = get_settings().sqlalchemy_url
    key = (os.getpid(), url)
    engine = _engines.get(key)
    if engine is None:
        engine = _engines[key] = make_engine(url)
    return engine


def dispose_engines() -> None:
    """Close every engine of this process (tests, shutdown)."""
    for key, engine in list(_engines.items()):
        if key[0] == os.getpid():
            engine.dispose()
        del _engines[key]
        _sessionmakers.pop(engine, None)


def new_session() -> Session:
    """A session on this process's engine; the caller commits or rolls back."""
    engine = get_engine()
    factory = _sessionmakers.get(engine)
    if factory is None:
        factory = _sessionmakers[engine] = sessionmaker(bind=engine, expire_on_commit=False)
    return factory()


@contextmanager
def read_connection() -> Iterator[Connection]:
    """A pooled connection in autocommit mode, for one read-only statement.

    No BEGIN and no ROLLBACK: one round trip to the database instead of three. A single
    SELECT still sees one consistent snapshot.
    """
    with get_engine().connect() as conn:
        yield conn.execution_options(isolation_level="AUTOCOMMIT")


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session for workers and scripts: commit on success, roll back on error."""
    session = new_session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
