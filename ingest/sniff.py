"""File type from content (magic bytes), never from the file name."""

from __future__ import annotations

from ingest.errors import EmptyDocumentError, UnsupportedFileError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
WEBP = "image/webp"
BMP = "image/bmp"
TEXT = "text/plain"
IMAGE_TYPES = (PNG, JPEG, TIFF, WEBP, BMP)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"BM", BMP),
)
# Known types we refuse, named in the log detail.
_REFUSED: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x7fELF", "elf"),
    (b"MZ", "exe"),
    (b"GIF8", "gif"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"\xd0\xcf\x11\xe0", "ole2 (old office)"),
    (b"%!PS", "postscript"),
)
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<svg", b"<script")


def _is_text_bytes(data: bytes) -> bool:
    """Looks like text: a Unicode BOM, or few control bytes and no NULs in the head."""
    head = data[:8192]
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if _looks_utf16(head):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls <= len(head) * 0.01


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without BOM: many NULs in every other byte."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return (odd.count(0) > len(odd) * 0.3 and even.count(0) == 0) or (
        even.count(0) > len(even) * 0.3 and odd.count(0) == 0
    )


def detect_mime(data: bytes) -> str:
    """The MIME type of the content; raises UnsupportedFileError or EmptyDocumentError."""
    if not data.strip():
        raise EmptyDocumentError("Tệp rỗng, không có nội dung.", detail="empty file")
    if b"%PDF-" in data[:1024]:
        return PDF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    for magic, mime in _SIGNATURES:
        if data.startswith(magic):
            return mime
    for magic, name in _REFUSED:
        if data.startswith(magic):
            raise UnsupportedFileError(detail=f"content is {name}")
    if data.lstrip()[:64].lower().startswith(_HTML_STARTS):
        raise UnsupportedFileError(
            "Tệp là trang web (HTML) chứ không phải tài liệu; loại tệp không được hỗ trợ.",
            detail="content is html/xml",
        )
    if _is_text_bytes(data):
        return TEXT
    raise UnsupportedFileError(detail="unknown binary content")
