"""Who a letter is addressed to: the "Kính gửi" / "Đồng kính gửi" lists.

A letter often goes to several bodies at once. The list is read from the header: the rest of
the "Kính gửi:" line (split on ";", and on "," or " - " before a body's name) and the lines
under it that are bullets, numbered, or short lines starting with a body's name ("UBND",
"Thanh tra", "Sở", ...), up to the first other line. A name stops at its first full stop that
is not an abbreviation ("Q.", "TP."). Each name is matched to the unit directory by its name
or aliases, accent-insensitively; names of other bodies are kept with ``unit: None``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from routing.directory import Unit, fold, fold_org

# Folded forms: "kinh gui", "dong kinh gui", also without the space "kinhgui" from OCR.
_HEADER = re.compile(r"^\s*(dong\s*kinh\s*gui|kinh\s*gui)\s*[:.;-]?\s*(.*)$")
_BULLET = re.compile(r"^\s*(?:[-–—+•*·]|\d{1,2}[.)]|[a-z][.)])\s*(.+)$")
_BODY_START = re.compile(
    r"^(ubnd|uy ban|chu tich|thanh tra|ban |so |cong an|van phong|doan |hoi dong|hdnd|toa an|"
    r"vien kiem sat|bo |bao |dong chi|ong |ba |mat tran|dang uy|thanh uy|quan uy|huyen uy|"
    r"trung tam|phong |chi cuc|cuc |tong cuc|quoc hoi|chinh phu|thu tuong|dai bieu)"
)
_MAX_LINES = 12
# A non-bulleted line longer than this is body text, not one more addressee.
_MAX_PLAIN_LINE = 100
_SENTENCE_END = re.compile(r"(\S+)\.\s")


@dataclass(frozen=True)
class Addressee:
    """One body named in the addressee list; ``unit`` is its directory code when known."""

    name: str
    unit: str | None
    copy: bool

    def as_dict(self) -> dict[str, object]:
        """JSON form: {"name", "unit", "role": "to" | "cc"}."""
        return {"name": self.name, "unit": self.unit, "role": "cc" if self.copy else "to"}


def _split_inline(rest: str) -> list[str]:
    """Split a line of addressees into names.

    ";" always separates; "," and " - " separate only before a body's name, so that
    "UBND phường Dịch Vọng, quận Cầu Giấy" and "Sở Lao động - Thương binh và Xã hội" stay whole.
    """
    parts: list[str] = []
    for chunk in re.split(r"\s*;\s*", _first_sentence(rest)):
        pieces = re.split(r"(,|\s+[-–]\s+)", chunk)
        current = pieces[0]
        for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
            if _BODY_START.match(fold_org(piece.strip())):
                parts.append(current)
                current = piece
            else:
                current += separator + piece
        parts.append(current)
    names = (_first_sentence(p).strip(" .,:;-") for p in parts)
    return [name for name in names if name]


def _list_item(line: str) -> str | None:
    """The body named on a continuation line (a bullet, or a line starting with a body's name)."""
    if _HEADER.match(fold(line)):
        return None
    bullet = _BULLET.match(line)
    if bullet:
        return bullet.group(1)
    stripped = line.strip()
    if len(stripped) > _MAX_PLAIN_LINE or _first_sentence(stripped) != stripped:
        return None
    if re.search(r"\bla\b", fold(stripped)):  # "Tôi là ...", "Bần tăng là ...": the writer
        return None
    return stripped if _BODY_START.match(fold_org(stripped)) else None


def _first_sentence(text: str) -> str:
    """Text up to the first full stop that is not an abbreviation ("Q.", "TP.", "P.")."""
    for match in _SENTENCE_END.finditer(text):
        if len(match.group(1)) > 2:
            return text[: match.start(1) + len(match.group(1))]
    return text


def extract_addressee_names(text: str) -> list[tuple[str, bool]]:
    """(name, is_copy) for each addressee in the letter's header, in order."""
    found: list[tuple[str, bool]] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = _HEADER.match(fold(line))
        if not match:
            continue
        copy = match.group(1).startswith("dong")
        rest = line[len(line) - len(match.group(2)) :] if match.group(2) else ""
        found += [(name, copy) for name in _split_inline(rest)]
        following = [ln for ln in lines[index + 1 : index + 1 + _MAX_LINES]]
        if not rest:  # "Kính gửi:" alone on its line: the list may start after a blank line
            while following and not following[0].strip():
                following.pop(0)
        for next_line in following:
            item = _list_item(next_line) if next_line.strip() else None
            if item is None:
                break
            found += [(name, copy) for name in _split_inline(item)]
    return _dedupe(found)


def _dedupe(found: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Drop repeated names (same body listed twice), keeping the first."""
    seen: set[str] = set()
    out = []
    for name, copy in found:
        key = fold_org(name)
        if key not in seen:
            seen.add(key)
            out.append((name, copy))
    return out


@lru_cache(maxsize=4096)
def _words(name: str) -> str:
    """Folded name with punctuation turned into spaces, for whole-word matching."""
    return " ".join(re.sub(r"[^\w ]", " ", fold_org(name)).split())


def match_unit(name: str, units: Mapping[str, Unit]) -> str | None:
    """The code of the unit whose name or alias appears in ``name`` (longest match wins)."""
    key = f" {_words(name)} "
    best: tuple[int, str] | None = None
    for unit in units.values():
        for alias in (unit.name, *unit.aliases):
            alias_key = _words(alias)
            if f" {alias_key} " in key and (best is None or len(alias_key) > best[0]):
                best = (len(alias_key), unit.code)
    return best[1] if best else None


def extract_addressees(text: str | None, units: Mapping[str, Unit]) -> list[Addressee]:
    """The addressees of a letter, each matched to a unit code when the directory knows it."""
    if not text:
        return []
    return [
        Addressee(name=name, unit=match_unit(name, units), copy=copy)
        for name, copy in extract_addressee_names(text)
    ]
