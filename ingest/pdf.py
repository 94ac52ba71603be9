"""PDFs page by page: the text layer when it is real, otherwise a 300 dpi raster for OCR.

`is_real_text` is the one place that decides whether a text layer is real: scanned PDFs often
carry an invisible layer of garbage (mis-encoded fonts, another OCR's noise) that must go to OCR.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pypdfium2 as pdfium
from PIL import Image

from ingest.errors import CorruptFileError, EncryptedPdfError, TooManyPagesError
from ingest.images import check_pixels
from ingest.options import OcrOptions
from ingest.syllables import valid_ratio

# pdfium is not thread-safe: every call into it goes through this lock.
PDFIUM_LOCK = threading.Lock()
_VIET_LETTERS = set("aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz")
MIN_TEXT_CHARS = 20


def _letter_ok(ch: str) -> bool:
    """A letter of the Vietnamese (or basic Latin) alphabet, with any tone mark."""
    base = unicodedata.normalize("NFD", ch.lower())
    core = unicodedata.normalize(
        "NFC", "".join(c for c in base if c not in "\u0300\u0301\u0303\u0309\u0323")
    )
    return core in _VIET_LETTERS


def is_real_text(text: str) -> bool:
    """True if a page's text layer is real Vietnamese text rather than junk or almost nothing."""
    compact = re.sub(r"\s+", "", text)
    if len(compact) < MIN_TEXT_CHARS:
        return False
    bad = sum(1 for c in compact if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cc", "Cs"))
    letters = [c for c in compact if c.isalpha()]
    if bad > len(compact) * 0.02 or len(letters) < len(compact) * 0.4:
        return False
    foreign = sum(1 for c in letters if not _letter_ok(c))
    return foreign <= len(letters) * 0.03 and valid_ratio(text) >= 0.5


@dataclass(frozen=True)
class PdfPage:
    """A page of a PDF: its text layer if real, else a loader of its raster (image, dpi)."""

    text: str | None
    render: Callable[[], tuple[Image.Image, int]] | None


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open a PDF, translating pdfium's failures into ingest errors."""
    try:
        with PDFIUM_LOCK:
            return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPdfError(detail=str(exc)) from exc
        raise CorruptFileError(
            "Tệp PDF bị hỏng hoặc không đầy đủ, không đọc được.", detail=str(exc)
        ) from exc


def _text_layer(doc: pdfium.PdfDocument, index: int) -> str:
    """The text of page `index` as pdfium extracts it (visible and invisible text alike)."""
    with PDFIUM_LOCK:
        page = doc[index]
        textpage = page.get_textpage()
        text = textpage.get_text_bounded()
        textpage.close()
        page.close()
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _render(doc: pdfium.PdfDocument, index: int, options: OcrOptions) -> tuple[Image.Image, int]:
    """Rasterize page `index` at options.dpi in grayscale, within the pixel limit."""
    scale = options.dpi / 72
    with PDFIUM_LOCK:
        page = doc[index]
        width, height = page.get_size()
        check_pixels(round(width * scale), round(height * scale), options)
        try:
            bitmap = page.render(scale=scale, grayscale=True)
            image = bitmap.to_pil()
        except pdfium.PdfiumError as exc:
            raise CorruptFileError(detail=f"page {index + 1}: {exc}") from exc
        finally:
            page.close()
    return image.convert("L"), options.dpi


def pdf_pages(data: bytes, options: OcrOptions) -> list[PdfPage]:
    """Every page of the PDF, each with a real text layer or a raster loader for OCR."""
    doc = open_pdf(data)
    count = len(doc)
    if count > options.max_pages:
        raise TooManyPagesError(
            f"Tài liệu có {count} trang, vượt giới hạn {options.max_pages} trang.",
            detail=f"{count} pages",
        )
    if count == 0:
        raise CorruptFileError("Tệp PDF không có trang nào.", detail="0 pages")
    pages: list[PdfPage] = []
    for index in range(count):
        try:
            text = _text_layer(doc, index)
        except pdfium.PdfiumError as exc:
            raise CorruptFileError(detail=f"page {index + 1}: {exc}") from exc
        if is_real_text(text):
            pages.append(PdfPage(text=text, render=None))
        else:
            pages.append(PdfPage(text=None, render=partial(_render, doc, index, options)))
    return pages
