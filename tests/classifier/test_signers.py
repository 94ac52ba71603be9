"""The signer counter: represented households, signature lists, and what does not count."""

from __future__ import annotations

import pytest

from classifier.signers import count_signers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Tôi tên là Nguyễn Văn A, trú tại ... Người làm đơn\nNguyễn Văn A", 1, id="single"
        ),
        pytest.param("Chúng tôi thay mặt 37 hộ dân thôn Đoài kính đề nghị ...", 37, id="thay-mat"),
        pytest.param("chung toi gom 23 ho gia dinh co dat bi thu hoi", 23, id="folded"),
        pytest.param("Đại diện cho 120 hộ gia đình khu tập thể", 120, id="dai-dien"),
        pytest.param("Có 46 hộ dân cùng ký tên vào đơn này.", 46, id="cung-ky-ten"),
        pytest.param("Chúng tôi gồm bốn hộ ở ngõ 12", 4, id="number-word"),
        pytest.param(
            "Nội dung...\nNhững người ký tên:\n1. Nguyễn Văn An\n2. Trần Thị Bình\n3. Lê Văn Cường\n",
            3,
            id="list-of-three",
        ),
        pytest.param(
            "Nội dung...\nĐồng ký tên:\n1. Ông Nguyễn Văn An\n2. Bà Trần Thị Bình\n"
            "3. Lê Văn Cường\n4. Phạm Thị Dung\n5. Hoàng Văn Em\n6. Đỗ Thị Gấm\n",
            6,
            id="list-of-six",
        ),
        pytest.param(
            "Hàng trăm hộ dân bị ảnh hưởng bởi khói bụi. Người viết đơn: Trần Văn Bảo",
            1,
            id="mentions-many-signed-by-one",
        ),
        pytest.param(
            "Dự án thu hồi đất của 250 hộ. Tôi là một trong số đó.", 1, id="affected-not-signers"
        ),
    ],
)
def test_counts_signers(text: str, expected: int) -> None:
    assert count_signers(text).signers == expected


def test_list_items_that_are_not_people_do_not_count() -> None:
    text = (
        "Tài liệu kèm theo, người làm đơn gửi:\n1. Quyết định số 12/QĐ-UBND\n"
        "2. Thửa đất số 5 tờ bản đồ 3\n3. Văn bản trả lời số 7\nNgười làm đơn\nTrần Văn A"
    )
    assert count_signers(text).signers == 1
