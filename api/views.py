"""Turn rows into API answers, applying the caller's view (redaction for units)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic_core import to_json

from api.db.tables import Petition
from api.redaction import redact_identity
from api.schemas import ErrorRead, FileRead, PetitionRead, PetitionSummary
from api.services.access import Access

# Routing fields that can carry the denouncer (addressees are public bodies, kept).
_IDENTITY_LABELS = ("signer_names", "names", "address", "phone")


def _labels_for(labels: dict[str, Any] | None, redact: bool) -> dict[str, Any] | None:
    if labels is None or not redact:
        return labels
    return {k: v for k, v in labels.items() if k not in _IDENTITY_LABELS}


def petition_read(access: Access) -> PetitionRead:
    """The full petition as this caller may see it."""
    p = access.petition
    text = p.text
    if access.redact and text:
        text = redact_identity(text)
    error = ErrorRead(code=p.error_code, message=p.error_message or "") if p.error_code else None
    return PetitionRead(
        id=p.id,
        status=p.status,
        received_at=p.received_at,
        channel=p.channel,
        created_at=p.created_at,
        updated_at=p.updated_at,
        text=text,
        labels=_labels_for(p.labels, access.redact),
        routing=p.routing,
        error=error,
        unit=p.unit_code,
        coordinators=[c.unit_code for c in p.coordinators],
        priority=p.priority,
        due_date=p.due_date,
        provisional=p.provisional,
        duplicate_of=p.duplicate_of_id,
        files=[FileRead(position=f.position, filename=f.filename, size=f.size) for f in p.files]
        if not access.redact
        else [],
        redacted=access.redact,
        relation=access.relation,
    )


def summary(p: Petition | Any, *, show_claim: bool = False) -> PetitionSummary:
    """A queue or list line."""
    return PetitionSummary(
        id=p.id,
        status=p.status,
        received_at=p.received_at,
        kind=p.kind,
        unit=p.unit_code,
        priority=p.priority,
        due_date=p.due_date,
        provisional=p.provisional,
        claim_until=p.claim_until if show_claim else None,
    )


# Output names of the queue columns, in `api.services.queues.QUEUE_COLUMNS` order.
_QUEUE_KEYS = (
    "id",
    "status",
    "received_at",
    "kind",
    "unit",
    "priority",
    "due_date",
    "provisional",
    "claim_until",
)


def queue_page_json(rows: Sequence[Any], *, limit: int, offset: int) -> bytes:
    """A `QueuePage` of queue rows (tuples in `QUEUE_COLUMNS` order) as JSON bytes, built
    without model objects.

    Same fields, order and value formats as `QueuePage(items=[summary(row, show_claim=True)
    ...])` serialized by Pydantic (`pydantic_core.to_json` is Pydantic's own serializer), at a
    fraction of the cost; tests/api/test_queue_json.py holds the two equal.
    """
    items = [dict(zip(_QUEUE_KEYS, row, strict=True)) for row in rows]
    page = {
        "items": items,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(rows) == limit else None,
    }
    return to_json(page)
