"""Content-addressed blob storage in the database.

Files are keyed by their sha256, so the same file uploaded twice is one blob, and workers on
other machines read them through the same database connection they already have (no shared
folder needed). Blobs are written in the upload's transaction, before the 202 is sent.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.db.session import utcnow
from api.db.tables import Blob


def sha256_hex(data: bytes) -> str:
    """The hex sha256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def put_blob(*, session: Session, data: bytes) -> str:
    """Store `data` once (idempotent, safe against a concurrent identical upload); its sha256."""
    digest = sha256_hex(data)
    if session.scalar(select(Blob.sha256).where(Blob.sha256 == digest)) is not None:
        return digest
    try:
        with session.begin_nested():
            session.add(Blob(sha256=digest, size=len(data), data=data, created_at=utcnow()))
    except IntegrityError:
        pass  # another request stored the same bytes first: same content, same key
    return digest


def get_blob(*, session: Session, sha256: str) -> bytes | None:
    """The bytes stored under `sha256`, or None."""
    return session.scalar(select(Blob.data).where(Blob.sha256 == sha256))
