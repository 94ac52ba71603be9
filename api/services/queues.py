"""Unit queues, claims (leases) and progress reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Row, and_, exists, or_, select, union_all, update
from sqlalchemy.orm import Session

from api.db.session import as_utc, utcnow
from api.db.tables import Coordinator, Petition, Transition
from api.db.tables import PetitionStatus as S
from api.services.access import COORDINATOR, readable
from api.services.errors import ConflictError, ForbiddenError, InvalidRequestError
from api.services.lifecycle import record_transition
from api.services.tokens import Caller

STATES = ("available", "open", "mine", "resolved", "all")


@dataclass(frozen=True)
class QueueQuery:
    """Filters and paging of a queue pull."""

    role: str = "primary"  # primary | coordinator
    state: str = "available"
    priority: str | None = None
    provisional: bool | None = None
    kind: str | None = None
    limit: int = 50
    offset: int = 0


def _state_parts(state: str, caller: Caller) -> list[Any]:
    """One condition per status, so each part walks the queue index in order and stops early."""
    now = utcnow()
    if state == "available":
        return [
            Petition.status == S.routed,
            and_(Petition.status == S.claimed, Petition.claim_until < now),
        ]
    if state == "mine":
        return [
            and_(Petition.status == status, Petition.claimed_by == caller.token_id)
            for status in (S.claimed, S.in_progress)
        ]
    statuses = {
        "open": (S.routed, S.claimed, S.in_progress),
        "resolved": (S.resolved,),
        "all": (S.routed, S.claimed, S.in_progress, S.resolved, S.returned),
    }[state]
    return [Petition.status == status for status in statuses]


QUEUE_COLUMNS = (
    Petition.id,
    Petition.status,
    Petition.received_at,
    Petition.kind,
    Petition.unit_code,
    Petition.priority,
    Petition.due_date,
    Petition.provisional,
    Petition.claim_until,
)


def _order(columns: Any) -> list[Any]:
    return [
        columns.priority.asc().nulls_last(),
        columns.due_date.asc().nulls_last(),
        columns.id.asc(),
    ]


def list_queue(
    *, session: Session, caller: Caller, unit_code: str, query: QueueQuery
) -> list[Row[Any]]:
    """The unit's petitions (summary columns): by priority, then nearest deadline, then id.

    A UNION ALL of one top-N query per status: with 100,000 petitions each part reads only
    `offset + limit` rows of the (unit_code, status, priority, due_date, id) index.
    """
    if query.state not in STATES:
        raise InvalidRequestError(f"state phải là một trong: {', '.join(STATES)}.")
    if query.role == COORDINATOR:
        scope = exists().where(
            Coordinator.petition_id == Petition.id, Coordinator.unit_code == unit_code
        )
    else:
        scope = Petition.unit_code == unit_code
    filters = [scope]
    if query.priority:
        filters.append(Petition.priority == query.priority)
    if query.provisional is not None:
        filters.append(Petition.provisional.is_(query.provisional))
    if query.kind:
        filters.append(Petition.kind == query.kind)
    depth = query.offset + query.limit
    parts = [
        select(*QUEUE_COLUMNS)
        .where(*filters, part)
        .order_by(*_order(Petition))
        .limit(depth)
        .subquery()
        for part in _state_parts(query.state, caller)
    ]
    merged = union_all(*(select(part) for part in parts)).subquery()
    stmt = select(merged).order_by(*_order(merged.c)).limit(query.limit).offset(query.offset)
    return list(session.execute(stmt).all())


def claim(
    *, session: Session, caller: Caller, unit_code: str, petition_id: int, lease_seconds: int
) -> Petition:
    """Take (or renew) the lease on a petition of the caller's unit."""
    access = readable(session=session, caller=caller, petition_id=petition_id)
    if access.relation == COORDINATOR or access.petition.unit_code != unit_code:
        raise ForbiddenError("Đơn vị phối hợp chỉ được xem, không được nhận xử lý đơn.")
    now = utcnow()
    previous = access.petition.status
    takeable = or_(
        Petition.status == S.routed,
        and_(
            Petition.status == S.claimed,
            or_(Petition.claim_until < now, Petition.claimed_by == caller.token_id),
        ),
    )
    result = session.execute(
        update(Petition)
        .where(Petition.id == petition_id, Petition.unit_code == unit_code, takeable)
        .values(
            status=S.claimed,
            claimed_by=caller.token_id,
            updated_at=now,
            claim_until=now + timedelta(seconds=lease_seconds),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(
            "Đơn đang được người khác nhận xử lý hoặc không còn trong hàng đợi.",
            code="not_claimable",
        )
    session.add(
        Transition(
            petition_id=petition_id,
            at=now,
            actor=caller.actor,
            from_status=previous,
            to_status=S.claimed,
            note=f"lease {lease_seconds}s",
        )
    )
    session.refresh(access.petition)
    return access.petition


def release(*, session: Session, caller: Caller, unit_code: str, petition_id: int) -> Petition:
    """Give a claimed petition back to the queue."""
    petition = _own_claim(session, caller, unit_code, petition_id, statuses=(S.claimed,))
    petition.claimed_by = None
    petition.claim_until = None
    record_transition(
        session=session, petition=petition, to=S.routed, caller=caller, note="released"
    )
    return petition


def _own_claim(
    session: Session,
    caller: Caller,
    unit_code: str | None,
    petition_id: int,
    statuses: tuple[str, ...],
) -> Petition:
    access = readable(session=session, caller=caller, petition_id=petition_id)
    petition = access.petition
    if access.relation == COORDINATOR or (unit_code and petition.unit_code != unit_code):
        raise ForbiddenError("Đơn vị phối hợp chỉ được xem, không được đổi trạng thái đơn.")
    if petition.status not in statuses:
        raise ConflictError()
    lease = as_utc(petition.claim_until)
    if petition.status == S.claimed and (
        petition.claimed_by != caller.token_id or lease is None or lease < utcnow()
    ):
        raise ConflictError("Đơn vị cần nhận (claim) đơn trước khi cập nhật.", code="not_claimed")
    return petition


def report_status(
    *, session: Session, caller: Caller, petition_id: int, status: str, note: str | None
) -> Petition:
    """A unit reports progress or the result: in_progress, resolved or returned (misrouted)."""
    if status not in (S.in_progress, S.resolved, S.returned):
        raise InvalidRequestError("status phải là in_progress, resolved hoặc returned.")
    if status == S.returned and not (note and note.strip()):
        raise InvalidRequestError("Trả lại đơn cần ghi rõ lý do (note).", code="reason_required")
    petition = _own_claim(session, caller, None, petition_id, statuses=(S.claimed, S.in_progress))
    if status == S.resolved:
        petition.result = note
    if status in (S.resolved, S.returned):
        petition.claimed_by = None
        petition.claim_until = None
    if status == S.returned:
        petition.provisional = True
    record_transition(session=session, petition=petition, to=status, caller=caller, note=note)
    return petition
