"""Write the small sample scans of samples/scans/ (run again to remake them; seeded, so stable).

    python scripts/make_samples.py [--out samples/scans]

Six files, under 1 MB together, each with the text drawn on it in `truth/<name>.txt`:
a clean typed letter (PNG), a skewed office-scanner copy (JPEG), a fax (1-bit TIFF, 200 dpi,
two pages), a phone photo (JPEG), a born-digital PDF with a text layer, and a scanned PDF.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.synth import (  # noqa: E402 - after the path set-up, so it runs from a checkout
    degrade,
    image_bytes,
    images_pdf,
    petition_text,
    render_page,
    text_pdf,
)

HALF_A4 = (2480, 1754)  # the top half of an A4 page at 300 dpi keeps the files small


def _tiff_pages(images: list[Image.Image]) -> bytes:
    """A multi-page CCITT G4 TIFF at 200 dpi, as a fax machine stores it."""
    buf = io.BytesIO()
    first, *rest = images
    first.save(buf, "TIFF", compression="group4", dpi=(200, 200), save_all=True, append_images=rest)
    return buf.getvalue()


def _cropped(image: Image.Image, margin: int = 80) -> Image.Image:
    """The text area plus a margin: a noisy scan of blank paper costs bytes and shows nothing."""
    left, top, right, bottom = image.point(lambda v: 255 - v).getbbox() or (0, 0, *image.size)
    return image.crop(
        (
            max(0, left - margin),
            max(0, top - margin),
            min(image.width, right + margin),
            min(image.height, bottom + margin),
        )
    )


def make(out: Path) -> list[Path]:
    """Render and write the samples; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    pages = [
        render_page(petition_text(seed=s, paragraphs=1), seed=s, size=HALF_A4) for s in range(1, 6)
    ]
    # the scanner copy is short: its noise does not compress, and the set must stay < 1 MB
    pages[1] = render_page(petition_text(seed=2, paragraphs=1), seed=2, size=HALF_A4, max_lines=9)
    files: dict[str, tuple[bytes, str]] = {
        "letter-clean.png": (image_bytes(pages[0].image, "PNG", optimize=True), pages[0].text),
        "scanner-skewed.jpg": (
            image_bytes(degrade(_cropped(pages[1].image), "scanner", seed=11), "JPEG", quality=40),
            pages[1].text,
        ),
        "fax-2pages.tif": (
            _tiff_pages(
                [degrade(pages[2].image, "fax", seed=12), degrade(pages[0].image, "fax", seed=13)]
            ),
            pages[2].text + "\n\n" + pages[0].text,
        ),
        "phone-photo.jpg": (
            image_bytes(degrade(pages[3].image, "phone", seed=14), "JPEG", quality=55),
            pages[3].text,
        ),
        "text-layer.pdf": (text_pdf([pages[4].text]), pages[4].text),
        "scanned.pdf": (images_pdf([pages[1].image.convert("1")]), pages[1].text),
    }
    written = []
    (out / "truth").mkdir(exist_ok=True)
    for name, (data, truth) in files.items():
        (out / name).write_bytes(data)
        (out / "truth" / f"{name}.txt").write_text(truth + "\n", encoding="utf-8")
        written.append(out / name)
    return written


def main() -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "samples" / "scans")
    args = parser.parse_args()
    total = 0
    for path in make(args.out):
        size = path.stat().st_size
        total += size
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {size / 1024:.0f} kB"
        )
    print(f"total {total / 1024:.0f} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
