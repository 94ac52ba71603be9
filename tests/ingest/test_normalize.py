"""normalize_text and fold_diacritics: the one Vietnamese normalization."""

from __future__ import annotations

import unicodedata

import pytest

from ingest.normalize import fold_diacritics, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("hoà", "hòa", id="oa-old-style"),
        pytest.param("thuỷ", "thủy", id="uy-old-style"),
        pytest.param("CỘNG HOÀ", "CỘNG HÒA", id="upper"),
        pytest.param("Uỷ ban", "Ủy ban", id="uy-initial"),
        pytest.param("khoẻ mạnh", "khỏe mạnh", id="oe"),
        pytest.param("quý quả", "quý quả", id="qu-onset-untouched"),
        pytest.param("toàn hoàng", "toàn hoàng", id="closed-rime-untouched"),
        pytest.param("hòa thủy", "hòa thủy", id="already-new-style"),
    ],
)
def test_one_tone_mark_convention(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_nfc_and_mark_order() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Đức")
    assert normalize_text(decomposed) == "Nguyễn Đức"
    # tone mark typed before the circumflex still composes to one character
    assert normalize_text("e\u0301\u0302") == "ế"


def test_lookalikes_quotes_and_dashes() -> None:
    text = (
        "\u00d0ơn \u201ckhiếu nại\u201d \u2018x\u2019 Độc lập \u2013 Tự do \u2014 Hạnh phúc\u2026"
    )
    assert normalize_text(text) == "Đơn \"khiếu nại\" 'x' Độc lập - Tự do - Hạnh phúc..."


def test_hyphen_rejoin_and_paragraphs_kept() -> None:
    text = "thông tin qua e-\nmail của\tcông  dân \n\n\n\nĐoạn hai\r\ndòng hai\u00a0 "
    assert normalize_text(text) == "thông tin qua email của công dân\n\nĐoạn hai\ndòng hai"


def test_codes_with_hyphen_at_line_end_stay() -> None:
    assert normalize_text("số 12/QĐ-\nUBND") == "số 12/QĐ-\nUBND"


def test_idempotent() -> None:
    once = normalize_text("Thuỵ Khuê — “hoà giải”  \n\n\n thoả đáng")
    assert normalize_text(once) == once


def test_fold_diacritics() -> None:
    assert (
        fold_diacritics("Đơn khiếu nại của công dân Hòa, Thủy")
        == "Don khieu nai cua cong dan Hoa, Thuy"
    )
