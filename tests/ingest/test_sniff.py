"""Type from content, bad inputs each failing alone with their own code."""

from __future__ import annotations

import io
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from ingest import IngestError, OcrOptions, extract
from ingest.normalize import TONE_MARKS
from ingest.sniff import detect_mime
from ingest.synth import image_bytes


def _png() -> bytes:
    return image_bytes(Image.new("L", (64, 64), 255), "PNG")


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "xin chào")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [
        ("PNG", "image/png"),
        ("JPEG", "image/jpeg"),
        ("TIFF", "image/tiff"),
        ("WEBP", "image/webp"),
        ("BMP", "image/bmp"),
        ("PDF", "application/pdf"),
    ],
)
def test_image_and_pdf_types(fmt: str, mime: str) -> None:
    data = image_bytes(Image.new("L", (64, 64), 255), fmt)
    assert detect_mime(data) == mime


@pytest.mark.parametrize(
    ("data", "label"),
    [
        pytest.param(b"<!DOCTYPE html><html><body>Trang web</body></html>", "html", id="html"),
        pytest.param(_zip(), "zip", id="zip"),
        pytest.param(b"\x7fELF\x02\x01\x01" + bytes(200), "elf", id="elf"),
        pytest.param(b"MZ\x90\x00\x03" + bytes(200), "exe", id="exe"),
        pytest.param(b"\x00\x01\x02\x03\x04\x05" * 50, "binary", id="random-binary"),
    ],
)
def test_disguised_files_unsupported(data: bytes, label: str, tmp_path: Path) -> None:
    path = tmp_path / "don-thu.pdf"  # the name lies; the content decides
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        extract(path)
    assert info.value.code == "unsupported_type", label
    assert info.value.message and info.value.message.isascii() is False  # Vietnamese


def _cp1258(text: str) -> bytes:
    """Windows-1258 writes vowels precomposed but tone marks as separate combining bytes."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        out.append(
            unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS)) + tones
        )
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258"]
)
def test_text_encodings(encoding: str) -> None:
    text = "Đơn kiến nghị về việc cấp giấy chứng nhận quyền sử dụng đất, hoà giải."
    doc = extract(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    assert doc.mime == "text/plain"
    assert doc.text == "Đơn kiến nghị về việc cấp giấy chứng nhận quyền sử dụng đất, hòa giải."
    assert [(p.number, p.method, p.confidence) for p in doc.pages] == [(1, "text_layer", None)]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        pytest.param(b"", "empty_document", id="empty"),
        pytest.param(b"   \n\n  ", "empty_document", id="whitespace"),
        pytest.param(_png()[:60], "corrupt_file", id="truncated-png"),
        pytest.param(b"\xff\xd8\xff\xe0" + bytes(100), "corrupt_file", id="broken-jpeg"),
        pytest.param(b"%PDF-1.7\n1 0 obj garbage", "corrupt_file", id="broken-pdf"),
    ],
)
def test_bad_files(data: bytes, code: str) -> None:
    with pytest.raises(IngestError) as info:
        extract(data)
    assert info.value.code == code


def test_blank_image_is_empty_document() -> None:
    with pytest.raises(IngestError) as info:
        extract(_png())
    assert info.value.code == "empty_document"


def test_missing_file() -> None:
    with pytest.raises(IngestError) as info:
        extract(Path("/nonexistent/don.pdf"))
    assert info.value.code == "file_not_found"


def test_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"xin chao " * 200)
    with pytest.raises(IngestError) as info:
        extract(path, options=OcrOptions(max_file_bytes=1000))
    assert info.value.code == "file_too_large"
    assert "MB" in info.value.message


def test_page_limit_pdf(text_layer_pdf: bytes) -> None:
    with pytest.raises(IngestError) as info:
        extract(text_layer_pdf, options=OcrOptions(max_pages=1))
    assert info.value.code == "too_many_pages"


def test_page_limit_tiff() -> None:
    frames = [Image.new("L", (50, 50), 255) for _ in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(IngestError) as info:
        extract(buf.getvalue(), options=OcrOptions(max_pages=2))
    assert info.value.code == "too_many_pages"


def test_pixel_limit_before_decoding() -> None:
    """A small file that claims a huge image (decompression bomb) is refused unopened."""
    bomb = image_bytes(Image.new("1", (12000, 12000), 1), "PNG")
    assert len(bomb) < 200_000
    with pytest.raises(IngestError) as info:
        extract(bomb)
    assert info.value.code == "image_too_large"


def test_encrypted_pdf(text_layer_pdf: bytes, tmp_path: Path) -> None:
    plain, locked = tmp_path / "plain.pdf", tmp_path / "locked.pdf"
    plain.write_bytes(text_layer_pdf)
    subprocess.run(
        ["qpdf", "--encrypt", "matkhau", "matkhau", "256", "--", str(plain), str(locked)],
        check=True,
    )
    with pytest.raises(IngestError) as info:
        extract(locked)
    assert info.value.code == "encrypted_pdf"


def test_truncated_pdf(text_layer_pdf: bytes) -> None:
    with pytest.raises(IngestError) as info:
        extract(text_layer_pdf[: len(text_layer_pdf) // 3])
    assert info.value.code in {"corrupt_file", "empty_document"}


@pytest.mark.parametrize("fraction", [0.3, 0.7, 0.97])
def test_truncated_multipage_tiff(fraction: float) -> None:
    """Pillow fails on such files with TypeError or KeyError, not only OSError."""
    frames = [Image.new("1", (300, 300), 1), Image.new("1", (300, 300), 0)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], compression="group4")
    data = buf.getvalue()
    with pytest.raises(IngestError) as info:
        extract(data[: int(len(data) * fraction)])
    assert info.value.code in {"corrupt_file", "empty_document"}
