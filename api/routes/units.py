"""Routes under /api/units: a unit's queue and claims (leases)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.auth import SessionDep, roles
from api.db.session import read_connection
from api.db.tables import Role
from api.schemas import ClaimRequest, PetitionRead, QueuePage
from api.services import audit, queues
from api.services.access import check_unit_path, readable
from api.services.tokens import Caller
from api.settings import get_settings
from api.views import petition_read, queue_page_json

router = APIRouter(prefix="/api/units", tags=["units"])

QueueReader = Annotated[Caller, roles(Role.unit, Role.reviewer, Role.admin)]
Unit = Annotated[Caller, roles(Role.unit)]


@router.get("/{code}/queue", response_model=QueuePage)
def get_queue(
    code: str,
    caller: QueueReader,
    role: Literal["primary", "coordinator"] = "primary",
    state: Literal["available", "open", "mine", "resolved", "all"] = "available",
    priority: Literal["P1", "P2", "P3"] | None = None,
    provisional: bool | None = None,
    kind: Literal["khieu_nai", "to_cao", "kien_nghi"] | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """The unit's petitions by priority, then deadline; a unit sees only its own queue.

    The hot path of the service: the read is audited through the buffered audit writer (no
    write in the request) and the page is serialized straight to JSON (no model objects).
    """
    check_unit_path(caller, code)
    query = queues.QueueQuery(
        role=role,
        state=state,
        priority=priority,
        provisional=provisional,
        kind=kind,
        limit=limit,
        offset=offset,
    )
    with read_connection() as conn:
        rows = queues.list_queue(session=conn, caller=caller, unit_code=code, query=query)
    if rows:
        audit.record_read(
            caller=caller,
            action="read_queue",
            detail=f"{code}: " + ",".join(str(row[0]) for row in rows),
        )
    return Response(
        queue_page_json(rows, limit=limit, offset=offset), media_type="application/json"
    )


@router.post("/{code}/queue/{petition_id}/claim", response_model=PetitionRead)
def claim(
    code: str, petition_id: int, session: SessionDep, caller: Unit, body: ClaimRequest | None = None
) -> PetitionRead:
    """Take a lease: no other puller gets the petition until it lapses or is released."""
    check_unit_path(caller, code)
    lease = (body.lease_seconds if body else None) or get_settings().claim_lease
    queues.claim(
        session=session, caller=caller, unit_code=code, petition_id=petition_id, lease_seconds=lease
    )
    audit.record(session=session, caller=caller, action="claim", petition_id=petition_id)
    session.commit()
    return petition_read(readable(session=session, caller=caller, petition_id=petition_id))


@router.post("/{code}/queue/{petition_id}/release", response_model=PetitionRead)
def release(code: str, petition_id: int, session: SessionDep, caller: Unit) -> PetitionRead:
    """Give the petition back to the queue before the lease lapses."""
    check_unit_path(caller, code)
    queues.release(session=session, caller=caller, unit_code=code, petition_id=petition_id)
    audit.record(session=session, caller=caller, action="release", petition_id=petition_id)
    session.commit()
    return petition_read(readable(session=session, caller=caller, petition_id=petition_id))
