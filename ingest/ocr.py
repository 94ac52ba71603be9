"""Tesseract, run as a CLI subprocess (one OpenMP thread each), pages in parallel from threads.

Threads driving subprocesses work inside a Celery prefork worker, where a daemonic process may
not start a multiprocessing pool. TSV output gives the words, their layout and confidences.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
from dataclasses import dataclass

import cv2
import numpy as np

from ingest.errors import OcrError, PageTimeoutError
from ingest.options import OcrOptions


@dataclass(frozen=True)
class OcrResult:
    """Text of one page (lines, paragraphs split by blank lines) and mean word confidence 0-1."""

    text: str
    confidence: float
    words: int


def _env() -> dict[str, str]:
    """The child's environment: one OpenMP thread per tesseract (its default fights on 2 cores)."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def run_tesseract(
    gray: np.ndarray, dpi: int, options: OcrOptions, *, args: list[str], timeout: float
) -> str:
    """Run tesseract on a grayscale array given on stdin; returns its stdout."""
    ok, encoded = cv2.imencode(".pgm", gray)
    if not ok:
        raise OcrError(detail="cannot encode page")
    cmd = [options.tesseract_cmd, "stdin", "stdout", "--dpi", str(dpi), *args]
    try:
        proc = subprocess.run(
            cmd,
            input=encoded.tobytes(),
            capture_output=True,
            env=_env(),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PageTimeoutError(
            f"Nhận dạng một trang mất quá {options.page_timeout_s:g} giây nên đã dừng lại.",
            detail=str(exc),
        ) from exc
    except OSError as exc:
        raise OcrError(
            "Không tìm thấy máy nhận dạng chữ (tesseract) trên máy chủ.", detail=str(exc)
        ) from exc
    if proc.returncode != 0:
        raise OcrError(detail=proc.stderr.decode("utf-8", "replace")[-500:])
    return proc.stdout.decode("utf-8", "replace")


def parse_tsv(tsv: str) -> OcrResult:
    """Rebuild text from tesseract's TSV: words by line, blank line between paragraphs."""
    paragraphs: dict[tuple[int, int, int], dict[int, list[str]]] = {}
    conf_sum = chars = words = 0.0
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        key = (int(row["page_num"]), int(row["block_num"]), int(row["par_num"]))
        paragraphs.setdefault(key, {}).setdefault(int(row["line_num"]), []).append(word)
        conf = float(row["conf"])
        if conf >= 0:
            conf_sum += conf * len(word)
            chars += len(word)
            words += 1
    text = "\n\n".join(
        "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))
        for _, lines in sorted(paragraphs.items())
    )
    confidence = conf_sum / chars / 100 if chars else 0.0
    return OcrResult(text=text, confidence=confidence, words=int(words))


def ocr_array(gray: np.ndarray, dpi: int, options: OcrOptions, *, timeout: float) -> OcrResult:
    """OCR a prepared page with the configured model, segmentation and thresholding."""
    args = [
        "-l",
        options.languages,
        "--psm",
        str(options.psm),
        "-c",
        f"thresholding_method={options.thresholding_method}",
        "tsv",
    ]
    return parse_tsv(run_tesseract(gray, dpi, options, args=args, timeout=timeout))


def detect_rotation(gray: np.ndarray, dpi: int, options: OcrOptions, *, timeout: float) -> int:
    """Clockwise rotation (0/90/180/270) that tesseract's OSD finds confidently, else 0."""
    try:
        out = run_tesseract(gray, dpi, options, args=["--psm", "0", "-l", "osd"], timeout=timeout)
    except OcrError:
        return 0  # too little text for OSD: keep the page as it is
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    try:
        rotate = int(fields.get("Rotate", "0").strip())
        confidence = float(fields.get("Orientation confidence", "0").strip())
    except ValueError:
        return 0
    return rotate if confidence >= 2.0 else 0
