"""OCR of rendered and degraded pages with the real tesseract, checked by character error rate."""

from __future__ import annotations

import io
import multiprocessing

import pytest
from PIL import Image

from ingest import OcrOptions, extract
from ingest.normalize import normalize_text
from ingest.synth import RenderedPage, cer, image_bytes

pytestmark = [pytest.mark.ocr, pytest.mark.usefixtures("tesseract_ready")]

# Bounds above what donthu reaches on these pages (0%, 0%, 4.6%, 0% when written) and far
# below what bare tesseract makes of the degraded ones (89%, 13.5%, 27%: on the 2.9-degree
# skew it drops lines, fax specks become punctuation, the shadow hides text).
CASES = [
    pytest.param("clean", "PNG", 0.02, id="clean-png"),
    pytest.param("scanner", "JPEG", 0.03, id="scanner-jpeg"),
    pytest.param("fax", "TIFF", 0.07, id="fax-tiff"),
    pytest.param("phone", "JPEG", 0.03, id="phone-jpeg"),
]


@pytest.mark.parametrize(("condition", "fmt", "max_cer"), CASES)
def test_degraded_pages(
    condition: str, fmt: str, max_cer: float, degraded: dict[str, Image.Image], page: RenderedPage
) -> None:
    doc = extract(image_bytes(degraded[condition], fmt))
    assert len(doc.pages) == 1
    only = doc.pages[0]
    assert only.method == "ocr" and 0 < only.confidence <= 1 and only.seconds > 0
    assert cer(normalize_text(page.text), doc.text) <= max_cer
    assert doc.text == normalize_text(doc.text)  # output is already normalized


def test_upside_down_page_is_turned(degraded: dict[str, Image.Image], page: RenderedPage) -> None:
    upside_down = degraded["clean"].rotate(180)
    doc = extract(image_bytes(upside_down, "PNG"))
    assert cer(normalize_text(page.text), doc.text) < 0.03


def test_multipage_tiff_in_parallel(degraded: dict[str, Image.Image], page_factory) -> None:
    second = page_factory("Trang thứ hai của đơn: đề nghị trả lời bằng văn bản.", seed=1)
    buf = io.BytesIO()
    degraded["clean"].save(buf, "TIFF", save_all=True, append_images=[second.image], dpi=(300, 300))
    doc = extract(buf.getvalue(), options=OcrOptions(workers=2))
    assert [p.number for p in doc.pages] == [1, 2]
    assert cer(normalize_text(second.text), doc.pages[1].text) < 0.03
    assert doc.text == doc.pages[0].text + "\n\n" + doc.pages[1].text


@pytest.mark.parametrize("fmt", ["WEBP", "BMP"])
def test_other_image_types(fmt: str, degraded: dict[str, Image.Image], page: RenderedPage) -> None:
    params = {"lossless": True} if fmt == "WEBP" else {}
    doc = extract(image_bytes(degraded["clean"], fmt, **params))
    assert cer(normalize_text(page.text), doc.text) < 0.03


def test_page_timeout(degraded: dict[str, Image.Image]) -> None:
    with pytest.raises(Exception) as info:
        extract(image_bytes(degraded["clean"], "PNG"), options=OcrOptions(page_timeout_s=0.05))
    assert getattr(info.value, "code", None) == "page_timeout"


def _extract_in_child(data: bytes, queue: multiprocessing.Queue) -> None:
    """Runs in a daemonic process, like a Celery prefork worker."""
    try:
        doc = extract(data, options=OcrOptions(workers=2))
        queue.put(len(doc.pages))
    except Exception as exc:  # report, do not hang the test
        queue.put(repr(exc))


def test_parallel_pages_inside_daemonic_process(degraded: dict[str, Image.Image]) -> None:
    buf = io.BytesIO()
    degraded["clean"].save(buf, "TIFF", save_all=True, append_images=[degraded["clean"]])
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_extract_in_child, args=(buf.getvalue(), queue), daemon=True)
    child.start()
    result = queue.get(timeout=120)
    child.join(timeout=10)
    assert result == 2
