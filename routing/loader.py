"""Load and validate ``routing/data/*.yaml`` into a ``RuleSet``.

Every ``*.yaml`` file of the directory is read; each may hold any of these top-level keys:
``units`` (list, merged across files), ``area_map`` (one map per file), and at most once in
the whole directory each of ``primary``, ``coordinators``, ``priority``, ``actions``,
``notes``, ``deadlines``, ``calendar`` (rule sections are parsed by ``routing.sections``).
Validation covers the schema, unknown and duplicate unit codes, duplicate rule ids and place
names, values outside LABELS.md, message placeholders, and rules that can never fire (a
contradiction, or an earlier rule in a first-match list that always fires first). Every
problem is a ``RuleError`` naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from routing.directory import AreaMap, Directory, Unit, fold
from routing.errors import RuleError
from routing.rules import (
    ActionRule,
    CoordinatorRule,
    DeadlineRule,
    PrimaryRule,
    PriorityRule,
    Rule,
)
from routing.sections import (
    DISTRICT_TARGET,
    parse_actions,
    parse_coordinators,
    parse_deadlines,
    parse_notes,
    parse_primary,
    parse_priority,
)
from routing.workdays import WorkCalendar
from routing.yamlfile import DataFile, LineDict, read_yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
SECTIONS = (
    "primary",
    "coordinators",
    "priority",
    "actions",
    "notes",
    "deadlines",
    "calendar",
)
TOP_KEYS = ("units", "area_map", *SECTIONS)
LEVELS = ("city", "district", "commune")
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
__all__ = ["DATA_DIR", "DISTRICT_TARGET", "RuleSet", "load_ruleset"]


@dataclass(frozen=True)
class RuleSet:
    """Everything ``route()`` needs: directory, rules by section, working-day calendar."""

    directory: Directory
    primary: tuple[PrimaryRule, ...]
    coordinators: tuple[CoordinatorRule, ...]
    priority: tuple[PriorityRule, ...]
    actions: tuple[ActionRule, ...]
    notes: tuple[Rule, ...]
    deadlines: Mapping[str, tuple[DeadlineRule, ...]]
    calendar: WorkCalendar
    sources: tuple[Path, ...] = field(default=())


def load_ruleset(directory: Path | None = None) -> RuleSet:
    """Read and validate every ``*.yaml`` in ``directory`` (default ``routing/data``).

    Returns a frozen RuleSet. Raises RuleError (file and line) on any invalid content; the
    service must not start on one.
    """
    directory = Path(directory) if directory is not None else DATA_DIR
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise RuleError("schema", "thư mục không có tệp .yaml nào", directory, None)
    units: dict[str, Unit] = {}
    maps_raw: list[tuple[DataFile, LineDict]] = []
    sections: dict[str, tuple[DataFile, Any]] = {}
    for path in paths:
        doc, data = DataFile(path), read_yaml(path)
        if data is None:
            continue
        data = doc.mapping(data, "tệp")
        doc.keys(data, TOP_KEYS, "tệp")
        if "units" in data:
            _parse_units(doc, data, units)
        if "area_map" in data:
            maps_raw.append((doc, doc.mapping(data["area_map"], "area_map", data, "area_map")))
        for section in SECTIONS:
            if section in data:
                if section in sections:
                    first = sections[section][0].path.name
                    raise doc.fail(
                        "duplicate", f"mục '{section}' đã có trong {first}", data, section
                    )
                sections[section] = (doc, data)
    return _build(directory, paths, units, maps_raw, sections)


def _build(
    directory: Path,
    paths: list[Path],
    units: dict[str, Unit],
    maps_raw: list[tuple[DataFile, LineDict]],
    sections: dict[str, tuple[DataFile, Any]],
) -> RuleSet:
    """Check cross-file requirements and assemble the RuleSet."""
    if not units:
        raise RuleError("schema", "không có danh mục đơn vị ('units')", directory, None)
    if not maps_raw:
        raise RuleError("schema", "không có bản đồ địa bàn ('area_map')", directory, None)
    for required in ("primary", "priority"):
        if required not in sections:
            raise RuleError("schema", f"thiếu mục quy tắc '{required}'", directory, None)
    area_maps = _parse_area_maps(maps_raw, units)
    seen_ids: dict[str, str] = {}

    def parse(section: str, parser: Callable[..., Any]) -> Any:
        if section not in sections:
            return ()
        doc, data = sections[section]
        return parser(doc, data, section, units, seen_ids)

    deadlines = parse("deadlines", parse_deadlines) or {}
    calendar = _parse_calendar(*sections["calendar"]) if "calendar" in sections else WorkCalendar()
    return RuleSet(
        directory=Directory(units=dict(units), area_maps=area_maps),
        primary=parse("primary", parse_primary),
        coordinators=parse("coordinators", parse_coordinators),
        priority=parse("priority", parse_priority),
        actions=parse("actions", parse_actions),
        notes=parse("notes", parse_notes),
        deadlines=deadlines,
        calendar=calendar,
        sources=tuple(paths),
    )


def _parse_units(doc: DataFile, data: LineDict, units: dict[str, Unit]) -> None:
    """Add this file's units, refusing bad or duplicate codes."""
    for node in doc.items(data["units"], "units", data, "units"):
        node = doc.mapping(node, "mỗi đơn vị", data, "units")
        doc.keys(node, ("code", "name", "level", "aliases"), "đơn vị")
        code, name = doc.text(node, "code"), doc.text(node, "name")
        level = doc.text(node, "level")
        assert code is not None and name is not None and level is not None
        if not CODE_RE.match(code):
            raise doc.fail(
                "schema", f"mã đơn vị '{code}' chỉ gồm chữ hoa, số, gạch nối", node, "code"
            )
        if code in units:
            raise doc.fail("duplicate", f"mã đơn vị '{code}' bị trùng", node, "code")
        if level not in LEVELS:
            raise doc.fail("schema", f"level phải là một trong {', '.join(LEVELS)}", node, "level")
        aliases = doc.items(node.get("aliases", []), "aliases", node, "aliases")
        if not all(isinstance(alias, str) and alias.strip() for alias in aliases):
            raise doc.fail("schema", "aliases phải là danh sách tên", node, "aliases")
        units[code] = Unit(code=code, name=name, level=level, aliases=tuple(aliases))


def _place_names(
    doc: DataFile, node: LineDict, key: str, units: Mapping[str, Unit]
) -> dict[str, str]:
    """A ``name: CODE`` mapping of an area map, codes known, names unique accent-insensitively."""
    raw = doc.mapping(node.get(key, {}), key, node, key)
    names: dict[str, str] = {}
    folded: dict[str, str] = {}
    for name, code in raw.items():
        if not isinstance(name, str) or not isinstance(code, str):
            raise doc.fail("schema", f"{key}: mỗi dòng là 'tên địa bàn: MÃ-ĐƠN-VỊ'", raw, str(name))
        if code not in units:
            raise doc.fail(
                "unknown_unit", f"mã đơn vị không có trong danh mục: '{code}'", raw, name
            )
        if fold(name) in folded:
            raise doc.fail(
                "duplicate", f"địa bàn '{name}' trùng với '{folded[fold(name)]}'", raw, name
            )
        folded[fold(name)] = name
        names[name] = code
    return names


def _parse_area_maps(
    maps_raw: list[tuple[DataFile, LineDict]], units: Mapping[str, Unit]
) -> tuple[AreaMap, ...]:
    """Parse every area map; ids and effective dates must be unique."""
    maps: list[AreaMap] = []
    for doc, node in maps_raw:
        doc.keys(node, ("id", "name", "effective_from", "districts", "communes"), "area_map")
        map_id, name = doc.text(node, "id"), doc.text(node, "name")
        assert map_id is not None and name is not None
        start = node.get("effective_from")
        if not isinstance(start, date):
            raise doc.fail(
                "schema",
                "effective_from phải là ngày dạng YYYY-MM-DD",
                node,
                "effective_from" if "effective_from" in node else None,
            )
        for other in maps:
            if other.id == map_id or other.effective_from == start:
                raise doc.fail(
                    "duplicate", f"bản đồ trùng mã hoặc ngày hiệu lực với '{other.id}'", node, "id"
                )
        districts = _place_names(doc, node, "districts", units)
        communes = _place_names(doc, node, "communes", units)
        if not districts and not communes:
            raise doc.fail("schema", "bản đồ phải có 'districts' hoặc 'communes'", node)
        maps.append(
            AreaMap(
                id=map_id, name=name, effective_from=start, districts=districts, communes=communes
            )
        )
    return tuple(sorted(maps, key=lambda m: m.effective_from))


def _parse_calendar(doc: DataFile, data: LineDict) -> WorkCalendar:
    """Working-day calendar: package holidays plus the file's extra days off and make-up days."""
    node = doc.mapping(data["calendar"], "calendar", data, "calendar")
    doc.keys(
        node, ("country", "extra_holidays", "extra_working_days", "end_on_working_day"), "calendar"
    )
    country = doc.text(node, "country", required=False) or "VN"
    end_on_working_day = node.get("end_on_working_day", True)
    if not isinstance(end_on_working_day, bool):
        raise doc.fail(
            "schema", "end_on_working_day phải là true hoặc false", node, "end_on_working_day"
        )
    return WorkCalendar(
        country=country,
        extra_holidays=_dated(doc, node, "extra_holidays"),
        extra_working_days=frozenset(_dated(doc, node, "extra_working_days")),
        end_on_working_day=end_on_working_day,
    )


def _dated(doc: DataFile, node: LineDict, key: str) -> dict[date, str]:
    """A list of {date, name} entries as a date → name mapping."""
    out: dict[date, str] = {}
    for item in doc.items(node.get(key) or [], key, node, key):
        item = doc.mapping(item, f"mỗi dòng của {key}", node, key)
        doc.keys(item, ("date", "name"), key)
        day = item.get("date")
        if not isinstance(day, date):
            raise doc.fail("schema", "date phải là ngày dạng YYYY-MM-DD", item)
        if day in out:
            raise doc.fail("duplicate", f"ngày {day.isoformat()} bị trùng", item)
        out[day] = doc.text(item, "name") or ""
    return out
