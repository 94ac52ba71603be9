"""Denouncer protection (Luật Tố cáo 2018): remove who wrote a `to_cao` before a unit reads it.

`redact_identity(text)` withholds the denouncer's name (wherever it recurs), ID-card numbers,
phone numbers, e-mail addresses, addresses given with the writer's identity, and the
signature block at the end. It errs on the side of removing too much: an officer can ask an
admin for access, which is logged. Accused people named in the body are kept: only names the
writer gives as their own are removed.
"""

from __future__ import annotations

import re

MASK = "[đã ẩn]"

_UPPER = "A-ZĐÀ-ỸÂĂÊÔƠƯÁÉÍÓÚÝẠ-Ỹ"
_LOWER = "a-zđà-ỹâăêôơư"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}{_UPPER}]*"
_NAME = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,5}}"

# "Tôi tên là Nguyễn Văn A", "Họ và tên: ...", "Người tố cáo: ...", also without diacritics.
_SELF_NAME = re.compile(
    rf"(?i:(?P<cue>(?:tôi|toi|tên tôi|ten toi)\s+(?:tên\s+|ten\s+)?(?:là|la)"
    rf"|họ\s+(?:và\s+)?tên|ho\s+(?:va\s+)?ten"
    rf"|người\s+(?:tố\s+cáo|làm\s+đơn|viết\s+đơn|gửi\s+đơn|đứng\s+đơn)"
    rf"|nguoi\s+(?:to\s+cao|lam\s+don|viet\s+don|gui\s+don))"
    rf"\s*[:：]?\s*(?:(?:ông|bà|anh|chị|ong|ba)\s+)?)(?P<name>{_NAME})"
)
_ID_NUMBER = re.compile(
    r"(?:(?:CCCD|CMND|CMTND|căn\s+cước(?:\s+công\s+dân)?|chứng\s+minh(?:\s+nhân\s+dân)?"
    r"|hộ\s+chiếu|can\s+cuoc|chung\s+minh)\D{0,20})?\b\d{9}(?:\d{3})?\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ADDRESS = re.compile(
    r"(?P<cue>địa\s+chỉ(?:\s+liên\s+hệ|\s+thường\s+trú|\s+cư\s+trú)?|dia\s+chi"
    r"|(?:hiện\s+)?(?:thường\s+)?trú\s+tại|cư\s+trú\s+(?:tại|ở)|nơi\s+ở(?:\s+hiện\s+nay)?"
    r"|hiện\s+ở|ngụ\s+tại|thuong\s+tru|tru\s+tai)"
    r"\s*[:：]?\s*(?P<value>[^\n]+)",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^[ \t]*(?:người\s+(?:tố\s+cáo|làm\s+đơn|viết\s+đơn|gửi\s+đơn|đứng\s+đơn)"
    r"|nguoi\s+(?:to\s+cao|lam\s+don|viet\s+don)|\(?\s*ký(?:,)?\s+(?:và\s+)?ghi\s+rõ\s+họ\s+tên"
    r"|ký\s+tên|xác\s+nhận\s+của)\b.*",
    re.IGNORECASE | re.MULTILINE | re.DOTALL,
)


def denouncer_names(text: str) -> list[str]:
    """Names the writer gives as their own, longest first."""
    names = {m.group("name").strip() for m in _SELF_NAME.finditer(text)}
    return sorted(names, key=len, reverse=True)


def _mask_names(text: str, names: list[str]) -> str:
    for name in names:
        text = re.sub(re.escape(name), MASK, text, flags=re.IGNORECASE)
    return text


def _mask_signature(text: str) -> str:
    """Cut the signature block: from a signature cue in the last third of the text to the end."""
    start = len(text) * 2 // 3
    match = _SIGNATURE.search(text, start)
    if match is None:
        return text
    return text[: match.start()] + MASK


def redact_identity(text: str) -> str:
    """The text with the denouncer's identity replaced by `[đã ẩn]`."""
    names = denouncer_names(text)
    text = _mask_signature(text)
    text = _ADDRESS.sub(lambda m: text_cue(m) + MASK, text)
    text = _EMAIL.sub(MASK, text)
    text = _ID_NUMBER.sub(MASK, text)
    text = _PHONE.sub(MASK, text)
    return _mask_names(text, names)


def text_cue(match: re.Match[str]) -> str:
    """Keep the cue ("Địa chỉ:") so the reader sees what was withheld."""
    return match.group(0)[: match.start("value") - match.start(0)]
