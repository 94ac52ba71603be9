"""extract(): any supported file → Document, pages in parallel, every failure an IngestError."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from ingest import sniff
from ingest.document import Document, IngestWarning, Page
from ingest.errors import (
    CorruptFileError,
    EmptyDocumentError,
    FileMissingError,
    FileTooLargeError,
    IngestError,
    OcrError,
    PageTimeoutError,
)
from ingest.images import page_loaders
from ingest.normalize import normalize_text
from ingest.ocr import OcrResult, detect_rotation, ocr_array
from ingest.options import OcrOptions
from ingest.pdf import pdf_pages
from ingest.preprocess import is_blank, prepare
from ingest.syllables import correct_syllables
from ingest.textfile import decode_text

log = logging.getLogger(__name__)
LOW_CONFIDENCE = 0.6
_ROTATIONS = {
    90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}

Loader = Callable[[], tuple[Image.Image, int]]


@dataclass(frozen=True)
class _Job:
    """One page to produce: a text layer already known, or an image to load and OCR."""

    number: int
    text: str | None = None
    load: Loader | None = None


def _read(source: str | Path | bytes, options: OcrOptions) -> bytes:
    """The file's bytes, refusing files over the size limit before reading them."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            _check_size(size, options)
            data = path.read_bytes()
        except OSError as exc:
            raise FileMissingError(detail=str(exc)) from exc
    _check_size(len(data), options)
    return data


def _check_size(size: int, options: OcrOptions) -> None:
    """FileTooLargeError when size exceeds options.max_file_bytes."""
    if size > options.max_file_bytes:
        mb = options.max_file_bytes / 1024 / 1024
        raise FileTooLargeError(
            f"Tệp có dung lượng {size / 1024 / 1024:.1f} MB, vượt giới hạn {mb:g} MB.",
            detail=f"{size} bytes",
        )


def _jobs(data: bytes, mime: str, options: OcrOptions) -> list[_Job]:
    """Split a file into page jobs according to its type."""
    if mime == sniff.TEXT:
        text, _ = decode_text(data)
        return [_Job(number=1, text=text)]
    if mime == sniff.PDF:
        return [
            _Job(number=i, text=p.text, load=p.render)
            for i, p in enumerate(pdf_pages(data, options), start=1)
        ]
    return [
        _Job(number=i, load=loader) for i, loader in enumerate(page_loaders(data, options), start=1)
    ]


def _ocr_page(image: Image.Image, dpi: int, options: OcrOptions) -> OcrResult:
    """Clean up and OCR one page; if it reads badly, check orientation and retry once.

    The page's whole time (clean-up, OCR, the orientation retry) counts against
    options.page_timeout_s; the retry is skipped when too little time is left for it.
    """
    deadline = time.monotonic() + options.page_timeout_s
    gray, dpi = prepare(image, dpi, options)
    if is_blank(gray):
        return OcrResult(text="", confidence=1.0, words=0)
    result = ocr_array(gray, dpi, options, timeout=max(0.01, deadline - time.monotonic()))
    if options.orientation and (result.confidence < LOW_CONFIDENCE or result.words < 5):
        left = deadline - time.monotonic()
        if left < options.page_timeout_s / 3:
            return result
        rotation = detect_rotation(gray, dpi, options, timeout=left)
        if rotation:
            turned = np.asarray(Image.fromarray(gray).transpose(_ROTATIONS[rotation]))
            try:
                retry = ocr_array(turned, dpi, options, timeout=deadline - time.monotonic())
            except PageTimeoutError:
                return result  # the first reading stands
            if retry.confidence > result.confidence:
                result = retry
    return result


def _clean(text: str, options: OcrOptions) -> str:
    """Normalize, then (if enabled) the syllable correction pass."""
    text = normalize_text(text)
    return correct_syllables(text) if options.syllable_correction else text


def _run_job(job: _Job, options: OcrOptions) -> Page:
    """Produce one Page from a job (runs in a worker thread)."""
    start = time.perf_counter()
    if job.text is not None:
        return Page(
            job.number, normalize_text(job.text), "text_layer", None, time.perf_counter() - start
        )
    assert job.load is not None
    image, dpi = job.load()
    result = _ocr_page(image, dpi, options)
    return Page(
        job.number,
        _clean(result.text, options),
        "ocr",
        result.confidence,
        time.perf_counter() - start,
    )


def _run_all(jobs: list[_Job], options: OcrOptions) -> list[Page]:
    """Run the jobs, OCR pages in parallel threads (each drives one tesseract process).

    On the first failing page the pages not yet started are cancelled, so a bad page of a
    200-page file fails it at once instead of after every other page was read.
    """
    ocr_jobs = sum(1 for j in jobs if j.text is None)
    workers = max(1, min(options.workers or os.cpu_count() or 1, ocr_jobs))
    if workers == 1:
        return [_run_job(job, options) for job in jobs]
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr")
    try:
        futures = [pool.submit(_run_job, job, options) for job in jobs]
        return [future.result() for future in futures]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _warnings(pages: list[Page]) -> list[IngestWarning]:
    """Page-level warnings a clerk should see."""
    out: list[IngestWarning] = []
    for page in pages:
        if not page.text:
            out.append(IngestWarning("blank_page", f"Trang {page.number} không có chữ."))
        elif page.confidence is not None and page.confidence < LOW_CONFIDENCE:
            out.append(
                IngestWarning(
                    "low_confidence",
                    f"Trang {page.number} đọc được với độ tin cậy thấp "
                    f"({page.confidence:.0%}); cần đối chiếu với bản gốc.",
                )
            )
    return out


def extract(
    source: str | Path | bytes, *, options: OcrOptions = OcrOptions(), filename: str | None = None
) -> Document:
    """Read a file (path or bytes) into a Document of normalized Vietnamese text, page by page.

    The type comes from the content, never from `filename` (used only in log lines).
    Raises an IngestError subclass (with `.code` and a Vietnamese `.message`) on any failure.
    """
    name = filename or (str(source) if not isinstance(source, bytes) else "<bytes>")
    try:
        data = _read(source, options)
        mime = sniff.detect_mime(data)
        pages = _run_all(_jobs(data, mime, options), options)
    except IngestError as exc:
        log.info("ingest failed for %s: %s (%s)", name, exc.code, exc.detail)
        raise
    except (MemoryError, RecursionError) as exc:
        raise CorruptFileError(detail=f"{type(exc).__name__} while reading") from exc
    except Exception as exc:  # a bug or a library crash on odd input must not kill a batch
        log.exception("unexpected failure reading %s", name)
        raise OcrError("Có lỗi không mong đợi khi đọc tệp.", detail=repr(exc)) from exc
    text = "\n\n".join(p.text for p in pages if p.text)
    if not text.strip():
        raise EmptyDocumentError(detail=f"{len(pages)} pages, no text")
    return Document(text=text, pages=pages, warnings=_warnings(pages), mime=mime)
