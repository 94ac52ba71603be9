"""The committed sample scans (scripts/make_samples.py) read back close to their known text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import extract
from ingest.normalize import normalize_text
from ingest.synth import cer

SAMPLES = [
    "letter-clean.png",
    "scanner-skewed.jpg",
    "fax-2pages.tif",
    "phone-photo.jpg",
    "text-layer.pdf",
    "scanned.pdf",
]


def test_samples_small(samples_dir: Path) -> None:
    sizes = [(samples_dir / "scans" / name).stat().st_size for name in SAMPLES]
    assert sum(sizes) < 1_000_000


@pytest.mark.ocr
@pytest.mark.usefixtures("tesseract_ready")
@pytest.mark.parametrize("name", SAMPLES)
def test_sample_reads_back(name: str, samples_dir: Path) -> None:
    truth = (samples_dir / "scans" / "truth" / f"{name}.txt").read_text(encoding="utf-8")
    doc = extract(samples_dir / "scans" / name)
    assert cer(normalize_text(truth), doc.text) < 0.05
    expected = "text_layer" if name == "text-layer.pdf" else "ocr"
    assert {p.method for p in doc.pages} == {expected}
