"""API tokens: created by `donthu token create`, stored as sha256 only."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.session import utcnow
from api.db.tables import ApiToken, Role
from api.services.errors import InvalidRequestError


@dataclass(frozen=True)
class Caller:
    """The authenticated caller of a request (or a worker / the sweep)."""

    token_id: int | None
    role: str
    unit_code: str | None = None

    @property
    def actor(self) -> str:
        """How this caller is named in transitions and the audit log."""
        if self.token_id is None:
            return self.role
        unit = f":{self.unit_code}" if self.unit_code else ""
        return f"{self.role}{unit}#{self.token_id}"


WORKER = Caller(token_id=None, role="worker")
SWEEP = Caller(token_id=None, role="sweep")


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    *,
    session: Session,
    role: str,
    unit_code: str | None = None,
    name: str | None = None,
    known_units: set[str] | None = None,
) -> tuple[ApiToken, str]:
    """A new token row and the clear token (shown once, never stored)."""
    if role not in {r.value for r in Role}:
        raise InvalidRequestError(f"Vai trò không hợp lệ: {role}.", code="invalid_role")
    if (role == Role.unit) != bool(unit_code):
        raise InvalidRequestError(
            "Mã đơn vị (--unit) bắt buộc với vai trò unit và chỉ dùng cho vai trò này.",
            code="invalid_unit",
        )
    if unit_code and known_units is not None and unit_code not in known_units:
        raise InvalidRequestError(
            f"Không có đơn vị mã {unit_code} trong danh mục.", code="unknown_unit"
        )
    clear = "dt_" + secrets.token_urlsafe(32)
    row = ApiToken(
        token_hash=hash_token(clear),
        role=role,
        unit_code=unit_code,
        name=name,
        created_at=utcnow(),
        revoked=False,
    )
    session.add(row)
    session.flush()
    return row, clear


def authenticate(*, session: Session, token: str) -> Caller | None:
    """The caller owning `token`, or None when it is unknown or revoked."""
    row = session.execute(
        select(ApiToken.id, ApiToken.role, ApiToken.unit_code, ApiToken.revoked).where(
            ApiToken.token_hash == hash_token(token)
        )
    ).first()
    if row is None or row.revoked:
        return None
    return Caller(token_id=row.id, role=row.role, unit_code=row.unit_code)


class VerifiedTokens:
    """A short-lived, per-process memory of verified tokens: most requests skip the lookup.

    Only successful lookups are kept (an unknown token is looked up every time), for `ttl`
    seconds: a token revoked in the database stops working at most `ttl` seconds later.
    Entries are keyed by database URL and token hash, so tests on fresh databases never share.
    """

    MAX_ENTRIES = 10_000

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[float, Caller]] = {}
        self._lock = threading.Lock()

    def get(self, database: str, token: str, ttl: float) -> Caller | None:
        """The cached caller of `token`, or None when unknown, expired or caching is off."""
        if ttl <= 0:
            return None
        entry = self._entries.get((database, hash_token(token)))
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, database: str, token: str, caller: Caller, ttl: float) -> None:
        """Remember a verified caller for `ttl` seconds."""
        if ttl <= 0:
            return
        with self._lock:
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries.clear()
            self._entries[(database, hash_token(token))] = (time.monotonic() + ttl, caller)

    def clear(self) -> None:
        """Forget every cached token."""
        with self._lock:
            self._entries.clear()


VERIFIED = VerifiedTokens()
