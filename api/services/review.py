"""Reviewers confirm or correct labels; the petition is re-routed at once with the same rules.

Every correction is kept (text, labels before and after, who, when) as training data.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.session import utcnow
from api.db.tables import LabelCorrection, Petition
from api.db.tables import PetitionStatus as S
from api.services import pipeline
from api.services.errors import ConflictError, InvalidRequestError, NotFoundError
from api.services.lifecycle import record_transition
from api.services.routing_state import decision_fields, replace_coordinators
from api.services.tokens import Caller

REVIEWABLE = (S.routed, S.returned)


def _check_labels(labels: dict[str, Any]) -> None:
    """InvalidRequestError unless the labels obey LABELS.md (they become training data)."""
    from classifier.labels import label_errors

    problems = label_errors(labels)
    if problems:
        raise InvalidRequestError(
            "Nhãn không hợp lệ: " + "; ".join(problems), code="invalid_labels"
        )


def correct_labels(
    *, session: Session, caller: Caller, petition_id: int, changes: dict[str, Any]
) -> Petition:
    """Apply `changes` to the labels (empty = confirm as is), re-route, keep the correction."""
    petition = session.get(Petition, petition_id)
    if petition is None:
        raise NotFoundError()
    if petition.status not in REVIEWABLE or petition.text is None:
        raise ConflictError(
            "Chỉ sửa nhãn được khi đơn đã phân loại và chưa có đơn vị nhận xử lý.",
            code="not_reviewable",
        )
    before = dict(petition.labels or {})
    after = {**before, **changes, "needs_review": False}
    _check_labels(after)
    try:
        decision = pipeline.route_labels(
            after, received_at=petition.received_at, channel=petition.channel, text=petition.text
        )
    except pipeline.RoutingFailure as exc:
        raise InvalidRequestError(exc.message, code=exc.code) from exc
    fields = decision_fields(after, decision)
    fields["provisional"] = False  # a person has looked at it
    old_unit = petition.unit_code
    for key, value in fields.items():
        setattr(petition, key, value)
    petition.claimed_by = None
    petition.claim_until = None
    replace_coordinators(
        session=session, petition_id=petition.id, codes=decision.get("coordinators") or []
    )
    session.add(
        LabelCorrection(
            petition_id=petition.id,
            at=utcnow(),
            actor=caller.actor,
            text=petition.text,
            before=before,
            after=fields["labels"],
        )
    )
    verb = "corrected" if changes else "confirmed"
    record_transition(
        session=session,
        petition=petition,
        to=S.routed,
        caller=caller,
        note=f"labels {verb}; unit {old_unit} -> {petition.unit_code}",
    )
    return petition


TRAINING_FIELDS = ("kind", "domains", "signers", "district", "flags", "topic")


def training_records(*, session: Session) -> list[dict[str, Any]]:
    """The latest correction of each petition as a LABELS.md record (`donthu train --extra`)."""
    rows = session.scalars(select(LabelCorrection).order_by(LabelCorrection.id))
    latest: dict[int, LabelCorrection] = {}
    for row in rows:
        latest[row.petition_id] = row
    records = []
    for petition_id, row in sorted(latest.items()):
        labels = {k: row.after[k] for k in TRAINING_FIELDS if k in row.after}
        if labels.get("topic") is None:
            labels.pop("topic", None)
        records.append(
            {
                "id": f"correction-{petition_id}",
                "text": row.text,
                **labels,
                "corrected_by": row.actor,
                "corrected_at": row.at.isoformat(),
            }
        )
    return records
