"""Parse the rule sections of the data files: primary, coordinators, priority, actions,
notes and deadlines.

Each parser takes the file (for errors), the mapping holding the section, the unit directory
and the rule ids seen so far, and returns frozen rule objects. ``primary``, ``priority`` and
each deadline are first-match lists: a rule an earlier one always catches is an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from routing.conditions import Condition, parse_condition
from routing.directory import Unit
from routing.errors import RuleError
from routing.rules import (
    ActionRule,
    CoordinatorRule,
    DeadlineRule,
    PrimaryRule,
    PriorityRule,
    Rule,
)
from routing.vocabulary import DEADLINE_NAMES, PRIORITIES
from routing.yamlfile import DataFile, LineDict, line_of

ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*$")
DISTRICT_TARGET = "district"


def _rule_base(
    doc: DataFile,
    node: Any,
    parent: Any,
    section: str,
    allowed: tuple[str, ...],
    seen_ids: dict[str, str],
) -> tuple[LineDict, str, Condition]:
    """Common part of every rule: keys, a unique id and a parsed condition."""
    node = doc.mapping(node, "mỗi quy tắc", parent)
    doc.keys(node, ("rule", "when", "message", *allowed), f"quy tắc trong '{section}'")
    rule_id = doc.text(node, "rule")
    assert rule_id is not None
    if rule_id in seen_ids:
        raise doc.fail(
            "duplicate", f"mã quy tắc '{rule_id}' đã dùng ({seen_ids[rule_id]})", node, "rule"
        )
    seen_ids[rule_id] = f"{doc.path.name}:{line_of(node)}"
    if "when" not in node:
        raise doc.fail("schema", "thiếu 'when' (dùng when: {} cho quy tắc luôn áp dụng)", node)
    raw = doc.mapping(
        node["when"] if node["when"] is not None else LineDict(), "when", node, "when"
    )
    condition, bad_key, error = parse_condition(raw)
    if condition is None:
        raise doc.fail("unknown_value", error or "", raw, bad_key)
    why_not = condition.contradiction()
    if why_not:
        raise doc.fail(
            "never_fires", f"quy tắc '{rule_id}' không bao giờ khớp: {why_not}", node, "when"
        )
    return node, rule_id, condition


def _check_reachable(doc: DataFile, rules: list[Rule], section: str, *, catch_all: bool) -> None:
    """No rule of a first-match list may be shadowed by an earlier one."""
    for index, rule in enumerate(rules):
        for earlier in rules[:index]:
            if rule.when.implies(earlier.when):
                raise RuleError(
                    "never_fires",
                    f"quy tắc '{rule.id}' không bao giờ khớp: quy tắc '{earlier.id}' "
                    f"(dòng {earlier.line}) luôn khớp trước",
                    doc.path,
                    rule.line,
                )
    if catch_all and not any(rule.when == Condition() for rule in rules):
        line = rules[-1].line if rules else None
        raise RuleError(
            "schema", f"mục '{section}' cần một quy tắc cuối với when: {{}}", doc.path, line
        )


def _unit_code(doc: DataFile, node: LineDict, key: str, units: Mapping[str, Unit]) -> str:
    """A unit code that exists in the directory."""
    code = doc.text(node, key)
    assert code is not None
    if code not in units:
        raise doc.fail("unknown_unit", f"mã đơn vị không có trong danh mục: '{code}'", node, key)
    return code


def parse_primary(
    doc: DataFile, data: LineDict, section: str, units: Mapping[str, Unit], seen_ids: dict[str, str]
) -> tuple[PrimaryRule, ...]:
    """Primary-unit rules (first match)."""
    rules: list[PrimaryRule] = []
    for raw in doc.items(data[section], section, data, section):
        node, rule_id, when = _rule_base(
            doc, raw, data, section, ("unit", "otherwise", "message_otherwise"), seen_ids
        )
        unit = doc.text(node, "unit")
        otherwise = message_otherwise = None
        if unit == DISTRICT_TARGET:
            otherwise = _unit_code(doc, node, "otherwise", units)
            message_otherwise = doc.message(node, "message_otherwise", section, required=False)
        else:
            unit = _unit_code(doc, node, "unit", units)
            if "otherwise" in node:
                raise doc.fail(
                    "schema", "'otherwise' chỉ dùng khi unit: district", node, "otherwise"
                )
        assert unit is not None
        rules.append(
            PrimaryRule(
                id=rule_id,
                when=when,
                message=doc.message(node, "message", section) or "",
                path=doc.path,
                line=node.line,
                unit=unit,
                otherwise=otherwise,
                message_otherwise=message_otherwise,
            )
        )
    _check_reachable(doc, list(rules), section, catch_all=True)
    return tuple(rules)


def parse_coordinators(
    doc: DataFile, data: LineDict, section: str, units: Mapping[str, Unit], seen_ids: dict[str, str]
) -> tuple[CoordinatorRule, ...]:
    """Coordinating-unit rules (all match)."""
    rules = []
    for raw in doc.items(data[section], section, data, section):
        node, rule_id, when = _rule_base(doc, raw, data, section, ("add",), seen_ids)
        add = doc.items(node.get("add"), "'add'", node, "add")
        for code in add:
            if not isinstance(code, str) or code not in units:
                raise doc.fail(
                    "unknown_unit", f"mã đơn vị không có trong danh mục: '{code}'", node, "add"
                )
        if not add:
            raise doc.fail("schema", "'add' phải có ít nhất một mã đơn vị", node, "add")
        rules.append(
            CoordinatorRule(
                id=rule_id,
                when=when,
                message=doc.message(node, "message", section) or "",
                path=doc.path,
                line=node.line,
                add=tuple(add),
            )
        )
    return tuple(rules)


def parse_priority(
    doc: DataFile, data: LineDict, section: str, units: Mapping[str, Unit], seen_ids: dict[str, str]
) -> tuple[PriorityRule, ...]:
    """Priority rules (first match, catch-all required)."""
    rules = []
    for raw in doc.items(data[section], section, data, section):
        node, rule_id, when = _rule_base(doc, raw, data, section, ("priority",), seen_ids)
        priority = doc.text(node, "priority")
        if priority not in PRIORITIES:
            raise doc.fail(
                "unknown_value", f"priority phải là {', '.join(PRIORITIES)}", node, "priority"
            )
        rules.append(
            PriorityRule(
                id=rule_id,
                when=when,
                message=doc.message(node, "message", section) or "",
                path=doc.path,
                line=node.line,
                priority=priority,
            )
        )
    _check_reachable(doc, list(rules), section, catch_all=True)
    return tuple(rules)


def parse_actions(
    doc: DataFile, data: LineDict, section: str, units: Mapping[str, Unit], seen_ids: dict[str, str]
) -> tuple[ActionRule, ...]:
    """Action rules (all match)."""
    rules = []
    for raw in doc.items(data[section], section, data, section):
        node, rule_id, when = _rule_base(doc, raw, data, section, ("action",), seen_ids)
        action = doc.text(node, "action")
        if action is None or not ACTION_RE.match(action):
            raise doc.fail(
                "schema", "action là một mã chữ thường, ví dụ dialogue_required", node, "action"
            )
        rules.append(
            ActionRule(
                id=rule_id,
                when=when,
                message=doc.message(node, "message", section) or "",
                path=doc.path,
                line=node.line,
                action=action,
            )
        )
    return tuple(rules)


def parse_notes(
    doc: DataFile, data: LineDict, section: str, units: Mapping[str, Unit], seen_ids: dict[str, str]
) -> tuple[Rule, ...]:
    """Reminders for the reviewer (all match): only a condition and a message."""
    rules = []
    for raw in doc.items(data[section], section, data, section):
        node, rule_id, when = _rule_base(doc, raw, data, section, (), seen_ids)
        rules.append(
            Rule(
                id=rule_id,
                when=when,
                message=doc.message(node, "message", section) or "",
                path=doc.path,
                line=node.line,
            )
        )
    return tuple(rules)


def parse_deadlines(
    doc: DataFile, data: LineDict, section: str, units: Mapping[str, Unit], seen_ids: dict[str, str]
) -> dict[str, tuple[DeadlineRule, ...]]:
    """Deadline rules: one first-match list per deadline name."""
    table = doc.mapping(data[section], section, data, section)
    doc.keys(table, DEADLINE_NAMES, section)
    out: dict[str, tuple[DeadlineRule, ...]] = {}
    for name in DEADLINE_NAMES:
        rules: list[DeadlineRule] = []
        for raw in doc.items(table.get(name, []), name, table, name):
            node, rule_id, when = _rule_base(
                doc, raw, table, section, ("count", "days", "from", "basis"), seen_ids
            )
            count = node.get("count")
            if not isinstance(count, int) or isinstance(count, bool) or not 0 < count <= 366:
                raise doc.fail(
                    "schema",
                    "count phải là số ngày nguyên dương",
                    node,
                    "count" if "count" in node else None,
                )
            days, start = node.get("days"), node.get("from")
            if days not in ("working", "calendar"):
                raise doc.fail(
                    "schema",
                    "days phải là working hoặc calendar",
                    node,
                    "days" if "days" in node else None,
                )
            if start not in ("received", "acceptance"):
                raise doc.fail(
                    "schema",
                    "from phải là received hoặc acceptance",
                    node,
                    "from" if "from" in node else None,
                )
            rules.append(
                DeadlineRule(
                    id=rule_id,
                    when=when,
                    message=doc.message(node, "message", "deadlines") or "",
                    path=doc.path,
                    line=node.line,
                    name=name,
                    count=count,
                    days=days,
                    start=start,
                    basis=doc.text(node, "basis") or "",
                )
            )
        _check_reachable(doc, list(rules), name, catch_all=False)
        out[name] = tuple(rules)
    return out
