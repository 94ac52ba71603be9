"""Background processing of one petition: extract, classify, route. Idempotent.

A worker first takes the petition with a conditional UPDATE (received, or extracting with an
expired lease → extracting, with a fresh worker token), then works without holding a
transaction, then writes the result with another conditional UPDATE that only succeeds while
it still owns the petition. A second delivery of the same message, or a re-queue by the
sweep, therefore does nothing, and a petition reaches the unit queues exactly once.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from api.db.session import utcnow
from api.db.tables import Petition, PetitionFile, Transition
from api.db.tables import PetitionStatus as S
from api.services import pipeline
from api.services.routing_state import decision_fields, replace_coordinators
from api.services.tokens import WORKER, Caller
from api.storage import get_blob

log = logging.getLogger(__name__)

INTERNAL_ERROR_MESSAGE = "Lỗi hệ thống khi xử lý đơn; có thể thử xử lý lại."
TIMEOUT_MESSAGE = "Xử lý đơn quá thời gian cho phép; có thể thử xử lý lại."


def text_fingerprint(text: str) -> str | None:
    """A hash of the text's letters and digits only (spacing, case, punctuation ignored)."""
    core = re.sub(r"[\W_]+", "", text.casefold())
    return hashlib.sha256(core.encode("utf-8")).hexdigest() if len(core) >= 20 else None


def acquire(*, session: Session, petition_id: int, lease_seconds: int) -> str | None:
    """Take the petition for processing; the worker token, or None if it is not ours to do."""
    row = session.execute(
        select(Petition.status, Petition.worker_token).where(Petition.id == petition_id)
    ).one_or_none()
    if row is None:
        return None
    status, old_token = row
    now = utcnow()
    takeable = or_(
        Petition.status == S.received,
        and_(Petition.status == S.extracting, Petition.lease_until < now),
    )
    token = uuid.uuid4().hex
    same_owner = (
        Petition.worker_token.is_(None) if old_token is None else Petition.worker_token == old_token
    )
    result = session.execute(
        update(Petition)
        .where(Petition.id == petition_id, Petition.status == status, same_owner, takeable)
        .values(
            status=S.extracting,
            worker_token=token,
            updated_at=now,
            lease_until=now + timedelta(seconds=lease_seconds),
            attempts=Petition.attempts + 1,
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    note = None if status == S.received else "lease expired, taken over"
    session.add(
        Transition(
            petition_id=petition_id,
            at=now,
            actor=WORKER.actor,
            from_status=status,
            to_status=S.extracting,
            note=note,
        )
    )
    return token


def _owned(petition_id: int, token: str) -> Any:
    return and_(
        Petition.id == petition_id, Petition.worker_token == token, Petition.status == S.extracting
    )


def _finish(
    session: Session,
    petition_id: int,
    token: str,
    to: str,
    values: dict,
    notes: list[tuple[str, str, str | None]],
) -> bool:
    """Write the outcome if we still own the petition; add its transitions."""
    now = utcnow()
    result = session.execute(
        update(Petition)
        .where(_owned(petition_id, token))
        .values(status=to, worker_token=None, lease_until=None, updated_at=now, **values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        log.warning("petition %s: lost ownership, result discarded", petition_id)
        return False
    for from_status, to_status, note in notes:
        session.add(
            Transition(
                petition_id=petition_id,
                at=now,
                actor=WORKER.actor,
                from_status=from_status,
                to_status=to_status,
                note=note,
            )
        )
    return True


def load_files(*, session: Session, petition_id: int) -> list[tuple[str, bytes]]:
    """(filename, bytes) of the petition's files, in upload order."""
    rows = session.scalars(
        select(PetitionFile)
        .where(PetitionFile.petition_id == petition_id)
        .order_by(PetitionFile.position)
    ).all()
    return [(r.filename, get_blob(session=session, sha256=r.blob_sha256) or b"") for r in rows]


def mark_failed(*, session: Session, petition_id: int, token: str, code: str, message: str) -> bool:
    """End processing in `failed` with the reason shown to intake staff."""
    return _finish(
        session,
        petition_id,
        token,
        S.failed,
        {"error_code": code, "error_message": message},
        [(S.extracting, S.failed, f"{code}: {message}")],
    )


def _earlier_same_text(session: Session, petition_id: int, fingerprint: str) -> int | None:
    return session.scalar(
        select(Petition.id)
        .where(
            Petition.text_hash == fingerprint,
            Petition.id != petition_id,
            Petition.status.not_in([S.duplicate, S.failed, S.received, S.extracting]),
        )
        .order_by(Petition.id)
        .limit(1)
    )


def classify_and_route(
    *,
    session: Session,
    petition_id: int,
    token: str,
    text: str,
    warnings: list,
    received_at: date,
    channel: str,
) -> str:
    """Label and route extracted text, or link it to an earlier identical petition."""
    fingerprint = text_fingerprint(text)
    original = _earlier_same_text(session, petition_id, fingerprint) if fingerprint else None
    base = {
        "text": text,
        "warnings": warnings,
        "text_hash": fingerprint,
        "error_code": None,
        "error_message": None,
    }
    if original is not None:
        _finish(
            session,
            petition_id,
            token,
            S.duplicate,
            {**base, "duplicate_of_id": original},
            [(S.extracting, S.duplicate, f"same text as petition {original}")],
        )
        return S.duplicate
    labels = pipeline.classify(text)
    decision = pipeline.route_labels(labels, received_at=received_at, channel=channel, text=text)
    fields = decision_fields(labels, decision)
    notes: list[tuple[str, str, str | None]] = [
        (S.extracting, S.classified, None),
        (
            S.classified,
            S.routed,
            f"unit {fields['unit_code']}" + (" (provisional)" if fields["provisional"] else ""),
        ),
    ]
    if _finish(session, petition_id, token, S.routed, {**base, **fields}, notes):
        replace_coordinators(
            session=session, petition_id=petition_id, codes=decision.get("coordinators") or []
        )
        return S.routed
    return "lost"


def process_petition(
    *, session: Session, petition_id: int, lease_seconds: int, caller: Caller = WORKER
) -> str:
    """Run the pipeline on one petition; its final status, or `skipped` when not ours."""
    token = acquire(session=session, petition_id=petition_id, lease_seconds=lease_seconds)
    session.commit()
    if token is None:
        return "skipped"
    petition = session.get(Petition, petition_id)
    assert petition is not None
    received_at, channel = petition.received_at, petition.channel
    files = load_files(session=session, petition_id=petition_id)
    session.commit()  # no transaction held open during OCR
    try:
        outcome = _run(session, petition_id, token, files, received_at, channel)
    except (pipeline.ExtractionFailure, pipeline.RoutingFailure) as exc:
        session.rollback()
        outcome = _fail(session, petition_id, token, exc.code, exc.message)
    except Exception as exc:
        # A bug or a time limit must not leave the petition stuck: failed is retryable.
        session.rollback()
        log.exception("petition %s: processing crashed", petition_id)
        if type(exc).__name__ == "SoftTimeLimitExceeded":
            outcome = _fail(session, petition_id, token, "timeout", TIMEOUT_MESSAGE)
        else:
            outcome = _fail(session, petition_id, token, "internal_error", INTERNAL_ERROR_MESSAGE)
    session.commit()
    return outcome


def _fail(session: Session, petition_id: int, token: str, code: str, message: str) -> str:
    mark_failed(session=session, petition_id=petition_id, token=token, code=code, message=message)
    return S.failed


def _run(
    session: Session,
    petition_id: int,
    token: str,
    files: list[tuple[str, bytes]],
    received_at: date,
    channel: str,
) -> str:
    extracted = pipeline.extract_files(files)
    if not extracted.text.strip():
        return _fail(session, petition_id, token, "empty_text", "Không đọc được chữ nào trong đơn.")
    return classify_and_route(
        session=session,
        petition_id=petition_id,
        token=token,
        text=extracted.text,
        warnings=extracted.warnings,
        received_at=received_at,
        channel=channel,
    )
