"""Apply Alembic migrations with the packaged alembic.ini (any working directory)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from api.db.session import get_engine

INI = Path(__file__).resolve().parent / "alembic.ini"


def alembic_config() -> Config:
    """The packaged Alembic configuration."""
    return Config(str(INI))


def upgrade(revision: str = "head") -> None:
    """Bring the configured database to `revision` (serializes concurrent callers on PG)."""
    engine = get_engine()
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several api containers may start at once: one migrates, the others wait.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(727274)")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
