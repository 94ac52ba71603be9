"""The queue pull's fast path keeps the contract: same JSON, every read audited, tokens checked.

Queue pages are serialized without model objects, queue reads are audited through a buffer,
and verified tokens are remembered for DONTHU_TOKEN_CACHE seconds; these tests hold each
shortcut to the behaviour of the slow path it replaced.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from conftest import UNIT_A, UNIT_B, reset_settings
from sqlalchemy import select, update

from api.db.session import session_scope, utcnow
from api.db.tables import ApiToken, AuditEntry, Petition
from api.db.tables import PetitionStatus as S
from api.schemas import QueuePage
from api.services import audit, queues
from api.services.tokens import VERIFIED, Caller
from api.views import queue_page_json, summary

TEXT = "Kính gửi UBND quận Cầu Giấy. Đề nghị sửa đèn chiếu sáng ngõ {n} phố Trần Thái Tông."


def test_queue_json_equals_the_pydantic_page(routed) -> None:
    ids = [routed(text=TEXT.format(n=n), unit=UNIT_A) for n in range(3)]
    with session_scope() as session:
        # a claimed one with an expired lease (still available, has claim_until), no priority
        session.execute(
            update(Petition)
            .where(Petition.id == ids[0])
            .values(status=S.claimed, claim_until=utcnow() - timedelta(minutes=5), priority=None)
        )
    caller = Caller(token_id=1, role="unit", unit_code=UNIT_A)
    for limit, offset in ((50, 0), (2, 0), (2, 2)):
        query = queues.QueueQuery(limit=limit, offset=offset)
        with session_scope() as session:
            rows = queues.list_queue(session=session, caller=caller, unit_code=UNIT_A, query=query)
        expected = QueuePage(
            items=[summary(row, show_claim=True) for row in rows],
            limit=limit,
            offset=offset,
            next_offset=offset + limit if len(rows) == limit else None,
        ).model_dump(mode="json")
        assert json.loads(queue_page_json(rows, limit=limit, offset=offset)) == expected
        if limit == 50:  # the whole queue: the lapsed lease is listed with its claim_until
            leased = [item for item in expected["items"] if item["id"] == ids[0]]
            assert leased and leased[0]["claim_until"] and leased[0]["priority"] is None


def test_queue_reads_reach_the_audit_log(client, tokens, routed) -> None:
    pid = routed(text=TEXT.format(n=1), unit=UNIT_A)
    page = client.get(f"/api/units/{UNIT_A}/queue", headers=tokens.header("unit_a"))
    assert page.status_code == 200
    assert [item["id"] for item in page.json()["items"]] == [pid]
    log = client.get("/api/audit", headers=tokens.header("admin")).json()
    reads = [row for row in log if row["action"] == "read_queue"]
    assert len(reads) == 1
    assert reads[0]["actor"].startswith(f"unit:{UNIT_A}#")
    assert reads[0]["detail"] == f"{UNIT_A}: {pid}"


def test_buffered_reads_are_written_at_shutdown(service_env) -> None:
    buffer = audit.ReadBuffer()
    buffer.start(interval=3600)  # the flusher would not run before the stop
    caller = Caller(token_id=None, role="unit", unit_code=UNIT_B)
    for n in range(5):
        buffer.add(caller=caller, action="read_queue", petition_id=None, detail=f"{UNIT_B}: {n}")
    with session_scope() as session:
        assert session.scalars(select(AuditEntry)).all() == []
    buffer.stop()
    with session_scope() as session:
        details = sorted(session.scalars(select(AuditEntry.detail)).all())
    assert details == [f"{UNIT_B}: {n}" for n in range(5)]


def test_reads_without_a_flusher_are_written_at_once(service_env) -> None:
    buffer = audit.ReadBuffer()
    buffer.add(
        caller=Caller(token_id=None, role="admin"),
        action="read_queue",
        petition_id=None,
        detail="x",
    )
    with session_scope() as session:
        assert session.scalars(select(AuditEntry.detail)).all() == ["x"]


def _revoke_all() -> None:
    with session_scope() as session:
        session.execute(update(ApiToken).values(revoked=True))


def test_revoked_token_is_refused_once_the_cache_lapses(
    client, tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DONTHU_TOKEN_CACHE", "0.3")
    reset_settings()
    VERIFIED.clear()
    url = f"/api/units/{UNIT_A}/queue"
    assert client.get(url, headers=tokens.header("unit_a")).status_code == 200
    _revoke_all()
    time.sleep(0.4)
    assert client.get(url, headers=tokens.header("unit_a")).status_code == 401


def test_without_cache_a_revoked_token_is_refused_at_once(
    client, tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DONTHU_TOKEN_CACHE", "0")
    reset_settings()
    url = f"/api/units/{UNIT_A}/queue"
    assert client.get(url, headers=tokens.header("unit_a")).status_code == 200
    _revoke_all()
    assert client.get(url, headers=tokens.header("unit_a")).status_code == 401


def test_unknown_tokens_are_never_cached(client, tokens) -> None:
    bad = {"Authorization": "Bearer dt_not-a-token"}
    for _ in range(3):
        assert client.get(f"/api/units/{UNIT_A}/queue", headers=bad).status_code == 401
    # a unit token stays scoped even when served from the cache
    url = f"/api/units/{UNIT_B}/queue"
    for _ in range(2):
        assert client.get(url, headers=tokens.header("unit_a")).status_code == 404
        assert client.get(url, headers=tokens.header("intake")).status_code == 403
