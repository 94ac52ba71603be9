"""kill -9 of the worker during a batch of 20 uploads: after restart all 20 are routed, once.

Runs on the embedded default, whose filesystem broker never redelivers: recovery comes from
the database-driven sweep (expired worker leases, petitions waiting too long in `received`).
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from pathlib import Path

import httpx
import pytest
from conftest import Server, wait_for

from ingest.synth import image_bytes, render_page

pytestmark = [pytest.mark.slow, pytest.mark.ocr]

BATCH = 20
STREETS = ("Trần Duy Hưng", "Xuân Thủy", "Cầu Giấy", "Hoàng Quốc Việt", "Nguyễn Khang")


def petition_png(i: int) -> bytes:
    """A short, distinct petition rendered as a clean 300 dpi image (about a second of OCR)."""
    text = (
        f"ĐƠN KIẾN NGHỊ SỐ {i + 1}\nKính gửi: UBND quận Cầu Giấy\n"
        f"Tôi là công dân ở nhà số {10 + i * 7} phố {STREETS[i % 5]}, quận Cầu Giấy.\n"
        f"Đề nghị sửa {i + 2} cột đèn chiếu sáng hỏng trong ngõ {i + 3}."
    )
    return image_bytes(render_page(text, seed=i, size=(2480, 700)).image, "PNG")


def _list(srv: Server, headers: dict, status: str) -> list[int]:
    body = httpx.get(
        f"{srv.url}/api/petitions?status={status}&limit=500", headers=headers, timeout=10
    ).json()
    return [item["id"] for item in body["items"]]


def test_kill_9_worker_mid_batch_loses_nothing(tmp_path: Path) -> None:
    # The task limit sets the lease a killed worker leaves behind (limit + 10 s): short, so
    # recovery is quick, but with room for one page's OCR on a busy 2-core machine (at 20 s a
    # loaded CI machine once hit the limit and failed a petition).
    srv = Server(
        tmp_path / "var",
        {"DONTHU_TASK_TIME_LIMIT": "45", "DONTHU_REQUEUE_AFTER": "5", "DONTHU_SWEEP_INTERVAL": "1"},
    )
    srv.start()
    try:
        intake, admin = srv.token("intake"), srv.token("admin")
        ids = []
        for i in range(BATCH):
            answer = httpx.post(
                f"{srv.url}/api/petitions",
                headers=intake,
                timeout=10,
                files=[("files", (f"don{i}.png", petition_png(i), "image/png"))],
            )
            assert answer.status_code == 202
            ids.append(answer.json()["id"])
        # wait until some are routed and others are in the worker's hands, then kill
        assert wait_for(
            lambda: len(_list(srv, admin, "routed")) >= 3 and _list(srv, admin, "extracting"),
            timeout=90,
            interval=0.1,
        )
        worker_pid = int((srv.data_dir / "worker.pid").read_text())
        os.killpg(worker_pid, signal.SIGKILL)  # the worker and its pool, mid-task
        routed_at_kill = len(_list(srv, admin, "routed"))
        assert routed_at_kill < BATCH
        restarted = wait_for(
            lambda: int((srv.data_dir / "worker.pid").read_text()) != worker_pid, timeout=15
        )
        assert restarted, "serve did not restart its worker"

        def finished() -> bool:
            failed = _list(srv, admin, "failed")
            assert not failed, f"failed: {failed}\n{srv.log_tail()}"
            return len(_list(srv, admin, "routed")) == BATCH

        done = wait_for(finished, timeout=200)
        assert done, f"routed {len(_list(srv, admin, 'routed'))}/{BATCH}\n{srv.log_tail()}"
        assert sorted(_list(srv, admin, "routed")) == sorted(ids)
        takeovers = 0
        for pid in ids:
            history = httpx.get(f"{srv.url}/api/petitions/{pid}/history", headers=admin).json()
            assert [h["to_status"] for h in history].count("routed") == 1, history
            takeovers += sum(1 for h in history if h["note"] == "lease expired, taken over")
        assert takeovers >= 1  # the petition(s) in the killed worker's hands were recovered
        # exactly once in the queues: every id once across the units it was routed to
        seen: Counter[int] = Counter()
        units = {
            httpx.get(f"{srv.url}/api/petitions/{pid}", headers=admin).json()["unit"] for pid in ids
        }
        for unit in units:
            queue = httpx.get(
                f"{srv.url}/api/units/{unit}/queue?limit=200&state=all", headers=admin
            ).json()
            seen.update(item["id"] for item in queue["items"])
        assert seen == Counter(dict.fromkeys(ids, 1))
        print(f"routed before kill: {routed_at_kill}/{BATCH}, takeovers: {takeovers}")
    finally:
        srv.stop()
