"""Audit log: who read or changed which petition.

Changes are recorded in the request's own transaction (`record`). Queue reads, the hot path,
go through `READS` (`record_read`): entries are buffered in memory and written in one
multi-row INSERT by a flusher thread every DONTHU_AUDIT_FLUSH seconds, at shutdown (the
app's lifespan), and before the audit log is read. With no flusher running (a script, or
DONTHU_AUDIT_FLUSH=0) every entry is written at once.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.db.session import session_scope, utcnow
from api.db.tables import AuditEntry
from api.services.tokens import Caller

log = logging.getLogger(__name__)


def record(
    *,
    session: Session,
    caller: Caller,
    action: str,
    petition_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Add one audit row (committed with the request's transaction)."""
    session.add(
        AuditEntry(
            at=utcnow(),
            token_id=caller.token_id,
            actor=caller.actor,
            action=action,
            petition_id=petition_id,
            detail=detail,
        )
    )


class ReadBuffer:
    """Audit entries of reads waiting to be written, and the thread that writes them."""

    def __init__(self) -> None:
        self._pending: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """True while a flusher thread writes the buffer in the background."""
        return self._thread is not None and self._thread.is_alive()

    def add(
        self, *, caller: Caller, action: str, petition_id: int | None, detail: str | None
    ) -> None:
        """Buffer one entry (written at once when no flusher runs)."""
        entry = {
            "at": utcnow(),
            "token_id": caller.token_id,
            "actor": caller.actor,
            "action": action,
            "petition_id": petition_id,
            "detail": detail,
        }
        with self._lock:
            self._pending.append(entry)
        if not self.running:
            self.flush()

    def flush(self) -> int:
        """Write every buffered entry in one transaction; how many were written.

        On a database error the entries go back to the buffer for the next attempt.
        """
        with self._flush_lock:
            with self._lock:
                batch, self._pending = self._pending, []
            if not batch:
                return 0
            try:
                with session_scope() as session:
                    session.execute(insert(AuditEntry), batch)
            except IntegrityError:
                return self._write_one_by_one(batch)
            except Exception:
                with self._lock:
                    self._pending[:0] = batch
                raise
            return len(batch)

    def _write_one_by_one(self, batch: list[dict[str, Any]]) -> int:
        """A batch the database refused: write each entry alone so one bad row (say, a token
        deleted meanwhile) cannot block the others forever; the bad one is logged whole."""
        written = 0
        for entry in batch:
            try:
                with session_scope() as session:
                    session.execute(insert(AuditEntry), [entry])
                written += 1
            except IntegrityError:
                log.error("audit entry refused by the database, logged here instead: %r", entry)
        return written

    def start(self, interval: float) -> None:
        """Run the flusher thread (no-op when `interval` is 0 or it already runs)."""
        if interval <= 0 or self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._loop, args=(interval,), daemon=True, name="donthu-audit"
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop the flusher and write what is left (called at shutdown)."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            thread.join(timeout=10)
        self.flush()

    def _loop(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.flush()
            except Exception:  # keep the entries and retry: an audit entry is never dropped
                log.exception("audit flush failed; retrying")


READS = ReadBuffer()


def record_read(
    *, caller: Caller, action: str, petition_id: int | None = None, detail: str | None = None
) -> None:
    """Audit a read without a write in the request: buffered, written within the interval."""
    READS.add(caller=caller, action=action, petition_id=petition_id, detail=detail)
