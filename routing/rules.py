"""Rule objects and how one ordered list of them is evaluated.

``first_match`` lists (primary, priority, each deadline) use the first rule whose condition
holds; ``all_match`` lists (coordinators, actions) use every rule that holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from routing.conditions import Condition, Facts


@dataclass(frozen=True)
class Rule:
    """What every rule has: an id, a condition, a message template and where it was written."""

    id: str
    when: Condition
    message: str
    path: Path
    line: int


@dataclass(frozen=True)
class PrimaryRule(Rule):
    """Chooses the primary unit: a code, or "district" with a fallback code."""

    unit: str
    otherwise: str | None
    message_otherwise: str | None


@dataclass(frozen=True)
class CoordinatorRule(Rule):
    """Adds coordinating units."""

    add: tuple[str, ...]


@dataclass(frozen=True)
class PriorityRule(Rule):
    """Sets the priority (P1–P3)."""

    priority: str


@dataclass(frozen=True)
class ActionRule(Rule):
    """Adds an action the plan requires."""

    action: str


@dataclass(frozen=True)
class DeadlineRule(Rule):
    """One time limit: ``count`` working or calendar days from receipt or acceptance."""

    name: str
    count: int
    days: str
    start: str
    basis: str


R = TypeVar("R", bound=Rule)


def first_match(rules: Sequence[R], facts: Facts) -> R | None:
    """The first rule whose condition holds, or None."""
    return next((rule for rule in rules if rule.when.matches(facts)), None)


def all_match(rules: Sequence[R], facts: Facts) -> list[R]:
    """Every rule whose condition holds, in file order."""
    return [rule for rule in rules if rule.when.matches(facts)]
