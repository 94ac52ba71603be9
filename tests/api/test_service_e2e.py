"""End to end on the embedded default: `donthu serve` with its own worker, a rendered scan."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest
from conftest import UNIT_A, Server, wait_for

from ingest.synth import degrade, image_bytes, render_page, text_pdf

pytestmark = [pytest.mark.slow, pytest.mark.ocr]

SCAN_TEXT = (
    "ĐƠN KHIẾU NẠI\nKính gửi: Chủ tịch UBND quận Cầu Giấy\n"
    "Tôi tên là Lê Văn Tám, trú tại phường Dịch Vọng, quận Cầu Giấy.\n"
    "Tôi khiếu nại quyết định thu hồi đất của UBND quận Cầu Giấy đối với thửa đất "
    "của gia đình tôi vì mức bồi thường quá thấp.\nNgười khiếu nại\nLê Văn Tám"
)
PDF_TEXT = (
    "ĐƠN KIẾN NGHỊ\nKính gửi: UBND quận Đống Đa\nTôi là Phạm Thị Lan, ở phường Láng Hạ,\n"
    "quận Đống Đa. Đề nghị UBND quận sửa chữa\nđèn chiếu sáng ngõ 12 phố Láng Hạ đã hỏng\n"
    "nhiều tháng, gây nguy hiểm cho người đi đường."
)


def rendered_scan() -> bytes:
    """A short petition rendered at 300 dpi and degraded like an office scanner."""
    page = render_page(SCAN_TEXT, seed=3, size=(2480, 1400))
    return image_bytes(degrade(page.image, "scanner", seed=3), "PNG")


@pytest.fixture
def server(tmp_path: Path):
    srv = Server(tmp_path / "var", {"DONTHU_SWEEP_INTERVAL": "2", "DONTHU_REQUEUE_AFTER": "20"})
    srv.start()
    yield srv
    srv.stop()


def _status(srv: Server, headers: dict, pid: int) -> dict:
    return httpx.get(f"{srv.url}/api/petitions/{pid}", headers=headers, timeout=10).json()


def test_scan_is_routed_and_pulled_by_the_right_unit_only(server: Server) -> None:
    intake = server.token("intake")
    unit_a = server.token("unit", UNIT_A)
    unit_b = server.token("unit", "UBND-HOANG-MAI")
    files = [("files", ("scan.png", rendered_scan(), "image/png"))]
    started = time.monotonic()
    answer = httpx.post(f"{server.url}/api/petitions", headers=intake, files=files, timeout=10)
    accept_s = time.monotonic() - started
    assert answer.status_code == 202, answer.text
    assert accept_s < 2.0  # OCR never runs in the request
    pid = answer.json()["id"]
    pdf = text_pdf([PDF_TEXT])
    second = httpx.post(
        f"{server.url}/api/petitions",
        headers=intake,
        timeout=10,
        files=[("files", ("don.pdf", pdf, "application/pdf"))],
    ).json()["id"]

    def done() -> dict | None:
        body = _status(server, intake, pid)
        return body if body["status"] in ("routed", "failed") else None

    body = wait_for(done, timeout=180)
    assert body, f"not processed in time:\n{server.log_tail()}"
    assert body["status"] == "routed", body
    assert body["unit"] == UNIT_A
    assert "thu hồi đất" in body["text"].lower()
    queue = httpx.get(f"{server.url}/api/units/{UNIT_A}/queue", headers=unit_a).json()
    assert pid in [item["id"] for item in queue["items"]]
    claim = httpx.post(f"{server.url}/api/units/{UNIT_A}/queue/{pid}/claim", headers=unit_a)
    assert claim.status_code == 200
    assert httpx.get(f"{server.url}/api/petitions/{pid}", headers=unit_b).status_code == 404
    other = httpx.get(f"{server.url}/api/units/UBND-HOANG-MAI/queue", headers=unit_b).json()
    assert pid not in [item["id"] for item in other["items"]]
    pdf_body = wait_for(
        lambda: (b := _status(server, intake, second))["status"] == "routed" and b, timeout=60
    )
    assert pdf_body, f"text PDF not routed:\n{server.log_tail()}"
    assert "đèn chiếu sáng" in pdf_body["text"]
    assert pdf_body["unit"] == pdf_body["routing"]["unit"]


def test_serve_stops_its_worker(tmp_path: Path) -> None:
    srv = Server(tmp_path / "var", {})
    srv.start()
    pid_file = srv.data_dir / "worker.pid"
    worker_pid = wait_for(lambda: pid_file.exists() and int(pid_file.read_text()), timeout=10)
    assert worker_pid
    os.kill(worker_pid, 0)  # alive
    srv.stop()
    gone = wait_for(lambda: not os.path.exists(f"/proc/{worker_pid}"), timeout=10)
    assert gone, "the embedded worker outlived serve"
