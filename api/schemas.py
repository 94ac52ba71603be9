"""Pydantic schemas of the HTTP API (field names are a contract other tools use)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from classifier.labels import DISTRICTS, DOMAINS, FLAGS, KINDS

# The LABELS.md vocabulary, from its one definition in classifier.labels.
Kind = Literal[KINDS]  # type: ignore[valid-type]
Domain = Literal[DOMAINS]  # type: ignore[valid-type]
Flag = Literal[FLAGS]  # type: ignore[valid-type]
District = Literal[DISTRICTS]  # type: ignore[valid-type]


class ErrorRead(BaseModel):
    """A machine code and a Vietnamese message."""

    code: str
    message: str


class PetitionCreated(BaseModel):
    """Answer to an upload: accepted, processing in the background."""

    id: int
    status: str
    duplicate_of: int | None = None


class FileRead(BaseModel):
    """One file of a petition (bytes at /api/petitions/{id}/files/{position})."""

    position: int
    filename: str
    size: int


class PetitionRead(BaseModel):
    """A petition as the caller may see it."""

    id: int
    status: str
    received_at: date
    channel: str
    created_at: datetime
    updated_at: datetime
    text: str | None
    labels: dict[str, Any] | None
    routing: dict[str, Any] | None
    error: ErrorRead | None
    unit: str | None
    coordinators: list[str]
    priority: str | None
    due_date: date | None
    provisional: bool
    duplicate_of: int | None
    files: list[FileRead]
    redacted: bool = Field(description="True when the denouncer's identity was withheld")
    relation: str = Field(description="all, primary or coordinator")


class PetitionSummary(BaseModel):
    """A line of a list or a queue."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    status: str
    received_at: date
    kind: str | None
    unit: str | None = None
    priority: str | None
    due_date: date | None
    provisional: bool
    claim_until: datetime | None = None


class QueuePage(BaseModel):
    """One page of a queue or list."""

    items: list[PetitionSummary]
    limit: int
    offset: int
    next_offset: int | None


class LabelsPatch(BaseModel):
    """A reviewer's corrections; fields left out keep the classifier's value."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = None
    domains: list[Domain] | None = None
    topic: str | None = None
    signers: int | None = Field(None, ge=1)
    district: District | None = None
    flags: list[Flag] | None = None


class StatusReport(BaseModel):
    """A unit's progress report."""

    status: Literal["in_progress", "resolved", "returned"]
    note: str | None = Field(None, max_length=5000, description="result, or reason to return")


class ClaimRequest(BaseModel):
    """Optional lease length of a claim."""

    lease_seconds: int | None = Field(None, ge=30, le=7 * 24 * 3600)


class DisclosureRequest(BaseModel):
    """An admin lets one unit see a denouncer's identity."""

    unit: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=3, max_length=2000)


class TransitionRead(BaseModel):
    """One lifecycle move."""

    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor: str
    from_status: str | None
    to_status: str
    note: str | None


class AuditRead(BaseModel):
    """One audit log row."""

    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor: str
    action: str
    petition_id: int | None
    detail: str | None
