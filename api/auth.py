"""Bearer-token authentication and role checks for the HTTP API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.db.session import new_session
from api.services.access import require_role
from api.services.errors import UnauthorizedError
from api.services.tokens import Caller, authenticate

_bearer = HTTPBearer(auto_error=False, description="Token from `donthu token create`")


async def get_session() -> AsyncIterator[Session]:
    """One session per request; the route commits, anything unfinished is rolled back.

    An async generator on purpose: its clean-up runs on the event loop. A sync one needs a
    threadpool slot to give the connection back, and with every slot blocked waiting for a
    connection that is a deadlock (until the pool's timeout) under load.
    """
    session = new_session()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


def get_caller(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """The caller behind the Bearer token; 401 when it is missing or unknown."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthorizedError()
    caller = authenticate(session=session, token=credentials.credentials)
    if caller is None:
        raise UnauthorizedError()
    return caller


CallerDep = Annotated[Caller, Depends(get_caller)]


def roles(*allowed: str):
    """A dependency that lets only `allowed` roles through (403 for the others)."""

    def dependency(caller: CallerDep) -> Caller:
        require_role(caller, *allowed)
        return caller

    return Depends(dependency)
