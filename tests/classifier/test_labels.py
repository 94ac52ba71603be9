"""Each label on crafted letters the model has never seen, plus LABELS.md's own rules."""

from __future__ import annotations

import pytest

from classifier.labels import label_errors

CASES = {
    "pagoda_land": (
        "Kính gửi: Chủ tịch UBND thành phố Hà Nội. Tôi là Thích Minh Tâm, trụ trì chùa Linh Ứng, "
        "thôn Trung, xã Kim Chung, huyện Hoài Đức. Năm 2023 UBND xã tự ý thu hồi 600 m2 đất vườn "
        "chùa để làm nhà văn hóa mà không có quyết định thu hồi đất, không bồi thường. Phật tử "
        "rất bức xúc. Đề nghị Thành phố xem xét trả lại đất cho nhà chùa."
    ),
    "neighbour_cracks": (
        "Kính gửi UBND phường Phương Liệt, quận Thanh Xuân. Tôi là Đỗ Văn Hải, nhà số 7 ngõ 42 "
        "Phương Liệt. Từ tháng 4/2025 nhà số 9 bên cạnh phá dỡ và đào móng xây nhà 7 tầng, không "
        "che chắn. Nhà tôi nứt tường, lún nền, trần bong vữa. Chủ công trình không chịu hỗ trợ. "
        "Đề nghị phường kiểm tra, đình chỉ thi công và buộc bồi thường thiệt hại."
    ),
    "war_invalid": (
        "Kính gửi Phòng Lao động - Thương binh và Xã hội huyện Phú Xuyên. Tôi là Nguyễn Văn Tư, "
        "thương binh hạng 2/4, ở xã Phú Túc. Từ tháng 3/2024 tôi không còn được nhận trợ cấp "
        "người phục vụ thương binh mà không có văn bản nào giải thích. Tôi xin được xem xét lại."
    ),
    "bribe_titled_complaint": (
        "ĐƠN KHIẾU NẠI\nKính gửi: Thanh tra quận Đống Đa.\nTôi tên là Phạm Thị Lan, ở phường Khâm "
        "Thiên. Tôi tố cáo ông Trần Văn K, cán bộ địa chính phường, đã nhận của nhiều hộ dân mỗi "
        "hộ 30 triệu đồng để làm hồ sơ cấp sổ đỏ nhanh, ai không đưa tiền thì bị gây khó dễ. Đề "
        "nghị thanh tra làm rõ, xử lý nghiêm hành vi nhận hối lộ."
    ),
}


@pytest.mark.parametrize(
    ("case", "kind", "domains_in", "domains_out"),
    [
        pytest.param("pagoda_land", None, {"land", "religion_sensitive"}, set(), id="pagoda-land"),
        pytest.param(
            "neighbour_cracks",
            None,
            {"construction"},
            {"religion_sensitive"},
            id="neighbour-cracks",
        ),
        pytest.param(
            "war_invalid",
            None,
            set(),
            {"land", "construction", "religion_sensitive", "mass_complaint"},
            id="war-invalid-no-domain",
        ),
        pytest.param(
            "bribe_titled_complaint",
            "to_cao",
            set(),
            {"religion_sensitive"},
            id="denunciation-titled-complaint",
        ),
    ],
)
def test_crafted_cases(trained_model, case, kind, domains_in, domains_out) -> None:
    labels = trained_model.classify(CASES[case])
    if kind:
        assert labels["kind"] == kind
    assert domains_in <= set(labels["domains"]), labels
    assert not domains_out & set(labels["domains"]), labels
    assert not label_errors(labels)


def test_religion_sensitive_always_needs_review(trained_model) -> None:
    labels = trained_model.classify(CASES["pagoda_land"])
    assert "religion_sensitive" in labels["domains"] and labels["needs_review"]


def test_label_rules() -> None:
    good = {
        "kind": "khieu_nai",
        "domains": ["land", "mass_complaint"],
        "flags": ["backlog"],
        "signers": 12,
        "district": "Ứng Hòa",
    }
    assert label_errors(good) == []
    assert label_errors(good | {"signers": 4})  # mass_complaint needs >= 5 signers
    assert label_errors(good | {"flags": ["re_complaint"]})  # re_complaint needs backlog
    assert label_errors(good | {"district": "Ung Hoa"})  # canonical spelling only


FLAG_CASES = [
    pytest.param(
        "central_referral",
        "BAN TIẾP CÔNG DÂN TRUNG ƯƠNG\nSố: 1203/PC-BTCDTW\nPHIẾU CHUYỂN ĐƠN\nKính chuyển: Chủ tịch "
        "UBND thành phố Hà Nội\nBan Tiếp công dân Trung ương nhận được đơn của bà Lê Thị Hạnh, trú "
        "tại xã Vân Nội, huyện Đông Anh, đề nghị xem xét việc bồi thường đất nông nghiệp. Chuyển "
        "đơn đến đồng chí xem xét, giải quyết theo thẩm quyền.",
        id="forwarding-slip",
    ),
    pytest.param(
        "anonymous",
        "Kính gửi Thanh tra quận Hoàng Mai. Chúng tôi là một nhóm người dân phường Định Công, xin "
        "được giấu tên vì sợ bị trả thù. Cán bộ địa chính phường nhận tiền của các chủ đầu tư để "
        "làm ngơ cho xây dựng trái phép trên đất nông nghiệp. Đề nghị thanh tra làm rõ.",
        id="anonymous-group",
    ),
    pytest.param(
        "hotspot",
        "Kính gửi UBND huyện Thanh Oai. Chúng tôi thay mặt 60 hộ dân thôn Bình Đà phản đối giá bồi "
        "thường. Nếu huyện không đối thoại trong tháng này, bà con sẽ kéo nhau lên trụ sở Thành phố, "
        "căng băng rôn, ăn ở tại đó cho đến khi được giải quyết.",
        id="threat-to-gather",
    ),
    pytest.param(
        "re_complaint",
        "Kính gửi Chủ tịch UBND thành phố Hà Nội. Tôi là Trần Văn Nam, thôn Đông, xã Tiền Phong, "
        "huyện Mê Linh. Ngày 12/5/2019 Chủ tịch UBND huyện Mê Linh đã ban hành Quyết định giải quyết "
        "khiếu nại lần đầu số 2231/QĐ-UBND, bác đơn của tôi về việc bồi thường đất. Tôi không đồng ý "
        "với quyết định giải quyết khiếu nại lần đầu, nay khiếu nại lần hai đề nghị Thành phố xem xét.",
        id="second-level-complaint",
    ),
    pytest.param(
        "beyond_level",
        "Kính gửi Chủ tịch UBND thành phố Hà Nội. Tôi ở phường Phúc Xá, quận Ba Đình. Hàng xóm xây "
        "lấn sang đất nhà tôi. Tôi chưa gửi đơn ra phường hay quận vì không tin tưởng cán bộ ở đó, "
        "nên gửi thẳng lên Thành phố, đề nghị Thành phố chỉ đạo giải quyết.",
        id="skips-lower-levels",
    ),
]


@pytest.mark.parametrize(("flag", "text"), FLAG_CASES)
def test_flags_on_crafted_cases(trained_model, flag: str, text: str) -> None:
    labels = trained_model.classify(text)
    assert flag in labels["flags"], labels
    assert not label_errors(labels)


def test_plain_first_request_has_no_flags(trained_model) -> None:
    labels = trained_model.classify(
        "Kính gửi UBND phường Ngọc Thụy, quận Long Biên. Tôi là Phạm Văn Toàn, số 12 ngõ 5 phố Ngọc "
        "Thụy. Đèn đường trong ngõ hỏng đã hai tuần, buổi tối rất tối. Đề nghị phường cho sửa. "
        "Người viết: Phạm Văn Toàn, ĐT 0912 345 678."
    )
    assert labels["flags"] == [] and labels["kind"] == "kien_nghi", labels
