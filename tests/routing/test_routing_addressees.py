"""The "Kính gửi" list: who a letter went to, and one handling by the competent unit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from routing.addressees import extract_addressee_names, extract_addressees

Decide = Callable[..., dict[str, Any]]

BULLETED = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

ĐƠN KHIẾU NẠI

Kính gửi: - Chủ tịch UBND quận Cầu Giấy
          - Thanh tra Thành phố Hà Nội
          - Ban Tiếp công dân Trung ương
Đồng kính gửi: Sở Tài nguyên và Môi trường; Báo Nhân dân, Công an TP Hà Nội

Tôi tên là Nguyễn Văn A, trú tại phường Dịch Vọng, quận Cầu Giấy.
"""


def test_bulleted_and_copied(ruleset: Any) -> None:
    found = [a.as_dict() for a in extract_addressees(BULLETED, ruleset.directory.units)]
    assert found == [
        {"name": "Chủ tịch UBND quận Cầu Giấy", "unit": "UBND-CAU-GIAY", "role": "to"},
        {"name": "Thanh tra Thành phố Hà Nội", "unit": "TTTP", "role": "to"},
        {"name": "Ban Tiếp công dân Trung ương", "unit": None, "role": "to"},
        {"name": "Sở Tài nguyên và Môi trường", "unit": "STNMT", "role": "cc"},
        {"name": "Báo Nhân dân", "unit": None, "role": "cc"},
        {"name": "Công an TP Hà Nội", "unit": "CATP", "role": "cc"},
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param(
            "Kinh gui:\n\n   UBND Q. Dong Da\n   Uy ban nhan dan phuong Lang Ha, quan "
            "Dong Da\nToi ten la B",
            ["UBND Q. Dong Da", "Uy ban nhan dan phuong Lang Ha, quan Dong Da"],
            id="no-diacritics-own-lines",
        ),
        pytest.param(
            "Kính gửi: Ủy ban nhân dân phường Dịch Vọng, quận Cầu Giấy\nTôi là C",
            ["Ủy ban nhân dân phường Dịch Vọng, quận Cầu Giấy"],
            id="comma-in-name",
        ),
        pytest.param(
            "Kính gửi: UBND huyện Đông Anh, Thanh tra huyện Đông Anh.\n",
            ["UBND huyện Đông Anh", "Thanh tra huyện Đông Anh"],
            id="comma-list",
        ),
        pytest.param(
            "KÍNH GỬI:\n1. Sở Xây dựng Hà Nội\n2) Thanh tra Sở Xây dựng\nNội dung",
            ["Sở Xây dựng Hà Nội", "Thanh tra Sở Xây dựng"],
            id="numbered-upper",
        ),
        pytest.param("Tôi viết đơn này gửi các cơ quan.", [], id="none"),
        pytest.param(
            "Kính gửi: Chủ tịch UBND thành phố Hà Nội\nBan Tiếp công dân Trung ương "
            "nhận được đơn của ông Quang Văn Hợp. Chuyển để xem xét.\n",
            ["Chủ tịch UBND thành phố Hà Nội"],
            id="body-text-not-an-addressee",
        ),
        pytest.param("Kính gửi:\nBần tăng là Thích Minh Tuệ, trụ trì chùa\n", [], id="writer-line"),
        pytest.param(
            "Kinh gui: UBND phuong Quan Hoa. Cay xa cu bi muc goc. Nguoi bao: L\n",
            ["UBND phuong Quan Hoa"],
            id="one-line-note",
        ),
        pytest.param(
            "Kính gửi: UBND Q. Cầu Giấy, TP. Hà Nội\n",
            ["UBND Q. Cầu Giấy, TP. Hà Nội"],
            id="abbreviations-are-not-sentence-ends",
        ),
        pytest.param(
            "Kính gửi: Sở Lao động - Thương binh và Xã hội; Sở Quy hoạch - Kiến trúc\n",
            ["Sở Lao động - Thương binh và Xã hội", "Sở Quy hoạch - Kiến trúc"],
            id="hyphen-inside-name",
        ),
        pytest.param(
            "Kính gửi: UBND quận Tây Hồ\n- UBND quận Tây Hồ\n",
            ["UBND quận Tây Hồ"],
            id="repeated-once",
        ),
    ],
)
def test_addressee_names(text: str, names: list[str]) -> None:
    assert [name for name, _ in extract_addressee_names(text)] == names


def test_several_addressees_routed_once(decide: Decide) -> None:
    decision = decide(kind="khieu_nai", domains=("land",), district="Cầu Giấy", text=BULLETED)
    assert decision["unit"] == "UBND-CAU-GIAY"
    assert len(decision["addressees"]) == 6
    why = decision["why"][-1]
    assert why["rule"] == "copies.single_handling"
    assert why["facts"]["competent_unit"] == "UBND-CAU-GIAY"
    assert "6 nơi" in why["message"] and "không xử lý lại" in why["message"]
    assert "có trong danh sách nơi nhận" in why["message"]


def test_competent_unit_not_addressed(decide: Decide) -> None:
    text = "Kính gửi: - Thanh tra Chính phủ\n - Ban Tiếp công dân Trung ương\nTôi tên là D"
    decision = decide(domains=("construction",), district="Thanh Xuân", text=text)
    assert decision["unit"] == "UBND-THANH-XUAN"
    assert "không có trong danh sách nơi nhận" in decision["why"][-1]["message"]


def test_single_addressee(decide: Decide) -> None:
    decision = decide(domains=("land",), district="Ba Vì", text="Kính gửi: Sở Xây dựng\nTôi")
    assert decision["why"][-1]["rule"] == "copies.addressees"
    assert "UBND-BA-VI" in decision["why"][-1]["message"]
    assert decide(text=None)["addressees"] == []
