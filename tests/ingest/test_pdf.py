"""PDFs: real text layers are used, junk layers and image pages go to OCR."""

from __future__ import annotations

import time

import pytest
from PIL import Image

from ingest import extract
from ingest.normalize import normalize_text
from ingest.pdf import is_real_text
from ingest.synth import RenderedPage, cer, images_pdf, text_pdf


def test_text_layer_pdf(text_layer_pdf: bytes, page: RenderedPage) -> None:
    start = time.perf_counter()
    doc = extract(text_layer_pdf)
    assert time.perf_counter() - start < 1.0
    assert doc.mime == "application/pdf"
    assert [p.method for p in doc.pages] == ["text_layer", "text_layer"]
    assert all(p.confidence is None for p in doc.pages)
    assert cer(normalize_text(page.text), doc.pages[0].text) == 0.0
    assert doc.text == doc.pages[0].text + "\n\n" + doc.pages[1].text


@pytest.mark.parametrize(
    ("text", "real"),
    [
        pytest.param(
            "Kính gửi Ủy ban nhân dân phường, tôi xin trình bày sự việc như sau.",
            True,
            id="vietnamese",
        ),
        pytest.param(
            "CÃ¡Â»â„¢NG HÃƒâ€™A XÃƒÆ’ HÃ¡Â»ËœI ÄÆ¡n khiÃ¡ÂºÂ¿u nÃ¡ÂºÂ¡i", False, id="mojibake"
        ),
        pytest.param("~~ |||| ;;; ... ,,, ____ //// \\\\ ||| ::: ....", False, id="punctuation"),
        pytest.param("xq zvk wlp trh gnb kfd ptz vbn qwx zrt mlk", False, id="random-letters"),
        pytest.param("Trang 1", False, id="too-short"),
        pytest.param(
            "\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd"
            "\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd",
            False,
            id="replacement-chars",
        ),
    ],
)
def test_is_real_text(text: str, real: bool) -> None:
    assert is_real_text(text) is real


@pytest.mark.ocr
@pytest.mark.usefixtures("tesseract_ready")
def test_scanned_pdf_with_junk_layer_goes_to_ocr(junk_layer_pdf: bytes, page: RenderedPage) -> None:
    doc = extract(junk_layer_pdf)
    assert [p.method for p in doc.pages] == ["ocr"]
    assert "Ã" not in doc.text
    assert cer(normalize_text(page.text), doc.text) < 0.05


@pytest.mark.ocr
@pytest.mark.usefixtures("tesseract_ready")
def test_mixed_pdf(degraded: dict[str, Image.Image], page: RenderedPage) -> None:
    """Page 1 born digital, page 2 a scan, page 3 blank: each read its own way."""
    scanned = images_pdf(
        [Image.new("L", (2480, 3508), 255), degraded["clean"], Image.new("L", (2480, 3508), 255)]
    )
    mixed = text_pdf(
        ["Trang một có lớp chữ thật: đơn đề nghị giải quyết.", None, None], base_pdf=scanned
    )
    doc = extract(mixed)
    assert [p.method for p in doc.pages] == ["text_layer", "ocr", "ocr"]
    assert doc.pages[0].text == "Trang một có lớp chữ thật: đơn đề nghị giải quyết."
    assert cer(normalize_text(page.text), doc.pages[1].text) < 0.03
    assert doc.pages[2].text == ""
    assert [w.code for w in doc.warnings] == ["blank_page"]
