"""Errors of the routing package.

    RoutingError                 base: a stable ``code`` for machines, a Vietnamese ``message``
    ├── RuleError                a rules or units file is invalid (names the file and line)
    └── LabelError               the labels handed to ``route()`` break LABELS.md

The service refuses to start on a ``RuleError``; the CLI reports a ``LabelError`` for one
record and goes on with the next.
"""

from __future__ import annotations

from pathlib import Path


class RoutingError(Exception):
    """Base of every routing error: ``code`` (stable, English) and ``message`` (Vietnamese)."""

    code = "routing_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RuleError(RoutingError):
    """A data file under ``routing/data`` is invalid; ``path`` and ``line`` say where.

    ``reason`` is one of: ``syntax``, ``schema``, ``unknown_unit``, ``unknown_value``,
    ``duplicate``, ``never_fires``.
    """

    code = "rules_invalid"

    def __init__(self, reason: str, detail: str, path: Path | str, line: int | None) -> None:
        self.reason = reason
        self.detail = detail
        self.path = Path(path)
        self.line = line
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"Tệp quy tắc không hợp lệ ({where}): {detail}")


class LabelError(RoutingError):
    """The labels (or received_at / channel) given to ``route()`` are not valid."""

    code = "labels_invalid"
