"""Audit log: who read or changed which petition."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.db.session import utcnow
from api.db.tables import AuditEntry
from api.services.tokens import Caller


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
