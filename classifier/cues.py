"""Hand-written cue phrases, on accent-folded lower-case text, as extra model features.

Each group counts phrases a careful clerk looks for (a forwarding slip, a threat to gather, a
second-level complaint...). The statistical model weighs them beside the n-grams; the groups
also drive the rules-only fallback when no trained model is available.
"""

from __future__ import annotations

import math
import re

from classifier.signers import SURNAMES

CUE_GROUPS: dict[str, tuple[str, ...]] = {
    "central_body": (
        r"ban tiep cong dan trung uong",
        r"thanh tra chinh phu",
        r"van phong chinh phu",
        r"doan (?:dai bieu quoc hoi|dbqh)",
        r"ban noi chinh trung uong",
        r"quoc hoi",
        r"phieu chuyen don",
        r"chuyen don",
        r"thu tuong chinh phu",
        r"ttcp",
        r"btcdtw",
        r"uy ban kiem tra trung uong",
    ),
    "forward_slip": (
        r"phieu chuyen",
        r"chuyen den .{0,40}de xem xet",
        r"kinh chuyen",
        r"chuyen don (?:cua|den|toi)",
        r"xu ly theo tham quyen",
    ),
    "anonymous": (
        r"giau ten",
        r"khong (?:de|neu|ghi) ten",
        r"xin (?:phep )?(?:duoc )?giau",
        r"nac danh",
        r"mot (?:cong dan|nguoi dan|dang vien|can bo|nhom)",
        r"nhom (?:cong dan|nguoi dan|can bo)",
        r"khong tien (?:neu|de) ten",
        r"vi ly do an toan",
        r"so bi tra thu",
        r"ten that",
    ),
    "named_writer": (
        r"toi (?:ten )?la\b",
        r"ho (?:va )?ten\s*:",
        r"nguoi lam don\s*:?\s*\w",
        r"sinh nam",
        r"cccd",
        r"cmnd",
        r"can cuoc",
        r"so dien thoai",
        r"dien thoai\s*:",
    ),
    "hotspot": (
        r"keo nhau",
        r"tap trung dong nguoi",
        r"bang ron",
        r"bieu ngu",
        r"bieu tinh",
        r"tu thieu",
        r"tu tu",
        r"song chet",
        r"lieu chet",
        r"khong con duong nao khac",
        r"len tru so",
        r"dan keo",
        r"ca lang",
        r"khieu kien dong nguoi",
        r"ngoi lai",
        r"chan duong",
        r"quyet liet",
        r"bat chap",
        r"dot",
        r"xang",
    ),
    "formal_answer": (
        r"quyet dinh giai quyet khieu nai",
        r"ket luan (?:noi dung )?to cao",
        r"ket luan thanh tra",
        r"van ban tra loi",
        r"cong van tra loi",
        r"thong bao ket qua",
        r"da (?:co )?tra loi",
        r"quyet dinh so",
        r"ket luan so",
        r"da giai quyet",
        r"ban an",
    ),
    "long_running": (
        r"nhieu nam",
        r"nhieu lan",
        r"tu nam (?:19|20)\d\d",
        r"\d+ nam (?:qua|nay|ròng|trời)",
        r"ke tu nam",
        r"bao nhieu nam",
        r"rong ra",
        r"keo dai",
        r"van chua duoc giai quyet",
        r"da gui don .{0,40}(?:nhieu|lan)",
        r"hang chuc lan",
        r"lan thu",
    ),
    "second_round": (
        r"lan (?:hai|2|ba|3|thu hai|thu 2)",
        r"lan dau",
        r"khong dong y voi quyet dinh",
        r"khong dong y voi ket luan",
        r"khieu nai tiep",
        r"to cao tiep",
        r"tiep tuc khieu nai",
        r"tiep tuc to cao",
        r"giai quyet lai",
        r"xem xet lai",
        r"cuoi cung",
    ),
    "beyond_level": (
        r"chua gui",
        r"gui thang",
        r"vuot cap",
        r"khong tin (?:tuong)? .{0,30}(?:phuong|xa|quan|huyen)",
        r"khong tin tuong",
        r"truc tiep len thanh pho",
        r"chua (?:duoc )?(?:phuong|xa|quan|huyen)",
        r"bo qua",
    ),
    "denounce": (
        r"to cao",
        r"tham nhung",
        r"nhan hoi lo",
        r"hoi lo",
        r"bao che",
        r"tiep tay",
        r"sai pham",
        r"vi pham",
        r"lam dung chuc vu",
        r"truc loi",
        r"chiem doat",
        r"tu loi",
        r"ban trai phep",
        r"lam gia",
        r"gian lan",
        r"an chia",
        r"moc ngoac",
        r"bot xen",
    ),
    "complain": (
        r"khieu nai",
        r"quyet dinh so",
        r"huy quyet dinh",
        r"sua doi quyet dinh",
        r"quyen loi",
        r"khong dong y",
        r"thu hoi",
        r"boi thuong",
        r"quyet dinh xu phat",
        r"ky luat",
        r"tu choi",
    ),
    "recommend": (
        r"kien nghi",
        r"de nghi",
        r"phan anh",
        r"de xuat",
        r"mong",
        r"xin",
        r"gop y",
        r"tao dieu kien",
        r"som",
        r"sua chua",
        r"hoi",
    ),
    # Multi-word phrases only: folded "chua" is also "chưa", "den" is "đến", "dao" is "đào".
    "religion": (
        r"nha chua",
        r"ngoi chua",
        r"dat chua",
        r"vuon chua",
        r"khuon vien chua",
        r"tru tri",
        r"phat tu",
        r"phat giao",
        r"tang ni",
        r"nha su",
        r"su thay",
        r"\bthich [a-z]+ [a-z]+",
        r"nha tho",
        r"giao xu",
        r"giao ho",
        r"giao dan",
        r"linh muc",
        r"cha xu",
        r"hanh giao",
        r"cong giao",
        r"tin lanh",
        r"hoi thanh",
        r"cao dai",
        r"ton giao",
        r"tin nguong",
        r"dinh lang",
        r"ngoi dinh",
        r"dat dinh",
        r"san dinh",
        r"den tho",
        r"ngoi den",
        r"\bmieu\b",
        r"tu duong",
        r"le hoi",
        r"thu tu",
        r"thu nhang",
        r"di tich",
        r"tam bao",
        r"chua [a-z]+ "
        r"(?:tu|thon|xa|phuong)",
        r"le phat",
        r"xu dao",
        r"nha nguyen",
        r"tu vien",
    ),
    "political": (
        r"nhan quyen",
        r"dan chu",
        r"dang cong san",
        r"che do",
        r"dai su quan",
        r"\brfa\b",
        r"\bbbc\b",
        r"\bvoa\b",
        r"bieu tinh",
        r"tay chay",
        r"doc tai",
        r"dan oan",
        r"tu do ngon luan",
        r"da dang",
        r"lat do",
        r"lien hop quoc",
        r"bien dong",
        r"trung quoc",
        r"to chuc quoc te",
        r"bao chi nuoc ngoai",
        r"dan toc thieu so",
        r"xung dot",
        r"ke hoach "
        r"xuong duong",
        r"xuong duong",
        r"ban nuoc",
        r"cuop dat",
        r"dan ap",
    ),
}
_COMPILED = {
    name: re.compile("|".join(f"(?:{p})" for p in pats)) for name, pats in CUE_GROUPS.items()
}
CUE_NAMES = tuple(CUE_GROUPS)


_SURNAME = "(?:" + "|".join(s.lower() for s in SURNAMES) + ")"
# Who writes: the marks of an identified writer (LABELS.md: anonymous = no name, a made-up name
# or no address). Each is a yes/no feature beside the cue counts.
IDENTITY = {
    "name_intro": re.compile(
        rf"\b(?:toi|chung toi|em|con|chau)\s+(?:ten\s+)?la\s+(?:ong\s+|ba\s+)?{_SURNAME}\s+[a-z]+"
    ),
    "name_field": re.compile(rf"(?:ho (?:va )?ten|nguoi (?:lam|viet|gui) don)\s*:?\s*{_SURNAME}\s"),
    "address": re.compile(
        r"\b(?:tru tai|thuong tru|tam tru|dia chi|noi o|so nha|ngo \d+|ngach \d+|to dan pho|"
        r"to \d+|thon [a-z]|xom [a-z]|can ho|phong \d+|khu tap the|toa [a-z0-9])"
    ),
    "phone": re.compile(r"\b(?:0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}|dien thoai|dt\s*:|sdt)"),
    "id_number": re.compile(r"\b(?:cccd|cmnd|can cuoc|\d{12}\b)"),
    "signed_name": re.compile(rf"\n\s*(?:\(da ky\)\s*)?{_SURNAME}(?: [a-z]+){{1,3}}\s*$"),
}


def identity_vector(folded: str) -> list[float]:
    """Yes/no marks of an identified writer, in IDENTITY order."""
    return [1.0 if pattern.search(folded) else 0.0 for pattern in IDENTITY.values()]


def cue_counts(folded: str) -> dict[str, int]:
    """Count each cue group's phrases in accent-folded lower-case text."""
    return {name: len(pattern.findall(folded)) for name, pattern in _COMPILED.items()}


def cue_vector(folded: str) -> list[float]:
    """The cue counts as a dense feature row (log-scaled, in CUE_NAMES order)."""
    counts = cue_counts(folded)
    return [math.log1p(counts[name]) for name in CUE_NAMES]
