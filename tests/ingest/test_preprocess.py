"""The clean-up steps on known inputs (no OCR engine needed)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from ingest.options import OcrOptions
from ingest.preprocess import (
    crop_to_content,
    despeckle,
    flatten_light,
    is_blank,
    prepare,
    skew_angle,
    to_gray,
)
from ingest.synth import RenderedPage, degrade


def test_skew_angle_found(page: RenderedPage) -> None:
    tilted = np.asarray(page.image.rotate(-2.5, fillcolor=255, resample=Image.Resampling.BICUBIC))
    assert abs(skew_angle(tilted) - 2.5) <= 0.6  # the angle that turns it back upright
    assert abs(skew_angle(np.asarray(page.image))) <= 0.5


def test_despeckle_keeps_marks_drops_specks(page: RenderedPage) -> None:
    clean = np.asarray(page.image.convert("L").resize((1653, 833)))  # about 200 dpi
    clean = np.where(clean < 128, 0, 255).astype(np.uint8)
    noisy = clean.copy()
    rng = np.random.default_rng(0)
    blank_rows = np.flatnonzero((clean < 128).sum(axis=1) == 0)
    ys, xs = rng.choice(blank_rows, 300), rng.integers(0, clean.shape[1], 300)
    noisy[ys, xs] = 0
    out = despeckle(noisy, 200)
    assert (out[ys, xs] == 255).mean() > 0.95  # specks in the blank rows are gone
    assert np.array_equal(out < 128, clean < 128)  # every text pixel (tone marks too) stays


def test_flatten_light_evens_a_shadow(page: RenderedPage) -> None:
    gray = np.asarray(page.image, dtype=np.float32)
    ramp = np.linspace(0.45, 1.0, gray.shape[1], dtype=np.float32)[None, :]
    shaded = (gray * ramp).astype(np.uint8)
    flat = flatten_light(shaded)
    paper = np.asarray(page.image) == 255
    assert np.percentile(shaded[paper], 5) < 130  # the shadow side of the paper is dark
    assert np.percentile(flat[paper], 5) > 200  # after flattening, all paper is light


def test_crop_and_blank(page: RenderedPage) -> None:
    gray = np.asarray(page.image)
    cropped = crop_to_content(gray, 300)
    assert cropped.shape[0] < gray.shape[0] and cropped.shape[1] < gray.shape[1]
    assert (cropped < 128).sum() == (gray < 128).sum()  # no ink lost
    assert is_blank(np.full((800, 600), 255, np.uint8))
    assert not is_blank(gray)


def test_phone_photo_border_blanked(page: RenderedPage) -> None:
    photo = degrade(page.image, "phone", seed=3)
    gray, _ = prepare(photo, 240, OcrOptions(deskew=False, crop=False))
    edge = np.concatenate(
        [gray[:8].ravel(), gray[-8:].ravel(), gray[:, :8].ravel(), gray[:, -8:].ravel()]
    )
    assert (edge > 200).mean() > 0.95  # the table around the sheet is not left as dark bands


def test_transparent_background_is_paper(page: RenderedPage) -> None:
    """A PNG exported with a transparent background (hidden colour black) reads as white paper."""
    ink = np.asarray(page.image) < 128
    rgba = np.zeros((*ink.shape, 4), np.uint8)
    rgba[..., 3] = np.where(ink, 255, 0)  # black ink opaque, the rest transparent black
    gray, _ = to_gray(Image.fromarray(rgba, "RGBA"))
    assert (gray[~ink] == 255).all() and (gray[ink] == 0).all()


def test_sixteen_bit_scan() -> None:
    wide = np.full((40, 60), 65535, np.uint16)
    wide[10:20, 10:50] = 0
    gray, _ = to_gray(Image.fromarray(wide))
    assert gray.dtype == np.uint8 and gray[0, 0] == 255 and gray[15, 20] == 0
