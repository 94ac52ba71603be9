"""Service settings: the one place that reads the environment.

Everything is read lazily through the cached `get_settings()`; nothing touches
`os.environ` at import time. Environment variables (all optional):

- `DATABASE_URL`: SQLAlchemy URL; default a SQLite file `<data dir>/donthu.db`.
- `DONTHU_BROKER_URL`: Celery broker (Redis, RabbitMQ). Unset: the embedded
  filesystem broker under `<data dir>/broker`, and `donthu serve` runs its own worker.
- `DONTHU_DATA_DIR`: folder for the default database and the embedded broker (`./var`).
- `DONTHU_QUEUE`: Celery queue name (`donthu`).
- `DONTHU_TASK_TIME_LIMIT`: hard time limit of one processing task in seconds (600).
- `DONTHU_REQUEUE_AFTER`: seconds a `received` petition may wait for a worker before the
  sweep sends it again (120).
- `DONTHU_SWEEP_INTERVAL`: seconds between sweeps in `donthu serve`; 0 disables (30).
- `DONTHU_CLAIM_LEASE`: default lease of a unit's claim in seconds (3600).
- `DONTHU_WORKER_CONCURRENCY`: prefork children of the worker (2).
- `DONTHU_MAX_UPLOAD_BYTES`: largest accepted upload, all files together (52428800).
- `DONTHU_BROKER_POLL`: polling interval of the embedded broker in seconds (0.1).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Typed service settings, from the environment."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    database_url: str | None = Field(None, validation_alias=AliasChoices("DATABASE_URL"))
    broker_url: str | None = Field(None, validation_alias=AliasChoices("DONTHU_BROKER_URL"))
    data_dir: Path = Field(Path("var"), validation_alias=AliasChoices("DONTHU_DATA_DIR"))
    queue: str = Field("donthu", validation_alias=AliasChoices("DONTHU_QUEUE"))
    task_time_limit: int = Field(600, ge=5, validation_alias=AliasChoices("DONTHU_TASK_TIME_LIMIT"))
    requeue_after: int = Field(120, ge=1, validation_alias=AliasChoices("DONTHU_REQUEUE_AFTER"))
    sweep_interval: float = Field(30, ge=0, validation_alias=AliasChoices("DONTHU_SWEEP_INTERVAL"))
    claim_lease: int = Field(3600, ge=1, validation_alias=AliasChoices("DONTHU_CLAIM_LEASE"))
    worker_concurrency: int = Field(
        2, ge=1, validation_alias=AliasChoices("DONTHU_WORKER_CONCURRENCY")
    )
    max_upload_bytes: int = Field(
        50 * 1024 * 1024, ge=1, validation_alias=AliasChoices("DONTHU_MAX_UPLOAD_BYTES")
    )
    broker_poll: float = Field(0.1, gt=0, validation_alias=AliasChoices("DONTHU_BROKER_POLL"))
    token_cache: float = Field(10, ge=0, validation_alias=AliasChoices("DONTHU_TOKEN_CACHE"))
    audit_flush: float = Field(0.5, ge=0, validation_alias=AliasChoices("DONTHU_AUDIT_FLUSH"))

    @property
    def data_path(self) -> Path:
        """The data folder as an absolute path (workers may start elsewhere)."""
        return self.data_dir.expanduser().resolve()

    @property
    def embedded_broker(self) -> bool:
        """True when no broker is configured and the filesystem broker is used."""
        return not self.broker_url

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, defaulting to SQLite in the data folder."""
        if self.database_url:
            url = self.database_url
            # Plain postgres URLs (docker, Heroku style) get the psycopg 3 driver.
            for prefix in ("postgres://", "postgresql://"):
                if url.startswith(prefix):
                    return "postgresql+psycopg://" + url[len(prefix) :]
            return url
        return f"sqlite:///{self.data_path / 'donthu.db'}"

    @property
    def processing_lease(self) -> int:
        """Seconds a worker owns a petition in `extracting` before the sweep may take it back."""
        return self.task_time_limit + 10


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (cached; tests clear the cache after changing env)."""
    return Settings()
