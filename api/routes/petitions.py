"""Routes under /api/petitions: upload, read, review, progress, retry, disclosure."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from sqlalchemy import select

from api import tasks
from api.auth import CallerDep, SessionDep, roles
from api.db.session import utcnow
from api.db.tables import DisclosureGrant, Petition, PetitionFile, Role, Transition
from api.db.tables import PetitionStatus as S
from api.schemas import (
    DisclosureRequest,
    LabelsPatch,
    PetitionCreated,
    PetitionRead,
    QueuePage,
    StatusReport,
    TransitionRead,
)
from api.services import audit, intake, queues, recovery, review
from api.services.access import readable
from api.services.errors import ForbiddenError, NotFoundError
from api.services.lifecycle import record_transition
from api.services.tokens import Caller
from api.settings import get_settings
from api.storage import get_blob
from api.views import petition_read, summary

router = APIRouter(prefix="/api/petitions", tags=["petitions"])

Intake = Annotated[Caller, roles(Role.intake, Role.admin)]
Reviewer = Annotated[Caller, roles(Role.reviewer, Role.admin)]
Staff = Annotated[Caller, roles(Role.intake, Role.reviewer, Role.admin)]
Unit = Annotated[Caller, roles(Role.unit)]
Admin = Annotated[Caller, roles(Role.admin)]


@router.post("", status_code=202, response_model=PetitionCreated)
def upload_petition(
    session: SessionDep,
    caller: Intake,
    files: Annotated[list[UploadFile], File(description="one or more files of one petition")],
    received_at: Annotated[date | None, Form()] = None,
    channel: Annotated[str, Form()] = "mail",
) -> PetitionCreated:
    """Store the files durably and queue the petition; OCR happens in a worker."""
    uploaded = [intake.UploadedFile(f.filename or "", f.file.read()) for f in files]
    petition = intake.create_petition(
        session=session,
        files=uploaded,
        caller=caller,
        received_at=received_at,
        channel=channel,
        max_bytes=get_settings().max_upload_bytes,
    )
    audit.record(session=session, caller=caller, action="upload", petition_id=petition.id)
    if petition.status == S.received:
        petition.queued_at = utcnow()
    session.commit()
    if petition.status == S.received:
        tasks.enqueue(petition.id)
    return PetitionCreated(
        id=petition.id, status=petition.status, duplicate_of=petition.duplicate_of_id
    )


@router.get("", response_model=QueuePage)
def list_petitions(
    session: SessionDep,
    caller: Staff,
    status: str | None = None,
    provisional: bool | None = None,
    unit: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> QueuePage:
    """All petitions for intake, reviewers and admins (e.g. the review queue)."""
    stmt = select(Petition)
    if status:
        stmt = stmt.where(Petition.status == status)
    if provisional is not None:
        stmt = stmt.where(Petition.provisional.is_(provisional))
    if unit:
        stmt = stmt.where(Petition.unit_code == unit)
    rows = list(session.scalars(stmt.order_by(Petition.id).limit(limit).offset(offset)))
    if rows:
        audit.record(
            session=session, caller=caller, action="list", detail=",".join(str(p.id) for p in rows)
        )
        session.commit()
    return QueuePage(
        items=[summary(p) for p in rows],
        limit=limit,
        offset=offset,
        next_offset=offset + limit if len(rows) == limit else None,
    )


@router.get("/{petition_id}", response_model=PetitionRead)
def get_petition(petition_id: int, session: SessionDep, caller: CallerDep) -> PetitionRead:
    """Status, text, labels, routing and error of one petition in the caller's scope."""
    access = readable(session=session, caller=caller, petition_id=petition_id)
    result = petition_read(access)
    audit.record(
        session=session,
        caller=caller,
        action="read",
        petition_id=petition_id,
        detail="redacted" if access.redact else None,
    )
    session.commit()
    return result


@router.get("/{petition_id}/history", response_model=list[TransitionRead])
def get_history(petition_id: int, session: SessionDep, caller: CallerDep) -> list[Transition]:
    """Every lifecycle move of the petition (who, when, from, to, note)."""
    readable(session=session, caller=caller, petition_id=petition_id)
    rows = list(
        session.scalars(
            select(Transition).where(Transition.petition_id == petition_id).order_by(Transition.id)
        )
    )
    audit.record(session=session, caller=caller, action="read_history", petition_id=petition_id)
    session.commit()
    return rows


@router.get("/{petition_id}/files/{position}")
def get_file(petition_id: int, position: int, session: SessionDep, caller: CallerDep) -> Response:
    """An original file; withheld from units on a denunciation unless an admin granted it."""
    access = readable(session=session, caller=caller, petition_id=petition_id)
    if access.redact:
        raise ForbiddenError(
            "Bản gốc đơn tố cáo được giữ bí mật để bảo vệ người tố cáo.", code="identity_withheld"
        )
    row = session.scalar(
        select(PetitionFile).where(
            PetitionFile.petition_id == petition_id, PetitionFile.position == position
        )
    )
    if row is None:
        raise NotFoundError()
    data = get_blob(session=session, sha256=row.blob_sha256) or b""
    audit.record(
        session=session,
        caller=caller,
        action="read_file",
        petition_id=petition_id,
        detail=row.filename,
    )
    session.commit()
    return Response(
        content=data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="file{position}"'},
    )


@router.patch("/{petition_id}/labels", response_model=PetitionRead)
def patch_labels(
    petition_id: int, body: LabelsPatch, session: SessionDep, caller: Reviewer
) -> PetitionRead:
    """Confirm (empty body) or correct the labels; re-routed at once, correction kept."""
    changes = body.model_dump(exclude_unset=True)
    petition = review.correct_labels(
        session=session, caller=caller, petition_id=petition_id, changes=changes
    )
    audit.record(
        session=session,
        caller=caller,
        action="correct_labels",
        petition_id=petition_id,
        detail=",".join(sorted(changes)) or "confirm",
    )
    session.commit()
    return petition_read(readable(session=session, caller=caller, petition_id=petition.id))


@router.post("/{petition_id}/status", response_model=PetitionRead)
def post_status(
    petition_id: int, body: StatusReport, session: SessionDep, caller: Unit
) -> PetitionRead:
    """The primary unit reports in_progress, resolved (with the result) or returned (reason)."""
    queues.report_status(
        session=session, caller=caller, petition_id=petition_id, status=body.status, note=body.note
    )
    audit.record(
        session=session, caller=caller, action=f"status_{body.status}", petition_id=petition_id
    )
    session.commit()
    return petition_read(readable(session=session, caller=caller, petition_id=petition_id))


@router.post("/{petition_id}/retry", status_code=202, response_model=PetitionCreated)
def retry(petition_id: int, session: SessionDep, caller: Intake) -> PetitionCreated:
    """Process a failed petition again."""
    petition = session.get(Petition, petition_id)
    if petition is None:
        raise NotFoundError()
    record_transition(
        session=session,
        petition=petition,
        to=S.received,
        caller=caller,
        note=f"retry after {petition.error_code}",
    )
    recovery.retry_failed(session=session, petition=petition)
    petition.queued_at = utcnow()
    audit.record(session=session, caller=caller, action="retry", petition_id=petition_id)
    session.commit()
    tasks.enqueue(petition_id)
    return PetitionCreated(id=petition.id, status=petition.status)


@router.post("/{petition_id}/disclosures", status_code=201)
def grant_disclosure(
    petition_id: int, body: DisclosureRequest, session: SessionDep, caller: Admin
) -> dict:
    """Let one unit see the denouncer's identity on this petition (logged)."""
    if session.get(Petition, petition_id) is None:
        raise NotFoundError()
    session.add(
        DisclosureGrant(
            petition_id=petition_id,
            unit_code=body.unit,
            granted_by=caller.actor,
            at=utcnow(),
            reason=body.reason,
        )
    )
    audit.record(
        session=session,
        caller=caller,
        action="grant_identity",
        petition_id=petition_id,
        detail=f"{body.unit}: {body.reason}",
    )
    session.commit()
    return {"petition_id": petition_id, "unit": body.unit}
