"""Admin and reviewer routes: audit log and reports."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from api.auth import SessionDep, roles
from api.db.tables import AuditEntry, Role
from api.schemas import AuditRead
from api.services import audit, reports
from api.services.tokens import Caller

router = APIRouter(prefix="/api", tags=["admin"])

Admin = Annotated[Caller, roles(Role.admin)]
Reviewer = Annotated[Caller, roles(Role.reviewer, Role.admin)]


@router.get("/audit", response_model=list[AuditRead])
def get_audit(
    session: SessionDep,
    caller: Admin,
    petition_id: int | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditEntry]:
    """Who read or changed which petition, newest first (buffered reads written first)."""
    audit.READS.flush()
    stmt = select(AuditEntry)
    if petition_id is not None:
        stmt = stmt.where(AuditEntry.petition_id == petition_id)
    return list(session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(limit)))


@router.get("/reports/open")
def open_report(session: SessionDep, caller: Reviewer, on: date, unit: str | None = None) -> dict:
    """What was open at the end of day `on`, rebuilt from the transitions."""
    return reports.open_on(session=session, day=on, unit_code=unit)
