"""The unit directory and the effective-dated area maps (place name → unit that handles it).

An ``AreaMap`` maps the district names of LABELS.md (and, optionally, commune names) to unit
codes, from ``effective_from`` on. ``Directory.unit_for_place`` picks the map in force on the
day a letter was received, so a commune-level map added as data with
``effective_from: 2025-07-01`` takes over for letters received from that day without code
changes, while letters keep naming the old districts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

_ABBREVIATIONS = (
    (r"\buy ban nhan dan\b", "ubnd"),
    (r"\bq\.\s*", "quan "),
    (r"\bh\.\s*", "huyen "),
    (r"\btx\.?\s+", "thi xa "),
    (r"\btp\.?\s+", "thanh pho "),
    (r"\btp\.?$", "thanh pho"),
    (r"\s*&\s*", " va "),
)


def fold(text: str) -> str:
    """A lookup key: lower case, no diacritics (đ → d), single spaces, for matching names only.

    Stored text is never changed; this only makes "Ứng Hoà", "Ứng Hòa" and "ung hoa" meet.
    Same folding as ``ingest.normalize.fold_diacritics``, kept here because importing
    ``ingest`` loads the whole OCR stack (~0.4 s) into every process that only routes.
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(text.split())


def fold_org(text: str) -> str:
    """``fold`` plus common abbreviations expanded ("Ủy ban nhân dân" → "ubnd", "Q." → "quan")."""
    key = fold(text)
    for pattern, repl in _ABBREVIATIONS:
        key = re.sub(pattern, repl, key)
    return " ".join(key.split())


@dataclass(frozen=True)
class Unit:
    """One unit that can receive cases: a stable code and the name shown to people."""

    code: str
    name: str
    level: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AreaMap:
    """Place names → unit codes, in force from ``effective_from``."""

    id: str
    name: str
    effective_from: date
    districts: Mapping[str, str]
    communes: Mapping[str, str] = field(default_factory=dict)

    def lookup(self, names: Mapping[str, str], place: str) -> tuple[str, str] | None:
        """(canonical name, unit code) for a place, exact first, then accent-insensitive."""
        if place in names:
            return place, names[place]
        key = fold(place)
        matches = [(name, code) for name, code in names.items() if fold(name) == key]
        return matches[0] if len(matches) == 1 else None


@dataclass(frozen=True)
class Directory:
    """All units by code and the area maps, oldest first."""

    units: Mapping[str, Unit]
    area_maps: tuple[AreaMap, ...]

    def map_in_force(self, day: date) -> AreaMap:
        """The map with the latest ``effective_from`` not after ``day`` (else the oldest)."""
        in_force = [m for m in self.area_maps if m.effective_from <= day]
        return in_force[-1] if in_force else self.area_maps[0]

    def unit_for_place(
        self, day: date, district: str | None, commune: str | None = None
    ) -> tuple[AreaMap, str | None, str | None]:
        """(map used, canonical place name, unit code) for the place of a case on ``day``."""
        area_map = self.map_in_force(day)
        if commune and area_map.communes:
            found = area_map.lookup(area_map.communes, commune)
            if found:
                return area_map, found[0], found[1]
        if district:
            found = area_map.lookup(area_map.districts, district)
            if found:
                return area_map, found[0], found[1]
        return area_map, None, None

    def name(self, code: str) -> str:
        """The display name of a unit code."""
        return self.units[code].name
