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

_UNITS = (
    r"(?:ho gia dinh|ho dan|ho|gia dinh|nguoi dan|nguoi|cong dan|thanh vien|chu ho|hoc vien|"
    r"giao dan|phat tu|xa vien|cu dan|cong nhan|tieu thuong|nong dan|giao vien|cuu chien binh|"
    r"dang vien|can bo|hoc sinh|phu huynh|vi|chu can ho|chu so huu|lao dong)\b"
)
_NUMBER_WORDS = {
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
# A count, never a year ("năm 2019\nngười làm đơn" is not 2019 signers).
_NUM = r"(?<![\d/.])(?!(?:19|20)\d\d\b)(\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")(?![\d/.])"
# A count tied to representing or signing: the strongest evidence.
_REPRESENT = [
    re.compile(
        rf"\b(?:thay mat|tm\.?|dai dien|uy quyen cua|dai dien cho)[ \t]+(?:cho\s+)?(?:tat ca\s+)?"
        rf"(?:toan the\s+)?(?:cac\s+)?{_NUM}[ \t]*{_UNITS}"
    ),
    re.compile(
        rf"\b(?:chung toi|chung em|chung con)[ \t]*[-,:(]?[ \t]*(?:la|gom|gom co|co|gom tat ca)?[ \t]*"
        rf"(?:[a-z ]{{0,40}}[ \t]va[ \t]+)?(?:tat ca\s+)?{_NUM}[ \t]*{_UNITS}"
    ),
    re.compile(
        rf"\b{_NUM}[ \t]*{_UNITS}\s*(?:\w+\s+){{0,3}}(?:cung\s+)?(?:ky ten|ky don|dong ky|"
        r"cung ky|da ky|lam don|dung don|dong dung don|ky vao)"
    ),
    re.compile(
        rf"\b(?:danh sach|kem theo danh sach|co)\s+(?:chu ky cua\s+)?{_NUM}[ \t]*{_UNITS}\s*"
        r"(?:\w+\s+){0,3}(?:ky|chu ky)"
    ),
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
_NOT_A_PERSON = re.compile(
    r"\b(quyet dinh|thua dat|so do|ban do|dieu|khoan|luat|nghi dinh|van ban)"
)


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
    explicit = [_to_int(m.group(1)) for pattern in _REPRESENT for m in pattern.finditer(folded)]
    explicit = [n for n in explicit if 1 <= n <= 5000]
    listed = _count_listed_signers(folded, fold_diacritics(text))
    if explicit:
        best = max(explicit)
        if listed > best:
            return SignerCount(listed, 0.85, "signature_list")
        return SignerCount(best, 0.9, "represented_count")
    if listed >= 2:
        return SignerCount(listed, 0.85, "signature_list")
    return SignerCount(1, 0.75, "single_writer")


def _count_listed_signers(folded: str, cased: str) -> int:
    """Count the people who sign: a numbered list after a signature cue, or the names in the
    signature block at the end of the letter, whichever is larger."""
    best = 0
    for cue in _SIGN_BLOCK.finditer(folded):
        lines = folded[cue.end() :].splitlines()[1:60]
        numbered = [ln for ln in lines if _LISTED_NAME.match(ln) and not _NOT_A_PERSON.search(ln)]
        best = max(best, len(numbered))
    return max(best, _names_in_signature_block(cased))


def _names_in_signature_block(cased: str) -> int:
    """Count person names (surname first) in the block after the letter's last date line."""
    dates = list(_DATE_LINE.finditer(cased))
    tail = cased[dates[-1].end() :] if dates else "\n".join(cased.splitlines()[-8:])
    names = set()
    for line in tail[-2500:].splitlines():
        line = re.sub(r"\([^)]*\)", " ", line)
        for part in re.split(r"[:,;|]|\s\d{1,3}[.)]\s|^\s*\d{1,3}[.)]\s|\s-\s| va ", line):
            name = part.strip(" .\t*+-•")
            if _PERSON.fullmatch(name):
                names.add(name.lower())
    return len(names)


_DATE_LINE = re.compile(
    r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}|\b\d{1,2}/\d{1,2}/\d{4}"
    r"|thang\s+\d{1,2}\s*(?:/|nam)\s*\d{4}",
    re.IGNORECASE,
)
SURNAMES = [
    "Nguyen",
    "Tran",
    "Le",
    "Pham",
    "Hoang",
    "Huynh",
    "Phan",
    "Vu",
    "Vo",
    "Dang",
    "Bui",
    "Do",
    "Ho",
    "Ngo",
    "Duong",
    "Ly",
    "Dao",
    "Dinh",
    "Doan",
    "Lam",
    "Mai",
    "Trinh",
    "Truong",
    "Luong",
    "Ha",
    "Kieu",
    "Ta",
    "Tang",
    "Thai",
    "Cao",
    "Chu",
    "Khuat",
    "Lai",
    "Lo",
    "Luu",
    "Mac",
    "Nghiem",
    "Nong",
    "Phung",
    "Quach",
    "Tieu",
    "Tong",
    "Trieu",
    "Van",
    "Vuong",
    "Kim",
    "Bach",
    "Hua",
    "Che",
    "Chau",
    "Diep",
    "Giang",
    "Han",
    "Khong",
    "Lu",
    "Ong",
    "Quan",
    "Tao",
    "Thach",
    "Tu",
    "Uong",
    "Yen",
    "Au",
    "Bang",
    "Cu",
    "Dam",
    "Dieu",
    "La",
    "Lang",
    "Long",
    "Man",
    "Nhu",
    "Ninh",
    "Phi",
    "Tat",
    "Thieu",
    "Tiet",
    "Thich",
]
_SAINTS = r"(?:Giuse|Phero|Phaolo|Maria|Anna|Anton|Daminh|Gioan|Teresa|Matta|Martino|Phanxico)"
_PERSON = re.compile(
    rf"(?:(?:Ong|Ba|Cu|Anh|Chi|Co|Chu|Thay)\s+)?(?:{_SAINTS}\s+)?(?:{'|'.join(SURNAMES)})"
    r"(?:\s+[A-Z][a-z]*){1,4}"
)
