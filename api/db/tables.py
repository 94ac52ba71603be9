"""ORM tables of the service (SQLAlchemy 2 style). Schema changes go through Alembic.

A petition moves through the lifecycle in `PetitionStatus`; each move is a `Transition`
row (who, when, from, to, note), so the state on any past date can be rebuilt.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every table."""


class PetitionStatus(enum.StrEnum):
    """Lifecycle of a petition (the issue's states, plus `duplicate` for linked re-uploads)."""

    received = "received"
    extracting = "extracting"
    classified = "classified"
    routed = "routed"
    claimed = "claimed"
    in_progress = "in_progress"
    resolved = "resolved"
    returned = "returned"
    failed = "failed"
    duplicate = "duplicate"


OPEN_STATUSES = (
    PetitionStatus.received,
    PetitionStatus.extracting,
    PetitionStatus.classified,
    PetitionStatus.routed,
    PetitionStatus.claimed,
    PetitionStatus.in_progress,
    PetitionStatus.returned,
    PetitionStatus.failed,
)


class Role(enum.StrEnum):
    """Roles of API tokens."""

    intake = "intake"
    reviewer = "reviewer"
    unit = "unit"
    admin = "admin"


class Blob(Base):
    """An uploaded file's bytes, stored once per content (sha256)."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Petition(Base):
    """One petition: one or more files, its text, labels, routing and lifecycle state."""

    __tablename__ = "petitions"
    __table_args__ = (
        Index("ix_petitions_queue", "unit_code", "status", "priority", "due_date", "id"),
        Index("ix_petitions_status_updated", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default=PetitionStatus.received)
    received_at: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(32), default="mail")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"), nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    text_hash: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"), nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    warnings: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    labels: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    routing: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    unit_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    priority: Mapped[str | None] = mapped_column(String(4), nullable=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    error_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker_token: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    queued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"), nullable=True)
    claim_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)

    files: Mapped[list[PetitionFile]] = relationship(
        order_by="PetitionFile.position", cascade="all, delete-orphan"
    )
    coordinators: Mapped[list[Coordinator]] = relationship(cascade="all, delete-orphan")


class PetitionFile(Base):
    """One file of a petition, pointing at its blob."""

    __tablename__ = "petition_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    size: Mapped[int] = mapped_column(Integer)


class Coordinator(Base):
    """A coordinating unit of a routed petition (reads, never changes status)."""

    __tablename__ = "coordinators"
    __table_args__ = (Index("ix_coordinators_unit", "unit_code", "petition_id"),)

    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(64), primary_key=True)


class Transition(Base):
    """One lifecycle move of a petition: who, when, from, to and why."""

    __tablename__ = "transitions"
    __table_args__ = (Index("ix_transitions_petition_at", "petition_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(128))
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class LabelCorrection(Base):
    """A reviewer's correction of a petition's labels, kept as training data."""

    __tablename__ = "label_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)


class ApiToken(Base):
    """An API token: only its sha256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    unit_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    name: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Base):
    """Who read or changed which petition (or granted access to a denouncer's identity)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"), nullable=True)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    petition_id: Mapped[int | None] = mapped_column(Integer, index=True, nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)


class DisclosureGrant(Base):
    """An admin's permission for one unit to see a denouncer's identity on one petition."""

    __tablename__ = "disclosure_grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id"), index=True)
    unit_code: Mapped[str] = mapped_column(String(64))
    granted_by: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text)
