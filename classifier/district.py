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

from ingest.normalize import fold_diacritics

from classifier.labels import DISTRICTS

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


@cache
def _patterns() -> list[tuple[re.Pattern[str], tuple[str, ...], float, str]]:
    """(regex, candidate districts, weight, label) for every district and ward form."""
    pats = []
    for name in DISTRICTS:
        folded = re.escape(fold_diacritics(name).lower()).replace(r"\ ", r"\s+")
        pats.append((re.compile(rf"\b{_DISTRICT_PREFIX}{_SEP}{folded}\b"), (name,), 3.0, name))
        pats.append((re.compile(rf"\b{folded}\b"), (name,), 1.0, name))
    wards: dict[tuple[str, str], set[str]] = defaultdict(set)
    table = resources.files("classifier") / "data" / "hanoi_wards.tsv"
    for line in table.read_text(encoding="utf-8").splitlines()[1:]:
        district, unit_type, ward = line.split("\t")
        wards[(unit_type, fold_diacritics(ward).lower())].add(district)
    for (unit_type, ward), districts in wards.items():
        folded = re.escape(ward).replace(r"\ ", r"\s+")
        prefix = _WARD_PREFIXES[unit_type]
        weight = 2.5 / len(districts)
        pats.append(
            (re.compile(rf"\b{prefix}{_SEP}{folded}\b"), tuple(sorted(districts)), weight, ward)
        )
    return pats


def find_district(text: str) -> DistrictGuess:
    """Return the district a petition's text is about, or None when it names none."""
    folded = fold_diacritics(text).lower()
    scores: dict[str, float] = defaultdict(float)
    evidence: list[str] = []
    claimed: list[tuple[int, int]] = []  # spans already explained by a prefixed mention
    for pattern, districts, weight, label in _patterns():
        for match in pattern.finditer(folded):
            start, end = match.span()
            if weight == 1.0 and any(s <= start and end <= e for s, e in claimed):
                continue  # the bare name inside "quận X" was already counted
            if weight > 1.0:
                claimed.append((start, end))
            before = folded[max(0, start - 100) : start]
            factor = 0.4 if _HOME_CUES.search(before) else 1.0
            if _MATTER_CUES.search(before):
                factor = 1.5
            for district in districts:
                scores[district] += weight * factor
            evidence.append(f"{label}@{start}")
    if not scores:
        return DistrictGuess(None, 0.9)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = min(0.99, 0.5 + 0.5 * (top - second) / top) if top else 0.5
    if top < 1.5:  # a lone bare name ("Ba Vì" mountain, "Thanh Xuân" commune) is weak
        confidence = min(confidence, 0.6)
    return DistrictGuess(best, round(confidence, 3), tuple(evidence[:10]))
