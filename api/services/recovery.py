"""The sweep: re-queue petitions stuck because a worker died or a message was lost.

Brokers do not all redeliver (kombu's SQLite and filesystem transports never do; Redis only
after its visibility timeout), so recovery is driven by the database state:
- `received` and not sent to a worker for `requeue_after` seconds → send again;
- `extracting` with an expired worker lease → send again (the task takes it over).
Sending twice is harmless: the task is idempotent.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from api.db.session import utcnow
from api.db.tables import Petition
from api.db.tables import PetitionStatus as S


def find_stuck(*, session: Session, requeue_after: int, limit: int = 500) -> list[int]:
    """Ids of stuck petitions, marked as queued now (commit, then send them)."""
    now = utcnow()
    waiting_since = now - timedelta(seconds=requeue_after)
    stuck = or_(
        and_(
            Petition.status == S.received,
            or_(Petition.queued_at.is_(None), Petition.queued_at < waiting_since),
        ),
        and_(
            Petition.status == S.extracting,
            Petition.lease_until < now,
            or_(Petition.queued_at.is_(None), Petition.queued_at < waiting_since),
        ),
    )
    ids = list(session.scalars(select(Petition.id).where(stuck).order_by(Petition.id).limit(limit)))
    if ids:
        session.execute(
            update(Petition)
            .where(Petition.id.in_(ids))
            .values(queued_at=now)
            .execution_options(synchronize_session=False)
        )
    return ids


def mark_queued(*, session: Session, petition_id: int) -> None:
    """Remember when the petition was last sent to the workers."""
    session.execute(
        update(Petition)
        .where(Petition.id == petition_id)
        .values(queued_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def retry_failed(*, session: Session, petition: Petition) -> None:
    """Clear a failed petition's error so it can be processed again (caller records it)."""
    petition.error_code = None
    petition.error_message = None
    petition.queued_at = None
