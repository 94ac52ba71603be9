"""Page clean-up before OCR. Each step is switchable in OcrOptions and was kept or dropped by
measurement on bench/ingest_bench.py (see docs/ingest-decisions.md).
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from ingest.options import OcrOptions

TARGET_DPI = 300


def to_gray(image: Image.Image) -> tuple[np.ndarray, bool]:
    """8-bit grayscale array, and whether the source was bilevel (fax-like)."""
    bilevel = image.mode == "1"
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        # transparent areas are paper: put them on white (their hidden colour is often black)
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = Image.fromarray((np.asarray(image, dtype=np.uint32) >> 8).astype(np.uint8))
    if image.mode not in ("L", "1"):
        image = image.convert("RGB").convert("L")
    elif bilevel:
        image = image.convert("L")
    return np.asarray(image, dtype=np.uint8), bilevel


def upscale(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, int]:
    """Bring low-resolution scans (fax 200 dpi) up to 300 dpi: tesseract reads them better."""
    if dpi >= 250:
        return gray, dpi
    factor = TARGET_DPI / dpi
    resized = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_LINEAR)
    return resized, TARGET_DPI


def despeckle(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Remove specks that are small and far from text (diacritics sit next to letters, so stay)."""
    ink = (gray < 128).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    area = stats[:, cv2.CC_STAT_AREA]
    speck_max = max(2, round((dpi / 200) ** 2 * 12))
    small = area <= speck_max
    small[0] = False
    big_mask = np.isin(labels, np.flatnonzero(~small & (np.arange(count) > 0))).astype(np.uint8)
    reach = max(3, round(dpi / 300 * 14))
    near_text = cv2.dilate(
        big_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (reach * 2 + 1,) * 2)
    )
    near = np.zeros(count, dtype=bool)
    near[np.unique(labels[(near_text > 0) & (labels > 0)])] = True
    # specks smaller than any dot or tone mark go even beside text (a period is ~4x4 at 200 dpi)
    tiny = area <= max(2, round((dpi / 200) ** 2 * 4))
    drop = (small & ~near) | tiny
    drop[0] = False
    out = gray.copy()
    out[drop[labels]] = 255
    return out


def _off_sheet(small: np.ndarray) -> np.ndarray:
    """Mask (uint8 0/1) of dark regions touching the image edge, within a band along the edges:
    what lies around the sheet. The band keeps a shadow that reaches the edge from being
    taken for the table and erased with the text under it."""
    dark = (small < np.percentile(small, 90) * 0.55).astype(np.uint8)
    count, labels = cv2.connectedComponents(dark, connectivity=4)
    if count <= 1:
        return np.zeros_like(dark)
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    mask = np.isin(labels, edge[edge > 0])
    h, w = small.shape
    band = np.ones_like(mask)
    band[round(h * 0.08) : h - round(h * 0.08), round(w * 0.08) : w - round(w * 0.08)] = False
    return (mask & band).astype(np.uint8)


def flatten_light(gray: np.ndarray) -> np.ndarray:
    """Divide by the estimated paper background: removes shadows and uneven lighting."""
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    background = cv2.medianBlur(background, 15)
    # Outside the sheet (the table under a phone photo) the "background" is dark: blank it,
    # with a margin, or the sheet's edges are read as a line of junk.
    off_sheet = cv2.dilate(_off_sheet(small), np.ones((5, 5), np.uint8))
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    flat = gray.astype(np.float32) / np.maximum(background.astype(np.float32), 1) * 255
    out = np.clip(flat, 0, 255).astype(np.uint8)
    out[cv2.resize(off_sheet, (w, h), interpolation=cv2.INTER_NEAREST) > 0] = 255
    return out


def needs_flattening(gray: np.ndarray) -> bool:
    """True when the paper's brightness varies a lot across the page (shadow, photo)."""
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 16), max(1, h // 16)), interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, np.ones((5, 5), np.uint8))
    inner = paper[2:-2, 2:-2] if min(paper.shape) > 8 else paper
    return float(np.percentile(inner, 95) - np.percentile(inner, 5)) > 40


def skew_angle(gray: np.ndarray) -> float:
    """Skew in degrees (deskew's Hough estimate on a quarter-size copy: same angle, 4x faster)."""
    from deskew import determine_skew

    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    angle = determine_skew(small, max_angle=15, num_peaks=20)
    return 0.0 if angle is None else float(angle)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by `angle` degrees (counter-clockwise), filling with white, keeping all content."""
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += new_w / 2 - w / 2
    matrix[1, 2] += new_h / 2 - h / 2
    return cv2.warpAffine(
        gray,
        matrix,
        (new_w, new_h),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )


def crop_to_content(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Cut the empty paper around the text (with a margin): fewer pixels for tesseract to scan."""
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    ink = small < float(np.median(small)) - 30
    rows, cols = np.flatnonzero(ink.sum(axis=1) >= 2), np.flatnonzero(ink.sum(axis=0) >= 2)
    if rows.size == 0 or cols.size == 0:
        return gray
    margin = round(dpi / 6)  # 1/6 inch
    top, bottom = max(0, rows[0] * 8 - margin), min(h, (rows[-1] + 1) * 8 + margin)
    left, right = max(0, cols[0] * 8 - margin), min(w, (cols[-1] + 1) * 8 + margin)
    return gray[top:bottom, left:right]


def is_blank(gray: np.ndarray) -> bool:
    """True when a page has (almost) no ink: no point running OCR on it."""
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    return float(np.mean(small < 160)) < 0.0005


def prepare(image: Image.Image, dpi: int, options: OcrOptions) -> tuple[np.ndarray, int]:
    """The whole clean-up for one page: (grayscale array for tesseract, its dpi)."""
    gray, bilevel = to_gray(image)
    if options.despeckle and bilevel:
        gray = despeckle(gray, dpi)
    if options.upscale_low_dpi:
        gray, dpi = upscale(gray, dpi)
    if options.flatten_light and not bilevel and needs_flattening(gray):
        gray = flatten_light(gray)
    if options.denoise and not bilevel:
        gray = cv2.medianBlur(gray, 3)
    if options.deskew:
        angle = skew_angle(gray)
        if 0.2 <= abs(angle) <= 15:
            gray = rotate(gray, angle)
    if options.crop:
        gray = crop_to_content(gray, dpi)
    if options.binarize and not bilevel:
        _, gray = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return gray, dpi
