"""The lifecycle through the API with the real pipeline (the task called as a function)."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import UNIT_A, UNIT_B
from sqlalchemy import func, select, update

from api.db.session import session_scope, utcnow
from api.db.tables import LabelCorrection, Petition, Transition
from api.services import processing, recovery
from api.tasks import process_petition_task

LAND_CAU_GIAY = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nĐƠN KHIẾU NẠI\n"
    "Kính gửi: Chủ tịch UBND quận Cầu Giấy\n"
    "Tôi tên là Lê Văn Tám, trú tại tổ 5 phường Dịch Vọng, quận Cầu Giấy, Hà Nội.\n"
    "Tôi khiếu nại Quyết định thu hồi đất số 123/QĐ-UBND của UBND quận Cầu Giấy đối với "
    "thửa đất số 45 của gia đình tôi. Mức bồi thường, hỗ trợ quá thấp so với giá thị trường, "
    "ảnh hưởng nghiêm trọng tới quyền lợi của gia đình tôi.\n"
    "Đề nghị UBND quận xem xét lại quyết định thu hồi đất và phương án bồi thường.\n"
    "Hà Nội, ngày 3 tháng 3 năm 2025\nNgười khiếu nại\nLê Văn Tám\n"
)


def upload(client, tokens, text: str | bytes, name: str = "don.txt", **form) -> dict:
    """POST one file as the intake clerk; the JSON answer (asserts 202)."""
    data = text.encode() if isinstance(text, str) else text
    response = client.post(
        "/api/petitions",
        headers=tokens.header("intake"),
        files=[("files", (name, data, "application/octet-stream"))],
        data=form,
    )
    assert response.status_code == 202, response.text
    return response.json()


def transitions(pid: int) -> list[tuple[str | None, str]]:
    with session_scope() as session:
        rows = session.execute(
            select(Transition.from_status, Transition.to_status)
            .where(Transition.petition_id == pid)
            .order_by(Transition.id)
        ).all()
    return [(a, b) for a, b in rows]


def test_upload_process_route_pull(client, tokens) -> None:
    created = upload(client, tokens, LAND_CAU_GIAY, received_at="2025-03-03", channel="mail")
    assert created["status"] == "received"
    pid = created["id"]
    assert process_petition_task(pid) == "routed"
    detail = client.get(f"/api/petitions/{pid}", headers=tokens.header("reviewer")).json()
    assert detail["status"] == "routed"
    assert "thu hồi đất" in detail["text"]
    assert detail["labels"]["kind"] == "khieu_nai"
    assert "land" in detail["labels"]["domains"]
    assert detail["routing"]["unit"] == UNIT_A == detail["unit"]
    assert detail["error"] is None
    # idempotent: a second delivery changes nothing
    assert process_petition_task(pid) == "skipped"
    assert [t for t in transitions(pid) if t[1] == "routed"] == [("classified", "routed")]
    queue = client.get(f"/api/units/{UNIT_A}/queue", headers=tokens.header("unit_a")).json()
    assert [item["id"] for item in queue["items"]] == [pid]
    assert client.get(f"/api/petitions/{pid}", headers=tokens.header("unit_b")).status_code == 404


def test_same_files_again_is_linked_not_routed_twice(client, tokens) -> None:
    first = upload(client, tokens, LAND_CAU_GIAY)
    again = upload(client, tokens, LAND_CAU_GIAY, name="scan-lai.txt")
    assert again["status"] == "duplicate"
    assert again["duplicate_of"] == first["id"]
    # a re-typed copy (different bytes, same words) is caught after extraction
    process_petition_task(first["id"])
    retyped = upload(client, tokens, LAND_CAU_GIAY.replace("\n", "\n\n").upper())
    assert process_petition_task(retyped["id"]) == "duplicate"
    detail = client.get(f"/api/petitions/{retyped['id']}", headers=tokens.header("admin")).json()
    assert detail["duplicate_of"] == first["id"]
    queue = client.get(
        f"/api/units/{UNIT_A}/queue?state=all", headers=tokens.header("unit_a")
    ).json()
    assert [item["id"] for item in queue["items"]] == [first["id"]]


def test_bad_file_fails_with_reason_and_is_retryable(client, tokens) -> None:
    pid = upload(client, tokens, b"%PDF-1.4\n garbage \x00\x01\x02 not a pdf", "hong.pdf")["id"]
    assert process_petition_task(pid) == "failed"
    detail = client.get(f"/api/petitions/{pid}", headers=tokens.header("intake")).json()
    assert detail["status"] == "failed"
    assert detail["error"]["code"]
    assert "hong.pdf" in detail["error"]["message"]
    retried = client.post(f"/api/petitions/{pid}/retry", headers=tokens.header("intake"))
    assert retried.status_code == 202
    assert retried.json()["status"] == "received"
    assert process_petition_task(pid) == "failed"
    assert transitions(pid)[-3:] == [
        ("failed", "received"),
        ("received", "extracting"),
        ("extracting", "failed"),
    ]


def test_claim_lease_progress_and_result(client, tokens, routed) -> None:
    pid = routed(text=LAND_CAU_GIAY, unit=UNIT_A)
    ha = tokens.header("unit_a")
    with session_scope() as session:  # a colleague's token of the same unit
        from api.services.tokens import create_token

        other = create_token(session=session, role="unit", unit_code=UNIT_A)[1]
    hb = {"Authorization": f"Bearer {other}"}
    assert client.post(f"/api/units/{UNIT_A}/queue/{pid}/claim", headers=ha).status_code == 200
    assert client.post(f"/api/units/{UNIT_A}/queue/{pid}/claim", headers=hb).status_code == 409
    available = client.get(f"/api/units/{UNIT_A}/queue", headers=hb).json()["items"]
    assert available == []
    # the lease lapses: the colleague may take it
    with session_scope() as session:
        session.execute(
            update(Petition)
            .where(Petition.id == pid)
            .values(claim_until=utcnow() - timedelta(seconds=1))
        )
    assert [
        i["id"] for i in client.get(f"/api/units/{UNIT_A}/queue", headers=hb).json()["items"]
    ] == [pid]
    assert client.post(f"/api/units/{UNIT_A}/queue/{pid}/claim", headers=hb).status_code == 200
    assert (
        client.post(
            f"/api/petitions/{pid}/status", headers=ha, json={"status": "in_progress"}
        ).status_code
        == 409
    )
    assert client.post(f"/api/units/{UNIT_A}/queue/{pid}/release", headers=hb).status_code == 200
    assert client.post(f"/api/units/{UNIT_A}/queue/{pid}/claim", headers=ha).status_code == 200
    for status in ("in_progress", "resolved"):
        response = client.post(
            f"/api/petitions/{pid}/status",
            headers=ha,
            json={"status": status, "note": "Đã trả lời công dân"},
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status
    history = client.get(f"/api/petitions/{pid}/history", headers=ha).json()
    assert [h["to_status"] for h in history][-6:] == [
        "claimed",
        "claimed",
        "routed",
        "claimed",
        "in_progress",
        "resolved",
    ]
    assert all(h["actor"].startswith(f"unit:{UNIT_A}#") for h in history[-6:])
    today = date.today().isoformat()
    report = client.get(f"/api/reports/open?on={today}", headers=tokens.header("admin")).json()
    assert pid not in report["petition_ids"]
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    report = client.get(f"/api/reports/open?on={yesterday}", headers=tokens.header("admin"))
    assert pid not in report.json()["petition_ids"]  # did not exist yet


def test_returned_then_corrected_reroutes_and_keeps_training_data(client, tokens) -> None:
    pid = upload(client, tokens, LAND_CAU_GIAY)["id"]
    process_petition_task(pid)
    ha = tokens.header("unit_a")
    client.post(f"/api/units/{UNIT_A}/queue/{pid}/claim", headers=ha)
    no_reason = client.post(f"/api/petitions/{pid}/status", headers=ha, json={"status": "returned"})
    assert no_reason.status_code == 422
    returned = client.post(
        f"/api/petitions/{pid}/status",
        headers=ha,
        json={"status": "returned", "note": "Thửa đất thuộc quận Đống Đa"},
    )
    assert returned.json()["status"] == "returned"
    review = client.get("/api/petitions?status=returned", headers=tokens.header("reviewer"))
    assert [i["id"] for i in review.json()["items"]] == [pid]
    patched = client.patch(
        f"/api/petitions/{pid}/labels",
        headers=tokens.header("reviewer"),
        json={"district": "Đống Đa"},
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert (body["status"], body["unit"], body["provisional"]) == ("routed", UNIT_B, False)
    assert body["labels"]["district"] == "Đống Đa"
    assert client.get(f"/api/petitions/{pid}", headers=ha).status_code == 404
    assert client.get(f"/api/petitions/{pid}", headers=tokens.header("unit_b")).status_code == 200
    with session_scope() as session:
        correction = session.scalars(select(LabelCorrection)).one()
    assert correction.petition_id == pid
    assert correction.after["district"] == "Đống Đa"
    assert correction.before["district"] == "Cầu Giấy"
    assert correction.actor.startswith("reviewer#")
    assert "thu hồi đất" in correction.text
    bad = client.patch(
        f"/api/petitions/{pid}/labels",
        headers=tokens.header("reviewer"),
        json={"kind": "not_a_kind"},
    )
    assert bad.status_code == 422


def test_sweep_requeues_stuck_and_takeover_is_exclusive(client, tokens) -> None:
    pid = upload(client, tokens, LAND_CAU_GIAY)["id"]
    with session_scope() as session:
        assert recovery.find_stuck(session=session, requeue_after=60) == []
        session.execute(
            update(Petition)
            .where(Petition.id == pid)
            .values(queued_at=utcnow() - timedelta(seconds=120))
        )
    with session_scope() as session:
        assert recovery.find_stuck(session=session, requeue_after=60) == [pid]
    with session_scope() as session:  # a worker takes it, then dies
        token = processing.acquire(session=session, petition_id=pid, lease_seconds=600)
    assert token
    with session_scope() as session:  # lease still running: nobody else may take it
        assert processing.acquire(session=session, petition_id=pid, lease_seconds=600) is None
        session.execute(
            update(Petition)
            .where(Petition.id == pid)
            .values(
                lease_until=utcnow() - timedelta(seconds=1),
                queued_at=utcnow() - timedelta(seconds=120),
            )
        )
    with session_scope() as session:
        assert recovery.find_stuck(session=session, requeue_after=60) == [pid]
    assert process_petition_task(pid) == "routed"
    with session_scope() as session:  # the dead worker's late result is discarded
        assert not processing.mark_failed(
            session=session, petition_id=pid, token=token, code="x", message="y"
        )
        routed_rows = session.scalar(
            select(func.count())
            .select_from(Transition)
            .where(Transition.petition_id == pid, Transition.to_status == "routed")
        )
    assert routed_rows == 1
    assert ("extracting", "extracting") in transitions(pid)


def test_corrections_export_as_training_records(client, tokens) -> None:
    from api.services.review import training_records
    from classifier.labels import label_errors

    pid = upload(client, tokens, LAND_CAU_GIAY)["id"]
    process_petition_task(pid)
    for district in ("Đống Đa", "Hoàng Mai"):  # two corrections: the latest one counts
        response = client.patch(
            f"/api/petitions/{pid}/labels",
            headers=tokens.header("reviewer"),
            json={"district": district},
        )
        assert response.status_code == 200
    with session_scope() as session:
        records = training_records(session=session)
    assert len(records) == 1
    record = records[0]
    assert record["district"] == "Hoàng Mai"
    assert "thu hồi đất" in record["text"]
    assert label_errors(record) == []
