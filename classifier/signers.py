"""How many people or households sign a petition, or are explicitly represented in it.

Rules first: "thay mặt 37 hộ" is 37; a signature list of six numbered names is 6; "chúng tôi
gồm 4 hộ" is 4. A letter that says "hàng trăm hộ bị ảnh hưởng" but is signed by one person is 1:
only numbers tied to signing or representing count. An unsigned letter from one writer is 1.
Matching runs on accent-folded lower-case text, so letters without diacritics count the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.normalize import fold_diacritics

_UNITS = r"(?:ho gia dinh|ho dan|ho|gia dinh|nguoi dan|nguoi|cong dan|thanh vien|chu ho|hoc vien)"
_NUMBER_WORDS = {
    "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
    "muoi": 10,
}
# A count, never a year ("năm 2019\nngười làm đơn" is not 2019 signers).
_NUM = r"(?<![\d/.])(?!(?:19|20)\d\d\b)(\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")(?![\d/.])"
# A count tied to representing or signing: the strongest evidence.
_REPRESENT = [
    re.compile(rf"\b(?:thay mat|tm\.?|dai dien|uy quyen cua|dai dien cho)[ \t]+(?:cho\s+)?(?:tat ca\s+)?"
               rf"(?:toan the\s+)?(?:cac\s+)?{_NUM}[ \t]*{_UNITS}"),
    re.compile(rf"\b(?:chung toi|chung em|chung con)[ \t]*[-,:(]?[ \t]*(?:la|gom|gom co|co|gom tat ca)?[ \t]*"
               rf"(?:tat ca\s+)?{_NUM}[ \t]*{_UNITS}"),
    re.compile(rf"\b{_NUM}[ \t]*{_UNITS}\s*(?:\w+\s+){{0,3}}(?:cung\s+)?(?:ky ten|ky don|dong ky|"
               r"cung ky|da ky|lam don|dung don|dong dung don|ky vao)"),
    re.compile(rf"\b(?:danh sach|kem theo danh sach|co)\s+(?:chu ky cua\s+)?{_NUM}[ \t]*{_UNITS}\s*"
               r"(?:\w+\s+){0,3}(?:ky|chu ky)"),
    re.compile(rf"\b{_NUM}\s*chu ky"),
    re.compile(rf"\b(?:ky ten|dong ky ten|cung ky ten)\s*(?:cua|gom)?\s*{_NUM}[ \t]*{_UNITS}"),
]
# The signature block: where the letter says who signs.
_SIGN_BLOCK = re.compile(
    r"(nguoi lam don|nguoi viet don|nguoi lam don|cac ho ky ten|nhung nguoi ky ten|dong ky ten|"
    r"danh sach (?:cac )?(?:ho|nguoi|cong dan)|cac nguoi lam don|nguoi ky ten|ky ten|"
    r"nguoi dai dien|dai dien cac ho|chu ky)",
)
_LISTED_NAME = re.compile(
    r"^\s*(?:\d{1,3}\s*[.)/-]|[-+*•])\s*(?:ong|ba|anh|chi|cu|co|chu)?\s*"
    r"[a-z]+(?:\s+[a-z]+){1,4}\b"
)
_NOT_A_PERSON = re.compile(r"\b(quyet dinh|thua dat|so do|ban do|dieu|khoan|luat|nghi dinh|van ban)")


@dataclass(frozen=True)
class SignerCount:
    """The count, a confidence, and which rule gave it."""

    signers: int
    confidence: float
    rule: str


def _to_int(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token]


def count_signers(text: str) -> SignerCount:
    """Count the signers or represented households of a petition's text (at least 1)."""
    folded = fold_diacritics(text).lower()
    explicit = [
        _to_int(m.group(1)) for pattern in _REPRESENT for m in pattern.finditer(folded)
    ]
    explicit = [n for n in explicit if 1 <= n <= 5000]
    listed = _count_listed_signers(folded)
    if explicit:
        best = max(explicit)
        if listed > best:
            return SignerCount(listed, 0.85, "signature_list")
        return SignerCount(best, 0.9, "represented_count")
    if listed >= 2:
        return SignerCount(listed, 0.85, "signature_list")
    return SignerCount(1, 0.75, "single_writer")


def _count_listed_signers(folded: str) -> int:
    """Count person names listed after a signature-block cue (numbered lines or a comma list)."""
    best = 0
    for cue in _SIGN_BLOCK.finditer(folded):
        after = folded[cue.end() :]
        lines = after.splitlines()
        numbered = [
            ln for ln in lines[1:60] if _LISTED_NAME.match(ln) and not _NOT_A_PERSON.search(ln)
        ]
        inline = max((_inline_names(ln) for ln in lines[:4]), default=0)
        best = max(best, len(numbered), inline)
    return best


def _inline_names(line: str) -> int:
    """Names in one line like "ký tên: Nguyễn Văn A, Trần Thị B, Lê C" (two or more)."""
    line = re.sub(r"\([^)]*\)", "", line.split(":", 1)[-1])
    parts = [p.strip(" .;()") for p in re.split(r",|;| va ", line)]
    names = [p for p in parts if _NAME.fullmatch(p) and not _NOT_A_PERSON.search(p)]
    return len(names) if len(names) >= 2 else 0


_NAME = re.compile(r"(?:(?:ong|ba|anh|chi)\s+)?[a-z]+(?:\s+[a-z]+){1,4}")
