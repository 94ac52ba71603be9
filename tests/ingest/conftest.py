"""Fixtures for ingest tests: real files made on the fly from rendered Vietnamese text.

Pages are small (A4 width, a third of its height, 300 dpi) so OCR tests stay quick on 2 cores.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from ingest.synth import DPI, RenderedPage, degrade, images_pdf, render_page, text_pdf

SMALL_PAGE = (2480, 1250)
TEXT = (
    "Kính gửi: Ủy ban nhân dân quận Cầu Giấy\n\n"
    "Tôi tên là Nguyễn Văn Hùng, thường trú tại phường Yên Hòa, quận Cầu Giấy. Năm 2019 "
    "gia đình tôi bị thu hồi đất để mở rộng đường nhưng đến nay chưa được bồi thường thỏa "
    "đáng. Công trình bên cạnh thi công gây nứt tường, lún nền nhà tôi.\n\n"
    "Kính đề nghị các cơ quan chức năng kiểm tra, giải quyết dứt điểm vụ việc."
)


@pytest.fixture(scope="session", autouse=True)
def _one_tesseract_thread() -> None:
    """Tesseract's default threading fights itself on 2 cores (FIELD-NOTES)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


@pytest.fixture(scope="session")
def tesseract_ready() -> None:
    """Skip OCR tests only where tesseract with `vie` is absent; on CI it must be there."""
    if shutil.which("tesseract") is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("tesseract is required on CI")
        pytest.skip("tesseract not installed")


@pytest.fixture(scope="session")
def page() -> RenderedPage:
    """A clean, short petition page (DejaVu Serif, 300 dpi) and the text drawn on it."""
    return render_page(TEXT, seed=0, size=SMALL_PAGE)


@pytest.fixture(scope="session")
def page_factory() -> Callable[..., RenderedPage]:
    """Make a rendered page from any text (same size and font as `page`)."""

    def make(text: str, seed: int = 0) -> RenderedPage:
        return render_page(text, seed=seed, size=SMALL_PAGE)

    return make


@pytest.fixture(scope="session")
def degraded(page: RenderedPage) -> dict[str, Image.Image]:
    """The page as scanner, fax and phone would deliver it. Seed 5 skews the scan 2.9 degrees
    clockwise, where bare tesseract drops whole lines (FIELD-NOTES)."""
    seeds = {"clean": 0, "scanner": 5, "fax": 3, "phone": 3}
    return {c: degrade(page.image, c, seed=seed) for c, seed in seeds.items()}


@pytest.fixture(scope="session")
def text_layer_pdf(page: RenderedPage) -> bytes:
    """A born-digital PDF: two pages with a real text layer."""
    return text_pdf([page.text, "Trang hai: đề nghị trả lời bằng văn bản cho công dân."])


@pytest.fixture(scope="session")
def scanned_pdf(degraded: dict[str, Image.Image]) -> bytes:
    """A scanned PDF: the scanner page as an image, no text layer."""
    return images_pdf([degraded["scanner"]], dpi=DPI)


@pytest.fixture(scope="session")
def junk_layer_pdf(scanned_pdf: bytes) -> bytes:
    """A scanned PDF that carries an invisible junk text layer (mis-encoded font output)."""
    junk = "CÃ¡Â»â„¢NG HÃƒâ€™A XÃƒÆ’ HÃ¡Â»ËœI ÄÆ¡n khiÃ¡ÂºÂ¿u nÃ¡ÂºÂ¡i\n" * 6
    return text_pdf([junk], base_pdf=scanned_pdf, invisible=True)


@pytest.fixture(scope="session")
def files_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session temp folder for files written to disk."""
    return tmp_path_factory.mktemp("ingest-files")
