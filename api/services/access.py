"""Who may see what: scope rules shared by every route.

Intake, reviewer and admin see every petition. A unit sees a petition only once it is routed,
and only when it is the primary unit or a coordinator; anything else is "not found", exactly
like a petition that does not exist. Units never see a denouncer's identity on a `to_cao`
petition unless an admin granted it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.tables import Coordinator, DisclosureGrant, Petition, Role
from api.db.tables import PetitionStatus as S
from api.services.errors import ForbiddenError, NotFoundError
from api.services.tokens import Caller

UNIT_VISIBLE = (S.routed, S.claimed, S.in_progress, S.resolved, S.returned)
PRIMARY = "primary"
COORDINATOR = "coordinator"
ALL = "all"


@dataclass(frozen=True)
class Access:
    """A petition the caller may read and how it relates to the caller."""

    petition: Petition
    relation: str  # all | primary | coordinator
    redact: bool


def require_role(caller: Caller, *roles: str) -> None:
    """ForbiddenError unless the caller has one of `roles`."""
    if caller.role not in roles:
        raise ForbiddenError()


def is_coordinator(*, session: Session, petition_id: int, unit_code: str) -> bool:
    """True if `unit_code` coordinates the petition."""
    return (
        session.scalar(
            select(Coordinator.unit_code).where(
                Coordinator.petition_id == petition_id, Coordinator.unit_code == unit_code
            )
        )
        is not None
    )


def has_grant(*, session: Session, petition_id: int, unit_code: str) -> bool:
    """True if an admin let `unit_code` see the denouncer's identity on this petition."""
    return (
        session.scalar(
            select(DisclosureGrant.id)
            .where(
                DisclosureGrant.petition_id == petition_id, DisclosureGrant.unit_code == unit_code
            )
            .limit(1)
        )
        is not None
    )


def unit_relation(*, session: Session, petition: Petition, unit_code: str) -> str | None:
    """primary, coordinator, or None when the unit may not know the petition."""
    if petition.status not in UNIT_VISIBLE:
        return None
    if petition.unit_code == unit_code:
        return PRIMARY
    if is_coordinator(session=session, petition_id=petition.id, unit_code=unit_code):
        return COORDINATOR
    return None


def readable(*, session: Session, caller: Caller, petition_id: int) -> Access:
    """The petition if the caller may read it; NotFoundError otherwise (no hint why)."""
    petition = session.get(Petition, petition_id)
    if petition is None:
        raise NotFoundError()
    if caller.role != Role.unit:
        return Access(petition, ALL, redact=False)
    relation = unit_relation(session=session, petition=petition, unit_code=caller.unit_code or "")
    if relation is None:
        raise NotFoundError()
    redact = petition.kind == "to_cao" and not has_grant(
        session=session, petition_id=petition.id, unit_code=caller.unit_code or ""
    )
    return Access(petition, relation, redact=redact)


def check_unit_path(caller: Caller, unit_code: str) -> None:
    """A unit token may only use its own unit's paths (others look absent)."""
    if caller.role == Role.unit and caller.unit_code != unit_code:
        raise NotFoundError()
