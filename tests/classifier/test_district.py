"""The district extractor on the forms letters really use."""

from __future__ import annotations

import pytest

from classifier.district import find_district
from classifier.labels import DISTRICTS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Kính gửi UBND quận Cầu Giấy. Tôi ở phố Trần Thái Tông.", "Cầu Giấy", id="quan"
        ),
        pytest.param("nha toi o Q. Hoang Mai bi lun nut", "Hoàng Mai", id="q-dot-folded"),
        pytest.param("Thửa đất tại H.Đông Anh, xóm Chợ", "Đông Anh", id="h-dot-nospace"),
        pytest.param("TX Sơn Tây có công trình trái phép", "Sơn Tây", id="tx"),
        pytest.param("THỊ XÃ SƠN TÂY, THÀNH PHỐ HÀ NỘI", "Sơn Tây", id="upper"),
        pytest.param("toi tru tai huyen ung hoa", "Ứng Hòa", id="no-diacritics"),
        pytest.param("huyện Ứng Hoà (old tone placement)", "Ứng Hòa", id="old-tone"),
        pytest.param(
            "Gia đình tôi ở phường Dịch Vọng Hậu có nhà bị nứt", "Cầu Giấy", id="ward-only"
        ),
        pytest.param("Đất nông nghiệp ở xã Tiên Dương bị thu hồi", "Đông Anh", id="commune-only"),
        pytest.param("P. Kiến Hưng, nhà số 5", "Hà Đông", id="p-dot-ward"),
        pytest.param("tôi ở thị trấn Chúc Sơn", "Chương Mỹ", id="thi-tran"),
        pytest.param("Tôi đề nghị sửa đường làng, không nói nơi nào cả.", None, id="none"),
    ],
)
def test_finds_district_in_many_forms(text: str, expected: str | None) -> None:
    assert find_district(text).district == expected


def test_matter_location_beats_home_address() -> None:
    text = (
        "Tôi tên là Lê Văn Hùng, thường trú tại phường Khương Trung, quận Thanh Xuân. "
        "Gia đình tôi có thửa đất nông nghiệp tại xã Đại Mạch, huyện Đông Anh bị thu hồi. "
        "Đề nghị UBND huyện Đông Anh xem xét bồi thường cho đúng."
    )
    assert find_district(text).district == "Đông Anh"


def test_every_district_is_found_by_its_prefixed_name() -> None:
    for name in DISTRICTS:
        assert find_district(f"Kính gửi: UBND quận {name}").district == name
