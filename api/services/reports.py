"""Reports rebuilt from the transition log: what was open on a given date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.db.tables import Petition, Transition
from api.db.tables import PetitionStatus as S

CLOSED = (S.resolved, S.duplicate)


def open_on(*, session: Session, day: date, unit_code: str | None = None) -> dict:
    """Petitions open at the end of `day` (UTC), by their status then, from transitions."""
    cutoff = datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
    last = (
        select(Transition.petition_id, func.max(Transition.id).label("tid"))
        .where(Transition.at < cutoff)
        .group_by(Transition.petition_id)
        .subquery()
    )
    stmt = (
        select(Transition.petition_id, Transition.to_status)
        .join(last, Transition.id == last.c.tid)
        .where(Transition.to_status.not_in(CLOSED))
    )
    if unit_code:
        # The current primary unit: re-routing history is in the transitions' notes.
        stmt = stmt.join(Petition, Petition.id == Transition.petition_id).where(
            Petition.unit_code == unit_code
        )
    rows = session.execute(stmt.order_by(Transition.petition_id)).all()
    by_status: dict[str, int] = {}
    for _pid, status in rows:
        by_status[status] = by_status.get(status, 0) + 1
    return {
        "date": day.isoformat(),
        "open": len(rows),
        "by_status": by_status,
        "petition_ids": [pid for pid, _ in rows][:1000],
    }
