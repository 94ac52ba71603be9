"""Vietnamese syllable structure and the correction pass."""

from __future__ import annotations

import re

import pytest

from ingest.syllables import correct_syllables, is_valid_syllable, valid_ratio
from ingest.synth import petition_text


@pytest.mark.parametrize(
    "word",
    [
        "việc",
        "quyền",
        "nghiêng",
        "gì",
        "khuya",
        "phường",
        "ĐƠN",
        "thuở",
        "tốt",
        "hòa",
        "thủy",
        "uống",
        "quốc",
    ],
)
def test_valid(word: str) -> None:
    assert is_valid_syllable(word)


@pytest.mark.parametrize("word", ["tồt", "ngk", "abc", "Ðồng", "hoàá", "Cá»˜NG", "strnh"])
def test_invalid(word: str) -> None:
    assert not is_valid_syllable(word)


def test_generated_petitions_are_all_valid() -> None:
    """Guards the rime table against the real language: every syllable of our texts parses."""
    for seed in range(10):
        words = re.findall(r"[^\W\d_]+", petition_text(seed))
        assert [
            w for w in words if w.isalpha() and not w.isupper() and not is_valid_syllable(w)
        ] == []
        assert valid_ratio(petition_text(seed)) > 0.97  # only abbreviations (UBND, QĐ) fail


def test_case_flip_fixed_codes_kept() -> None:
    assert (
        correct_syllables("viỆc ĐƠn KHIếU nẠi QĐ-UBND iPhone")
        == "việc ĐƠN KHIẾU nại QĐ-UBND iPhone"
    )


def test_ratio_tells_junk_from_text() -> None:
    assert valid_ratio("Kính gửi Ủy ban nhân dân thành phố") == 1.0
    assert valid_ratio("lorem ipsum dolor sit amet consectetur") < 0.3
