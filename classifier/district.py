"""Which Hanoi district a petition is about: a gazetteer with context weights.

Rules beat statistics here: a district is named ("quận Cầu Giấy", "Q. Cầu Giấy", "quan cau giay",
"H.Đông Anh", "TX Sơn Tây") or implied by a ward or commune ("phường Dịch Vọng Hậu"). Matching
runs on accent-folded lower-case text, so letters without diacritics match the same way.
Mentions inside the writer's own address count less than those near the matter ("thửa đất tại",
"công trình tại", "trên địa bàn"), because the label is where the matter happens.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from classifier.labels import DISTRICTS
from ingest.normalize import fold_diacritics, normalize_text

_DISTRICT_PREFIX = r"(?:quan|huyen|thi xa|q|h|tx|txa)"
# Ward prefixes by the unit type they name ("phường Trung Hòa" is in Cầu Giấy, "xã Trung Hòa"
# in Chương Mỹ).
_WARD_PREFIXES = {"phường": r"(?:phuong|p)", "xã": r"(?:xa|x)", "thị trấn": r"(?:thi tran|tt)"}
_SEP = r"\s*[.:]?\s*"
# Words after which an address is the writer's own, not the matter's.
_HOME_CUES = re.compile(
    r"(tru tai|thuong tru|tam tru|dia chi|noi o|cho o|hktt|ho khau|cu tru|que quan|sinh song tai)"
    r"[^\n]{0,80}$"
)
_MATTER_CUES = re.compile(
    r"(thua dat|dat tai|cong trinh|du an|tren dia ban|xay dung tai|thuoc|tai khu|tai thon|"
    r"tai xom|tai to dan pho|khu vuc|nha tho|chua|dinh|ngoi nha|can ho)[^\n]{0,60}$"
)


@dataclass(frozen=True)
class DistrictGuess:
    """The chosen district (canonical name or None), a confidence and the evidence."""

    district: str | None
    confidence: float
    evidence: tuple[str, ...] = ()


_PREFIXED, _BARE, _WARD = 3.0, 1.0, 2.5
_WARD_TYPES = {
    "phuong": "phường",
    "p": "phường",
    "xa": "xã",
    "x": "xã",
    "thi tran": "thị trấn",
    "tt": "thị trấn",
}


@dataclass(frozen=True)
class _Gazetteer:
    """Hanoi's districts and wards as two compiled patterns and their lookups."""

    districts: re.Pattern[str]
    wards: re.Pattern[str]
    district_names: dict[str, str]  # folded name → canonical name
    ward_districts: dict[tuple[str, str], tuple[str, ...]]  # (type, folded name) → districts
    namesakes: dict[str, tuple[str, ...]]  # folded ward name → every district that has one
    spellings: dict[str, tuple[str, ...]]  # lower-case ward name with diacritics → districts


def _alternation(names: list[str]) -> str:
    """Longest first, so "yen so" is not cut to "yen"; spaces match any run of spaces."""
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)


@cache
def _gazetteer() -> _Gazetteer:
    district_names = {fold_diacritics(d).lower(): d for d in DISTRICTS}
    wards: dict[tuple[str, str], set[str]] = defaultdict(set)
    namesakes: dict[str, set[str]] = defaultdict(set)
    spellings: dict[str, set[str]] = defaultdict(set)
    table = resources.files("classifier") / "data" / "hanoi_wards.tsv"
    for line in table.read_text(encoding="utf-8").splitlines()[1:]:
        district, unit_type, ward = line.split("\t")
        folded = fold_diacritics(ward).lower()
        wards[(unit_type, folded)].add(district)
        namesakes[folded].add(district)
        spellings[normalize_text(ward).lower()].add(district)
    return _Gazetteer(
        districts=re.compile(
            rf"\b(?P<prefix>{_DISTRICT_PREFIX}{_SEP})?(?P<name>{_alternation(list(district_names))})\b"
        ),
        wards=re.compile(
            rf"\b(?P<prefix>phuong|p|xa|x|thi tran|tt){_SEP}(?P<name>{_alternation(list(namesakes))})\b"
        ),
        district_names=district_names,
        ward_districts={k: tuple(sorted(v)) for k, v in wards.items()},
        namesakes={k: tuple(sorted(v)) for k, v in namesakes.items()},
        spellings={k: tuple(sorted(v)) for k, v in spellings.items()},
    )


def _ward_districts(
    gaz: _Gazetteer, unit_type: str, name: str, folded: str, written: str
) -> tuple[str, ...]:
    """A ward's own districts, unless the letter names another district with a namesake
    ("xã Yên Sở cũ ... Q. Hoàng Mai": the commune became a ward of Hoàng Mai), or spells it
    with diacritics that tell namesakes apart (Song Phượng, Đan Phượng / Song Phương, Hoài Đức)."""
    namesakes = gaz.namesakes[name]
    if len(namesakes) > 1 and not written.isascii() and written in gaz.spellings:
        namesakes = gaz.spellings[written]
    if len(namesakes) > 1:
        named = tuple(d for d in namesakes if _bare_name(d).search(folded))
        if named:
            return named
    own = tuple(d for d in gaz.ward_districts.get((unit_type, name), ()) if d in namesakes)
    return own or namesakes


@cache
def _bare_name(district: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(fold_diacritics(district).lower())}\b")


def _context_factor(folded: str, start: int) -> float:
    before = folded[max(0, start - 100) : start]
    if _MATTER_CUES.search(before):
        return 1.5
    return 0.4 if _HOME_CUES.search(before) else 1.0


def _spelled_otherwise(original: str, span: tuple[int, int], name: str) -> bool:
    """True when the letter wrote this span with diacritics that differ from name's
    ("Phạm Văn Đồng đã" folds to "dong da" but is not "Đống Đa")."""
    if not original:
        return False
    written = re.sub(r"\s+", " ", original[span[0] : span[1]]).lower()
    return not written.isascii() and written != name.lower()


def find_district(text: str) -> DistrictGuess:
    """Return the district a petition's text is about, or None when it names none."""
    gaz = _gazetteer()
    text = normalize_text(text)
    folded = fold_diacritics(text).lower()
    original = text if len(text) == len(folded) else ""  # aligned character by character
    scores: dict[str, float] = defaultdict(float)
    evidence: list[str] = []
    claimed: list[tuple[int, int]] = []  # ward spans: a district name inside one is not bare
    for match in gaz.wards.finditer(folded):
        name = re.sub(r"\s+", " ", match["name"])
        unit_type = _WARD_TYPES[match["prefix"]]
        start, end = match.span("name")
        written = re.sub(r"\s+", " ", original[start:end]).lower() if original else ""
        districts = _ward_districts(gaz, unit_type, name, folded, written)
        for district in districts:
            scores[district] += _WARD * _context_factor(folded, match.start()) / len(districts)
        claimed.append(match.span())
        evidence.append(f"{name}@{match.start()}")
    for match in gaz.districts.finditer(folded):
        start, end = match.span()
        if not match["prefix"] and any(s <= start and end <= e for s, e in claimed):
            continue
        weight = _PREFIXED if match["prefix"] else _BARE
        district = gaz.district_names[re.sub(r"\s+", " ", match["name"])]
        if not match["prefix"] and _spelled_otherwise(original, match.span("name"), district):
            continue
        scores[district] += weight * _context_factor(folded, start)
        evidence.append(f"{district}@{start}")
    if not scores:
        return DistrictGuess(None, 0.9)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = min(0.99, 0.5 + 0.5 * (top - second) / top) if top else 0.5
    if top < 1.5:  # a lone bare name ("Ba Vì" mountain, "Thanh Xuân" commune) is weak
        confidence = min(confidence, 0.6)
    return DistrictGuess(best, round(confidence, 3), tuple(evidence[:10]))
