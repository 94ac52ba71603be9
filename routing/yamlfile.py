"""Read a YAML data file keeping the line of every mapping and list, for clear errors.

PyYAML's safe loader is extended in two ways: mappings and sequences remember the line they
start on (``LineDict.line``, ``LineList.line``, 1-based), and a key written twice in one
mapping is an error instead of silently keeping the last value. ``DataFile`` wraps one file
being parsed and turns every schema problem into a ``RuleError`` with its path and line.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import yaml

from routing.errors import RuleError


class LineDict(dict):  # type: ignore[type-arg]
    """A YAML mapping that knows its 1-based line (and each key's line in ``key_lines``)."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):  # type: ignore[type-arg]
    """A YAML sequence that knows its 1-based line."""

    line: int = 0


class _Loader(yaml.SafeLoader):
    """Safe loader producing LineDict / LineList; set ``path`` before use."""

    path: Path = Path("?")


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    """Build a LineDict, refusing duplicate keys."""
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            raise RuleError("duplicate", f"khóa '{key}' được khai báo hai lần", loader.path, line)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    """Build a LineList."""
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; raise RuleError(reason="syntax") with the line on bad YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError("syntax", f"không đọc được tệp ({exc})", path, None) from exc
    loader = _Loader(text)
    loader.path = path
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RuleError("syntax", f"lỗi cú pháp YAML: {exc.problem}", path, line) from exc
    except yaml.YAMLError as exc:
        raise RuleError("syntax", f"lỗi cú pháp YAML: {exc}", path, None) from exc
    finally:
        loader.dispose()


def line_of(node: Any, key: str | None = None) -> int | None:
    """The line of a mapping's key (or of the node itself) when known."""
    if key is not None and isinstance(node, LineDict):
        return node.key_lines.get(key, node.line)
    return getattr(node, "line", None) or None


PLACEHOLDERS = {
    "primary": {"unit", "unit_name", "district"},
    "coordinators": {"units", "unit_names"},
    "priority": {"priority"},
    "actions": {"action"},
    "notes": set(),
    "deadlines": {"count", "days_vi", "start", "due", "basis"},
}


class DataFile:
    """One YAML file being parsed: raises RuleError with this path and a line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, reason: str, detail: str, node: Any = None, key: str | None = None) -> RuleError:
        """Build the error for ``node`` (or its ``key``)."""
        return RuleError(reason, detail, self.path, line_of(node, key))

    def mapping(self, node: Any, what: str, parent: Any = None, key: str | None = None) -> LineDict:
        """``node`` if it is a mapping, else a schema error."""
        if not isinstance(node, dict):
            raise self.fail("schema", f"{what} phải là một bảng khóa: giá trị", parent, key)
        return node  # type: ignore[return-value]

    def items(self, node: Any, what: str, parent: Any = None, key: str | None = None) -> list[Any]:
        """``node`` if it is a list, else a schema error."""
        if not isinstance(node, list):
            raise self.fail("schema", f"{what} phải là một danh sách", parent, key)
        return node

    def text(self, node: LineDict, key: str, *, required: bool = True) -> str | None:
        """A non-empty string value of ``node[key]``."""
        if key not in node:
            if required:
                raise self.fail("schema", f"thiếu khóa bắt buộc '{key}'", node)
            return None
        value = node[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail("schema", f"'{key}' phải là một chuỗi không rỗng", node, key)
        return value.strip()

    def keys(self, node: LineDict, allowed: tuple[str, ...], what: str) -> None:
        """Refuse keys a section does not know (a typo would otherwise be ignored)."""
        for key in node:
            if key not in allowed:
                raise self.fail(
                    "schema",
                    f"{what}: khóa không hợp lệ '{key}' (được dùng: {', '.join(allowed)})",
                    node,
                    str(key),
                )

    def message(
        self, node: LineDict, key: str, section: str, *, required: bool = True
    ) -> str | None:
        """A message template whose placeholders are those the section provides."""
        template = self.text(node, key, required=required)
        if template is None:
            return None
        allowed = PLACEHOLDERS[section]
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        except ValueError as exc:
            raise self.fail("schema", f"'{key}' có dấu ngoặc {{ }} sai: {exc}", node, key) from exc
        unknown = names - allowed
        if unknown:
            raise self.fail(
                "schema",
                f"'{key}' dùng biến không có: {', '.join(sorted(unknown))} "
                f"(được dùng: {', '.join(sorted(allowed))})",
                node,
                key,
            )
        return template
