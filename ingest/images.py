"""Image files (PNG, JPEG, TIFF with many pages, WebP, BMP) → page images, within limits."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

from PIL import Image, ImageOps

from ingest.errors import CorruptFileError, ImageTooLargeError, IngestError, TooManyPagesError
from ingest.options import OcrOptions

DEFAULT_DPI = 300


def image_dpi(image: Image.Image) -> int:
    """The scan resolution from the file, or 300 when absent or implausible (phone photos say 72)."""
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError):
        value = 0
    return value if 150 <= value <= 1200 else DEFAULT_DPI


def check_pixels(width: int, height: int, options: OcrOptions) -> None:
    """Refuse a page over the pixel limit before decoding it (decompression bombs)."""
    if width * height > options.max_pixels:
        raise ImageTooLargeError(
            f"Ảnh trang quá lớn ({width}×{height} điểm ảnh), vượt giới hạn "
            f"{options.max_pixels:,} điểm ảnh.".replace(",", "."),
            detail=f"{width}x{height} > {options.max_pixels}",
        )


@contextmanager
def _pillow_guard(what: str) -> Iterator[None]:
    """Pillow on untrusted bytes: its warnings silenced, any failure a CorruptFileError.

    Truncated or damaged files make Pillow raise many kinds of exception (OSError, ValueError,
    TypeError, KeyError, struct.error, ...), so everything but our own errors is translated.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    except IngestError:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageTooLargeError(detail=str(exc)) from exc
    except Exception as exc:
        raise CorruptFileError(
            "Tệp ảnh bị hỏng hoặc không đầy đủ, không đọc được.", detail=f"{what}: {exc!r}"
        ) from exc


def _open(data: bytes) -> Image.Image:
    """Open without decoding; Pillow's own bomb check is replaced by ours."""
    with _pillow_guard("open"):
        return Image.open(io.BytesIO(data))


def page_loaders(data: bytes, options: OcrOptions) -> list[Callable[[], tuple[Image.Image, int]]]:
    """One loader per frame (multi-page TIFF has many); each returns (image, dpi) when called."""
    image = _open(data)
    with _pillow_guard("count frames"):
        frames = getattr(image, "n_frames", 1)
        size = image.size
    if frames > options.max_pages:
        raise TooManyPagesError(
            f"Ảnh có {frames} trang, vượt giới hạn {options.max_pages} trang.",
            detail=f"{frames} frames",
        )
    check_pixels(*size, options)
    return [partial(_load_frame, data, i, options) for i in range(frames)]


def _load_frame(data: bytes, index: int, options: OcrOptions) -> tuple[Image.Image, int]:
    """Decode frame `index` (a fresh handle per call, so threads never share one)."""
    image = _open(data)
    with _pillow_guard(f"frame {index + 1}"):
        image.seek(index)
        check_pixels(*image.size, options)
        image.load()
        dpi = image_dpi(image)
        upright = ImageOps.exif_transpose(image) if image.format == "JPEG" else image.copy()
    return upright, dpi
