"""Lifecycle transitions: every move of a petition is checked and written as a row."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.db.session import utcnow
from api.db.tables import Petition, Transition
from api.db.tables import PetitionStatus as S
from api.services.errors import ConflictError
from api.services.tokens import Caller

ALLOWED: dict[str | None, set[str]] = {
    None: {S.received, S.duplicate},
    S.received: {S.extracting, S.failed},
    S.extracting: {S.classified, S.failed, S.duplicate, S.extracting},
    S.classified: {S.routed, S.failed},
    S.routed: {S.routed, S.claimed},
    S.claimed: {S.claimed, S.in_progress, S.resolved, S.returned, S.routed},
    S.in_progress: {S.in_progress, S.resolved, S.returned},
    S.returned: {S.routed},
    S.failed: {S.received},
    S.resolved: set(),
    S.duplicate: set(),
}


def record_transition(
    *, session: Session, petition: Petition, to: str, caller: Caller, note: str | None = None
) -> None:
    """Move `petition` to `to` (ConflictError if the lifecycle forbids it) and log the move."""
    current = petition.status if petition.id is not None and petition.status else None
    if to not in ALLOWED.get(current, set()):
        raise ConflictError(
            f"Không thể chuyển đơn từ trạng thái {current} sang {to}.", code="bad_transition"
        )
    now = utcnow()
    petition.status = to
    petition.updated_at = now
    session.flush()
    session.add(
        Transition(
            petition_id=petition.id,
            at=now,
            actor=caller.actor,
            from_status=current,
            to_status=to,
            note=note,
        )
    )
