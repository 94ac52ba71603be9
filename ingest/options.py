"""OcrOptions: every knob and limit of ingest, frozen; the shell builds it from settings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OcrOptions:
    """Limits and OCR choices. Defaults are the ones measured best (docs/ingest-decisions.md)."""

    # limits
    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 200
    max_pixels: int = 90_000_000  # per page; A3 at 600 dpi is ~70 Mpx
    page_timeout_s: float = 120.0

    # engine
    tesseract_cmd: str = "tesseract"
    languages: str = "vie"
    psm: int = 3
    thresholding_method: int = 0  # 0 Otsu, 1 LeptonicaOtsu, 2 Sauvola
    dpi: int = 300  # rasterization of PDF pages
    workers: int | None = None  # parallel pages; None = one per core

    # preprocessing (each step measured on bench/ingest_bench.py)
    orientation: bool = True  # OSD, only when a page reads badly
    deskew: bool = True
    flatten_light: bool = True
    denoise: bool = False  # 3x3 median: no CER gain on the bench (see decisions)
    despeckle: bool = True
    upscale_low_dpi: bool = False
    crop: bool = True  # to the text area, so tesseract scans fewer pixels
    binarize: bool = False  # own Otsu: ~5% less CPU but worse on clean pages (decisions)
    syllable_correction: bool = False
