"""Every endpoint against every role and unit: 401, 403, 404 exactly as the contract says.

A unit never gets another unit's data, and "outside your scope" looks exactly like "absent".
"""

from __future__ import annotations

import pytest
from conftest import UNIT_A, UNIT_B, UNIT_C

TEXT = "Kính gửi UBND quận Cầu Giấy. Tôi tên là Lê Văn Tám, đề nghị xem xét việc cấp sổ đỏ."


def _routes(pid: int) -> list[tuple[str, str, dict]]:
    """(method, path, kwargs) of every authenticated route, aimed at petition `pid`."""
    return [
        ("GET", "/api/petitions", {}),
        ("GET", f"/api/petitions/{pid}", {}),
        ("GET", f"/api/petitions/{pid}/history", {}),
        ("GET", f"/api/petitions/{pid}/files/0", {}),
        ("PATCH", f"/api/petitions/{pid}/labels", {"json": {}}),
        ("POST", f"/api/petitions/{pid}/status", {"json": {"status": "in_progress"}}),
        ("POST", f"/api/petitions/{pid}/retry", {}),
        (
            "POST",
            f"/api/petitions/{pid}/disclosures",
            {"json": {"unit": UNIT_A, "reason": "xác minh"}},
        ),
        ("GET", f"/api/units/{UNIT_A}/queue", {}),
        ("POST", f"/api/units/{UNIT_A}/queue/{pid}/claim", {}),
        ("POST", f"/api/units/{UNIT_A}/queue/{pid}/release", {}),
        ("GET", "/api/audit", {}),
        ("GET", "/api/reports/open?on=2025-03-03", {}),
        ("POST", "/api/petitions", {"files": [("files", ("a.txt", b"x", "text/plain"))]}),
    ]


def test_health_needs_no_token(client) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.parametrize("header", [None, "Bearer nope", "Basic abc", "Bearer "])
def test_missing_or_invalid_token_is_401_everywhere(client, tokens, routed, header) -> None:
    pid = routed(text=TEXT, unit=UNIT_A)
    headers = {"Authorization": header} if header else {}
    for method, path, kwargs in _routes(pid):
        response = client.request(method, path, headers=headers, **kwargs)
        assert response.status_code == 401, (method, path, response.text)
        assert response.json()["error"]["code"] == "unauthorized"


# Which roles may use which route at all (403 for the others, before any scope check).
BARRED = {
    "intake": {
        "PATCH labels",
        "POST status",
        "POST disclosures",
        "GET queue",
        "POST claim",
        "POST release",
        "GET audit",
        "GET reports",
    },
    "reviewer": {
        "POST status",
        "POST retry",
        "POST disclosures",
        "POST claim",
        "POST release",
        "GET audit",
        "POST upload",
    },
    "admin": {"POST status", "POST claim", "POST release"},
    "unit_a": {
        "GET list",
        "PATCH labels",
        "POST retry",
        "POST disclosures",
        "GET audit",
        "GET reports",
        "POST upload",
    },
}


def _name(method: str, path: str) -> str:
    last = path.rstrip("/").split("/")[-1].split("?")[0]
    if path == "/api/petitions":
        return "GET list" if method == "GET" else "POST upload"
    if "/files/" in path:
        return "GET file"
    if last.isdigit():
        return f"{method} petition"
    if last == "open":
        return "GET reports"
    return f"{method} {last}"


@pytest.mark.parametrize("who", sorted(BARRED))
def test_barred_roles_get_403(client, tokens, routed, who) -> None:
    pid = routed(text=TEXT, unit=UNIT_A)
    for method, path, kwargs in _routes(pid):
        name = _name(method, path)
        response = client.request(method, path, headers=tokens.header(who), **kwargs)
        if name in BARRED[who]:
            assert response.status_code == 403, (who, name, response.text)
        else:
            assert response.status_code not in (401, 403), (who, name, response.text)


def test_other_unit_sees_nothing(client, tokens, routed) -> None:
    """Unit B: every petition route on A's petition is 404, like a missing id."""
    pid = routed(text=TEXT, unit=UNIT_A)
    missing = pid + 1000
    for target in (pid, missing):
        for method, path, kwargs in _routes(target):
            name = _name(method, path)
            if name in BARRED["unit_a"] or "/units/" in path:
                continue
            response = client.request(method, path, headers=tokens.header("unit_b"), **kwargs)
            assert response.status_code == 404, (name, target, response.text)
            assert response.json() == {"error": {"code": "not_found", "message": "Không tìm thấy."}}


def test_unit_queue_paths_of_other_units_are_404(client, tokens, routed) -> None:
    pid = routed(text=TEXT, unit=UNIT_A)
    h = tokens.header("unit_b")
    assert client.get(f"/api/units/{UNIT_A}/queue", headers=h).status_code == 404
    assert client.post(f"/api/units/{UNIT_A}/queue/{pid}/claim", headers=h).status_code == 404
    # B's own queue path with A's petition: not in scope, 404
    assert client.post(f"/api/units/{UNIT_B}/queue/{pid}/claim", headers=h).status_code == 404
    assert client.get(f"/api/units/{UNIT_B}/queue", headers=h).json()["items"] == []


def test_unit_sees_own_queue_and_coordinator_reads_only(client, tokens, routed) -> None:
    pid = routed(text=TEXT, unit=UNIT_A, coordinators=(UNIT_C,))
    queue = client.get(f"/api/units/{UNIT_A}/queue", headers=tokens.header("unit_a")).json()
    assert [item["id"] for item in queue["items"]] == [pid]
    hc = tokens.header("unit_c")
    assert client.get(f"/api/units/{UNIT_C}/queue", headers=hc).json()["items"] == []
    coord = client.get(f"/api/units/{UNIT_C}/queue?role=coordinator", headers=hc).json()
    assert [item["id"] for item in coord["items"]] == [pid]
    detail = client.get(f"/api/petitions/{pid}", headers=hc)
    assert detail.status_code == 200
    assert detail.json()["relation"] == "coordinator"
    assert client.post(f"/api/units/{UNIT_C}/queue/{pid}/claim", headers=hc).status_code == 403
    status = client.post(f"/api/petitions/{pid}/status", headers=hc, json={"status": "in_progress"})
    assert status.status_code == 403


def test_unit_cannot_see_unrouted_petition(client, tokens) -> None:
    files = [("files", ("don.txt", TEXT.encode(), "text/plain"))]
    created = client.post("/api/petitions", headers=tokens.header("intake"), files=files)
    assert created.status_code == 202
    pid = created.json()["id"]
    for who in ("unit_a", "unit_b"):
        assert client.get(f"/api/petitions/{pid}", headers=tokens.header(who)).status_code == 404
    assert (
        client.get(f"/api/petitions/{pid}", headers=tokens.header("reviewer")).json()["status"]
        == "received"
    )


def test_audit_log_records_reads_and_changes(client, tokens, routed) -> None:
    pid = routed(text=TEXT, unit=UNIT_A)
    client.get(f"/api/petitions/{pid}", headers=tokens.header("unit_a"))
    client.post(f"/api/units/{UNIT_A}/queue/{pid}/claim", headers=tokens.header("unit_a"))
    client.get(f"/api/petitions/{pid}", headers=tokens.header("unit_b"))  # 404: not logged
    log = client.get(f"/api/audit?petition_id={pid}", headers=tokens.header("admin")).json()
    actions = [(row["action"], row["actor"].split("#")[0]) for row in log]
    assert ("read", f"unit:{UNIT_A}") in actions
    assert ("claim", f"unit:{UNIT_A}") in actions
    assert not any(actor.startswith(f"unit:{UNIT_B}") for _, actor in actions)
