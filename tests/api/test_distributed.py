"""The same path on PostgreSQL + Redis with a separate `donthu worker` process.

On CI these services run on their standard local ports and these tests must run there:
with CI set, an unreachable service is a failure, not a skip.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import UNIT_A, Server, require_service, wait_for

from ingest.synth import text_pdf

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TEXT = (
    "ĐƠN KHIẾU NẠI\nKính gửi: Chủ tịch UBND quận Cầu Giấy\n"
    "Tôi tên là Lê Văn Tám, trú tại phường Dịch Vọng, quận Cầu Giấy.\n"
    "Tôi khiếu nại quyết định thu hồi đất của UBND quận Cầu Giấy\n"
    "đối với thửa đất của gia đình tôi vì mức bồi thường quá thấp.\n"
)


@pytest.fixture
def pg_schema() -> Iterator[str]:
    """A fresh schema in database `test`; its DATABASE_URL. Dropped afterwards."""
    require_service("127.0.0.1", 5432, "PostgreSQL")
    from sqlalchemy import create_engine, text

    schema = f"donthu_t_{uuid.uuid4().hex[:10]}"
    engine = create_engine(PG_ADMIN_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture
def redis_queue() -> Iterator[tuple[str, str]]:
    """(broker URL, a queue name of our own); the queue's keys are deleted afterwards."""
    require_service("127.0.0.1", 6379, "Redis")
    import redis

    queue = f"donthu-test-{uuid.uuid4().hex[:10]}"
    yield "redis://127.0.0.1:6379/0", queue
    client = redis.Redis(host="127.0.0.1", port=6379, db=0)
    client.delete(queue, f"_kombu.binding.{queue}")
    client.close()


def test_postgres_redis_and_a_real_worker(
    tmp_path: Path, pg_schema: str, redis_queue: tuple[str, str]
) -> None:
    broker, queue = redis_queue
    srv = Server(
        tmp_path / "var",
        {
            "DATABASE_URL": pg_schema,
            "DONTHU_BROKER_URL": broker,
            "DONTHU_QUEUE": queue,
            "DONTHU_SWEEP_INTERVAL": "2",
        },
    )
    srv.start()
    try:
        intake = srv.token("intake")
        unit_a = srv.token("unit", UNIT_A)
        unit_b = srv.token("unit", "UBND-HOANG-MAI")
        files = [("files", ("don.pdf", text_pdf([TEXT]), "application/pdf"))]
        answer = httpx.post(f"{srv.url}/api/petitions", headers=intake, files=files, timeout=10)
        assert answer.status_code == 202
        pid = answer.json()["id"]
        time.sleep(2)
        assert not (srv.data_dir / "worker.pid").exists()  # serve started no worker
        detail = httpx.get(f"{srv.url}/api/petitions/{pid}", headers=intake).json()
        assert detail["status"] == "received"
        srv.start_worker()
        routed = wait_for(
            lambda: (
                (b := httpx.get(f"{srv.url}/api/petitions/{pid}", headers=intake).json())["status"]
                in ("routed", "failed")
                and b
            ),
            timeout=120,
        )
        assert routed, f"not processed:\n{srv.log_tail()}"
        assert routed["status"] == "routed", routed
        assert routed["unit"] == UNIT_A
        queue_items = httpx.get(f"{srv.url}/api/units/{UNIT_A}/queue", headers=unit_a).json()
        assert [item["id"] for item in queue_items["items"]] == [pid]
        claim = httpx.post(f"{srv.url}/api/units/{UNIT_A}/queue/{pid}/claim", headers=unit_a)
        assert claim.status_code == 200
        assert httpx.get(f"{srv.url}/api/petitions/{pid}", headers=unit_b).status_code == 404
        assert srv.cli("health", "--worker").strip() == "ok"
        assert srv.cli("health", "--url", srv.url).strip() == "ok"
        again = httpx.post(f"{srv.url}/api/petitions", headers=intake, files=files).json()
        assert (again["status"], again["duplicate_of"]) == ("duplicate", pid)
    finally:
        srv.stop()
