"""Unit queues, claims (leases) and progress reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    exists,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from api.db.session import as_utc, utcnow
from api.db.tables import Coordinator, Petition, Transition
from api.db.tables import PetitionStatus as S
from api.services.access import COORDINATOR, PRIMARY, readable
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


_T = Petition.__table__.c  # plain table columns: Core statements skip the ORM layer


def _state_parts(state: str) -> list[Any]:
    """One condition per status, so each part walks the queue index in order and stops early.

    Values that change per request (`now`, the caller's token) are bound parameters, so the
    statement built from these parts can be cached and reused.
    """
    if state == "available":
        return [
            _T.status == S.routed,
            and_(_T.status == S.claimed, _T.claim_until < bindparam("now")),
        ]
    if state == "mine":
        return [
            and_(_T.status == status, _T.claimed_by == bindparam("token_id"))
            for status in (S.claimed, S.in_progress)
        ]
    statuses = {
        "open": (S.routed, S.claimed, S.in_progress),
        "resolved": (S.resolved,),
        "all": (S.routed, S.claimed, S.in_progress, S.resolved, S.returned),
    }[state]
    return [_T.status == status for status in statuses]


QUEUE_COLUMNS = (
    _T.id,
    _T.status,
    _T.received_at,
    _T.kind,
    _T.unit_code,
    _T.priority,
    _T.due_date,
    _T.provisional,
    _T.claim_until,
)


def _order(columns: Any) -> list[Any]:
    return [
        columns.priority.asc().nulls_last(),
        columns.due_date.asc().nulls_last(),
        columns.id.asc(),
    ]


@lru_cache(maxsize=256)
def _queue_statement(
    role: str, state: str, by_priority: bool, provisional: bool | None, by_kind: bool
) -> Select[Any]:
    """The queue query of one shape (filters present or not), built once per process.

    A UNION ALL of one top-N query per status: with 100,000 petitions each part reads only
    `offset + limit` rows of the (unit_code, status, priority, due_date, id) index.
    Parameters: unit_code, now, token_id, priority, kind, depth, limit, offset.
    """
    scope: ColumnElement[bool]
    if role == COORDINATOR:
        coordinators = Coordinator.__table__.c
        scope = exists().where(
            coordinators.petition_id == _T.id, coordinators.unit_code == bindparam("unit_code")
        )
    else:
        scope = _T.unit_code == bindparam("unit_code")
    filters: list[ColumnElement[bool]] = [scope]
    if by_priority:
        filters.append(_T.priority == bindparam("priority"))
    if provisional is not None:
        filters.append(_T.provisional.is_(provisional))
    if by_kind:
        filters.append(_T.kind == bindparam("kind"))
    depth = bindparam("depth", type_=Integer)
    parts = [
        select(*QUEUE_COLUMNS).where(*filters, part).order_by(*_order(_T)).limit(depth).subquery()
        for part in _state_parts(state)
    ]
    merged = union_all(*(select(part) for part in parts)).subquery()
    return (
        select(merged)
        .order_by(*_order(merged.c))
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


def warm_up() -> None:
    """Build and compile the default queue statement (for the app's start-up)."""
    from api.db.session import get_engine

    _queue_statement(PRIMARY, "available", False, None, False).compile(get_engine())


def list_queue(
    *, session: Session | Connection, caller: Caller, unit_code: str, query: QueueQuery
) -> list[Row[Any]]:
    """The unit's petitions (summary columns): by priority, then nearest deadline, then id.

    `session` may be a plain (autocommit) connection: the statement is Core only.
    """
    if query.state not in STATES:
        raise InvalidRequestError(f"state phải là một trong: {', '.join(STATES)}.")
    stmt = _queue_statement(
        COORDINATOR if query.role == COORDINATOR else PRIMARY,
        query.state,
        bool(query.priority),
        query.provisional,
        bool(query.kind),
    )
    params = {
        "unit_code": unit_code,
        "now": utcnow(),
        "token_id": caller.token_id,
        "priority": query.priority,
        "kind": query.kind,
        "depth": query.offset + query.limit,
        "limit": query.limit,
        "offset": query.offset,
    }
    return list(session.execute(stmt, params).all())


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
