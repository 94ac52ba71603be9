"""Engines and sessions: one engine per process (workers fork), one session per unit of work."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from api.settings import get_settings

_engines: dict[tuple[int, str], Engine] = {}


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
    return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=30, pool_timeout=10)


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


def new_session() -> Session:
    """A session on this process's engine; the caller commits or rolls back."""
    return sessionmaker(bind=get_engine(), expire_on_commit=False)()


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
