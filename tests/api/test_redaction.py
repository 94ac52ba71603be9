"""Denouncer protection: units read a `to_cao` without who wrote it, unless an admin grants it."""

from __future__ import annotations

import pytest
from conftest import UNIT_A, UNIT_C

from api.redaction import MASK, denouncer_names, redact_identity

DENUNCIATION = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐƠN TỐ CÁO\n"
    "Kính gửi: Thanh tra quận Cầu Giấy\n"
    "Tôi tên là Nguyễn Thị Hoa, sinh năm 1975, CCCD số 001175012345, điện thoại 0912.345.678, "
    "email hoa.nt@example.com.\n"
    "Địa chỉ: số 12 ngõ 34 phố Trần Duy Hưng, phường Trung Hòa, quận Cầu Giấy.\n"
    "Tôi tố cáo ông Trần Văn Hùng, cán bộ địa chính phường Trung Hòa, đã nhận tiền để hợp thức "
    "hóa đất lấn chiếm. Bà Nguyễn Thị Hoa (tôi) đã trực tiếp chứng kiến việc này.\n"
    "Hà Nội, ngày 5 tháng 3 năm 2025\nNgười tố cáo\n(Ký, ghi rõ họ tên)\nNguyễn Thị Hoa\n"
)
SECRETS = ("Nguyễn Thị Hoa", "001175012345", "0912.345.678", "hoa.nt@example.com", "Trần Duy Hưng")


def test_redaction_removes_identity_keeps_the_accused() -> None:
    redacted = redact_identity(DENUNCIATION)
    for secret in SECRETS:
        assert secret not in redacted
    assert "Trần Văn Hùng" in redacted
    assert "nhận tiền để hợp thức" in redacted
    assert MASK in redacted


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param("Tôi là Phạm Văn Nam, trú tại", ["Phạm Văn Nam"], id="toi-la"),
        pytest.param("Họ và tên: Lê Thị Mai\n", ["Lê Thị Mai"], id="ho-va-ten"),
        pytest.param("Toi ten la Pham Van Nam o quan", ["Pham Van Nam"], id="no-diacritics"),
        pytest.param("Tôi là người dân sống tại phường", [], id="not-a-name"),
        pytest.param("Tôi tố cáo ông Trần Văn Hùng", [], id="accused-kept"),
    ],
)
def test_denouncer_names(text: str, names: list[str]) -> None:
    assert denouncer_names(text) == names


def test_unit_gets_redacted_text_and_no_scan_until_granted(client, tokens, routed) -> None:
    pid = routed(text=DENUNCIATION, unit=UNIT_A, coordinators=(UNIT_C,), kind="to_cao")
    for who in ("unit_a", "unit_c"):
        body = client.get(f"/api/petitions/{pid}", headers=tokens.header(who)).json()
        assert body["redacted"] is True
        assert body["files"] == []
        assert not any(secret in body["text"] for secret in SECRETS)
        scan = client.get(f"/api/petitions/{pid}/files/0", headers=tokens.header(who))
        assert scan.status_code == 403
        assert scan.json()["error"]["code"] == "identity_withheld"
    staff = client.get(f"/api/petitions/{pid}", headers=tokens.header("reviewer")).json()
    assert "Nguyễn Thị Hoa" in staff["text"]
    grant = client.post(
        f"/api/petitions/{pid}/disclosures",
        headers=tokens.header("admin"),
        json={"unit": UNIT_A, "reason": "Cần xác minh trực tiếp với người tố cáo"},
    )
    assert grant.status_code == 201
    body = client.get(f"/api/petitions/{pid}", headers=tokens.header("unit_a")).json()
    assert body["redacted"] is False
    assert "Nguyễn Thị Hoa" in body["text"]
    scan = client.get(f"/api/petitions/{pid}/files/0", headers=tokens.header("unit_a"))
    assert scan.status_code == 200
    assert scan.content == DENUNCIATION.encode()
    # the grant is for one unit only, and it is logged
    other = client.get(f"/api/petitions/{pid}", headers=tokens.header("unit_c")).json()
    assert other["redacted"] is True
    log = client.get(f"/api/audit?petition_id={pid}", headers=tokens.header("admin")).json()
    assert any(row["action"] == "grant_identity" and UNIT_A in row["detail"] for row in log)


def test_complaints_are_not_redacted(client, tokens, routed) -> None:
    pid = routed(text=DENUNCIATION, unit=UNIT_A, kind="khieu_nai")
    body = client.get(f"/api/petitions/{pid}", headers=tokens.header("unit_a")).json()
    assert body["redacted"] is False
    assert "Nguyễn Thị Hoa" in body["text"]
