"""Bearer-token authentication and role checks for the HTTP API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api.db.session import new_session
from api.services.access import require_role
from api.services.errors import UnauthorizedError
from api.services.tokens import VERIFIED, Caller, authenticate
from api.settings import get_settings

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


async def get_caller(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """The caller behind the Bearer token; 401 when it is missing or unknown.

    Async on purpose: a token verified in the last DONTHU_TOKEN_CACHE seconds is answered
    on the event loop, with no database query and no threadpool hop; otherwise the lookup
    runs in the threadpool.
    """
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthorizedError()
    settings = get_settings()
    database, token = settings.sqlalchemy_url, credentials.credentials
    caller = VERIFIED.get(database, token, settings.token_cache)
    if caller is None:
        caller = await run_in_threadpool(authenticate, session=session, token=token)
        if caller is None:
            raise UnauthorizedError()
        VERIFIED.put(database, token, caller, settings.token_cache)
    return caller


CallerDep = Annotated[Caller, Depends(get_caller)]


def roles(*allowed: str):
    """A dependency that lets only `allowed` roles through (403 for the others)."""

    async def dependency(caller: CallerDep) -> Caller:
        require_role(caller, *allowed)
        return caller

    return Depends(dependency)
