"""Plain-text files: UTF-8, UTF-16 (with or without BOM), Windows-1258 as the legacy fallback."""

from __future__ import annotations

import codecs
import unicodedata

from ingest.errors import CorruptFileError, UnsupportedFileError


def _plausible(text: str) -> bool:
    """Text, not binary that happened to decode: almost no control or unassigned characters."""
    sample = text[:20000]
    odd = sum(
        1
        for c in sample
        if c not in "\n\r\t\f" and unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs")
    )
    return odd <= len(sample) * 0.01


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode BOM-less UTF-16, choosing the byte order by where the NULs are."""
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    if max(even_nuls, odd_nuls) < len(data) * 0.15:
        return None
    encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Raises CorruptFileError if no supported encoding fits."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        text = _utf16_without_bom(data)
        if text is not None and _plausible(text):
            return text, "utf-16"
        candidates = ["utf-8", "cp1258"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _plausible(text):
            raise UnsupportedFileError(detail=f"binary content decodes as {encoding}")
        return text, encoding
    raise CorruptFileError(
        "Tệp văn bản dùng bảng mã không nhận ra được (chỉ nhận UTF-8, UTF-16, Windows-1258).",
        detail="undecodable text",
    )
