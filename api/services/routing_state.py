"""How a routing decision is stored on a petition (shared by workers and reviewers)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from api.db.tables import Coordinator

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def _dates(value: Any) -> list[date]:
    """Every ISO date found anywhere in a nested JSON value."""
    if isinstance(value, date):
        return [value]
    if isinstance(value, str):
        match = _ISO_DATE.match(value)
        if match:
            try:
                return [date.fromisoformat(match.group(1))]
            except ValueError:
                return []
        return []
    if isinstance(value, dict):
        return [d for v in value.values() for d in _dates(v)]
    if isinstance(value, list | tuple):
        return [d for v in value for d in _dates(v)]
    return []


def earliest_deadline(decision: dict[str, Any]) -> date | None:
    """The nearest deadline of a decision (queues sort on it), or None."""
    found = _dates(decision.get("deadlines"))
    return min(found) if found else None


def jsonable(value: Any) -> Any:
    """Dates and tuples turned into JSON types, recursively."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    return value


def decision_fields(labels: dict[str, Any], decision: dict[str, Any]) -> dict[str, Any]:
    """Column values of a petition routed with `labels` and `decision`."""
    return {
        "labels": jsonable(labels),
        "routing": jsonable(decision),
        "kind": labels.get("kind"),
        "unit_code": decision.get("unit"),
        "priority": decision.get("priority"),
        "due_date": earliest_deadline(decision),
        "provisional": bool(decision.get("provisional") or labels.get("needs_review")),
    }


def replace_coordinators(*, session: Session, petition_id: int, codes: list[str]) -> None:
    """Set the petition's coordinating units (never duplicates)."""
    session.execute(delete(Coordinator).where(Coordinator.petition_id == petition_id))
    for code in dict.fromkeys(codes):
        session.add(Coordinator(petition_id=petition_id, unit_code=code))
