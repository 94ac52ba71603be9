"""Intake: store an uploaded petition durably and detect re-uploads. Never parses files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.session import utcnow
from api.db.tables import Petition, PetitionFile
from api.db.tables import PetitionStatus as S
from api.services.errors import InvalidRequestError, PayloadTooLargeError
from api.services.lifecycle import record_transition
from api.services.tokens import Caller
from api.storage import put_blob


def channels() -> tuple[str, ...]:
    """Intake channels the routing rules know."""
    from routing.vocabulary import CHANNELS

    return tuple(CHANNELS)


@dataclass(frozen=True)
class UploadedFile:
    """One uploaded file, already read from the request."""

    filename: str
    data: bytes


def content_hash(digests: list[str]) -> str:
    """One hash for a set of files: the same files in any order are the same petition."""
    return hashlib.sha256("\n".join(sorted(digests)).encode("ascii")).hexdigest()


def _check(files: list[UploadedFile], channel: str, max_bytes: int) -> None:
    if not files:
        raise InvalidRequestError("Cần ít nhất một tệp (trường files).", code="no_files")
    if any(not f.data for f in files):
        raise InvalidRequestError("Có tệp rỗng trong đơn.", code="empty_file")
    if sum(len(f.data) for f in files) > max_bytes:
        raise PayloadTooLargeError(f"Tổng dung lượng tệp vượt quá {max_bytes // (1024 * 1024)} MB.")
    if channel not in channels():
        raise InvalidRequestError(
            f"Kênh tiếp nhận không hợp lệ: {channel} (hợp lệ: {', '.join(channels())}).",
            code="invalid_channel",
        )


def find_original(*, session: Session, digest: str) -> Petition | None:
    """The first petition (not itself a duplicate) with this content hash."""
    return session.scalar(
        select(Petition)
        .where(Petition.content_hash == digest, Petition.status != S.duplicate)
        .order_by(Petition.id)
        .limit(1)
    )


def create_petition(
    *,
    session: Session,
    files: list[UploadedFile],
    caller: Caller,
    received_at: date | None = None,
    channel: str = "mail",
    max_bytes: int = 50 * 1024 * 1024,
) -> Petition:
    """Store the files and a new petition row: `received`, or `duplicate` linked to the first."""
    _check(files, channel, max_bytes)
    digests = [put_blob(session=session, data=f.data) for f in files]
    digest = content_hash(digests)
    now = utcnow()
    petition = Petition(
        received_at=received_at or now.date(),
        channel=channel,
        created_at=now,
        updated_at=now,
        created_by=caller.token_id,
        content_hash=digest,
        provisional=False,
        attempts=0,
    )
    for position, (f, sha) in enumerate(zip(files, digests, strict=True)):
        petition.files.append(
            PetitionFile(
                position=position,
                filename=f.filename[:255] or f"file{position}",
                blob_sha256=sha,
                size=len(f.data),
            )
        )
    original = find_original(session=session, digest=digest)
    session.add(petition)
    if original is not None:
        petition.duplicate_of_id = original.id
        record_transition(
            session=session,
            petition=petition,
            to=S.duplicate,
            caller=caller,
            note=f"same files as petition {original.id}",
        )
    else:
        record_transition(session=session, petition=petition, to=S.received, caller=caller)
    return petition
