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
from ingest.normalize import fold_diacritics

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


@dataclass(frozen=True)
class _Form:
    """One way a letter names a place: a district (prefixed or bare) or a ward."""

    pattern: re.Pattern[str]
    districts: tuple[str, ...]  # the districts this form means
    weight: float
    label: str
    namesakes: tuple[str, ...] = ()  # for a ward: every district with a ward of that name


_PREFIXED, _BARE, _WARD = 3.0, 1.0, 2.5


@cache
def _forms() -> list[_Form]:
    """Every district and ward form, compiled once."""
    forms = []
    for name in DISTRICTS:
        folded = _words(fold_diacritics(name).lower())
        forms.append(
            _Form(re.compile(rf"\b{_DISTRICT_PREFIX}{_SEP}{folded}\b"), (name,), _PREFIXED, name)
        )
        forms.append(_Form(re.compile(rf"\b{folded}\b"), (name,), _BARE, name))
    wards: dict[tuple[str, str], set[str]] = defaultdict(set)
    table = resources.files("classifier") / "data" / "hanoi_wards.tsv"
    for line in table.read_text(encoding="utf-8").splitlines()[1:]:
        district, unit_type, ward = line.split("\t")
        wards[(unit_type, fold_diacritics(ward).lower())].add(district)
    namesakes: dict[str, set[str]] = defaultdict(set)
    for (_unit_type, ward), districts in wards.items():
        namesakes[ward] |= districts
    for (unit_type, ward), districts in wards.items():
        pattern = re.compile(rf"\b{_WARD_PREFIXES[unit_type]}{_SEP}{_words(ward)}\b")
        forms.append(
            _Form(pattern, tuple(sorted(districts)), _WARD, ward, tuple(sorted(namesakes[ward])))
        )
    return forms


def _words(folded: str) -> str:
    return re.escape(folded).replace(r"\ ", r"\s+")


def _ward_districts(form: _Form, folded: str) -> tuple[str, ...]:
    """A ward's own districts, unless the letter names another district with a namesake
    ("xã Yên Sở cũ ... Q. Hoàng Mai": the commune became a ward of Hoàng Mai)."""
    if len(form.namesakes) > 1:
        named = tuple(d for d in form.namesakes if _bare_name(d).search(folded))
        if named:
            return named
    return form.districts


@cache
def _bare_name(district: str) -> re.Pattern[str]:
    return re.compile(rf"\b{_words(fold_diacritics(district).lower())}\b")


def find_district(text: str) -> DistrictGuess:
    """Return the district a petition's text is about, or None when it names none."""
    folded = fold_diacritics(text).lower()
    scores: dict[str, float] = defaultdict(float)
    evidence: list[str] = []
    claimed: list[tuple[int, int]] = []  # spans already explained by a prefixed mention
    for form in _forms():
        for match in form.pattern.finditer(folded):
            start, end = match.span()
            if form.weight == _BARE and any(s <= start and end <= e for s, e in claimed):
                continue  # the bare name inside "quận X" was already counted
            if form.weight != _BARE:
                claimed.append((start, end))
            before = folded[max(0, start - 100) : start]
            factor = (
                1.5 if _MATTER_CUES.search(before) else (0.4 if _HOME_CUES.search(before) else 1.0)
            )
            districts = _ward_districts(form, folded) if form.weight == _WARD else form.districts
            for district in districts:
                scores[district] += form.weight * factor / len(districts)
            evidence.append(f"{form.label}@{start}")
    if not scores:
        return DistrictGuess(None, 0.9)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = min(0.99, 0.5 + 0.5 * (top - second) / top) if top else 0.5
    if top < 1.5:  # a lone bare name ("Ba Vì" mountain, "Thanh Xuân" commune) is weak
        confidence = min(confidence, 0.6)
    return DistrictGuess(best, round(confidence, 3), tuple(evidence[:10]))
