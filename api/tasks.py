"""Celery: the app, its configuration from settings, and the one processing task.

The embedded default broker is kombu's filesystem transport under `<data dir>/broker`
(polled every DONTHU_BROKER_POLL seconds); with DONTHU_BROKER_URL set, Redis or RabbitMQ.
Messages are JSON, acknowledged late, one prefetched per child. Neither the filesystem
transport nor a dead connection guarantees redelivery, so api.services.recovery re-queues
from the database state.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery
from sqlalchemy.exc import OperationalError

from api.db.session import session_scope
from api.services import processing
from api.settings import Settings, get_settings

log = logging.getLogger(__name__)

celery_app = Celery("donthu", set_as_current=False)
_configured: list[Settings] = []


def broker_config(settings: Settings) -> dict[str, Any]:
    """Broker URL and transport options for `settings`."""
    if settings.embedded_broker:
        base = settings.data_path / "broker"
        for sub in ("queue", "processed", "control"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        options = {
            "data_folder_in": str(base / "queue"),
            "data_folder_out": str(base / "queue"),
            "processed_folder": str(base / "processed"),
            "control_folder": str(base / "control"),
            "store_processed": False,
            "polling_interval": settings.broker_poll,
        }
        return {
            "broker_url": "filesystem://",
            "broker_transport_options": options,
            "worker_enable_remote_control": False,
        }
    # Redis redelivers an unacknowledged message after this; it must outlast a long task.
    options = {"visibility_timeout": settings.processing_lease + 60}
    return {"broker_url": settings.broker_url, "broker_transport_options": options}


def configure(settings: Settings | None = None) -> Celery:
    """Apply the current settings to the Celery app (again if the settings object changed)."""
    settings = settings or get_settings()
    if _configured and _configured[0] is settings:
        return celery_app
    celery_app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=settings.queue,
        task_time_limit=settings.task_time_limit,
        task_soft_time_limit=max(1, int(settings.task_time_limit * 0.8)),
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        **broker_config(settings),
    )
    _configured[:] = [settings]
    return celery_app


@celery_app.task(
    name="donthu.process_petition",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def process_petition_task(petition_id: int) -> str:
    """Extract, classify and route one petition (idempotent: done or taken → nothing)."""
    settings = get_settings()
    with session_scope() as session:
        outcome = processing.process_petition(
            session=session, petition_id=int(petition_id), lease_seconds=settings.processing_lease
        )
    log.info("petition %s: %s", petition_id, outcome)
    return outcome


def enqueue(petition_id: int) -> bool:
    """Send a petition to the workers; False (logged) if the broker is unreachable."""
    try:
        configure()
        process_petition_task.apply_async(args=[petition_id], retry=False)
    except Exception:  # the sweep sends it later; the upload is already stored
        log.exception("petition %s: could not reach the broker", petition_id)
        return False
    return True
