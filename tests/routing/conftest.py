"""Fixtures for routing tests: the default rule set, an editable copy of the data, labels."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from routing import DATA_DIR, RuleSet, load_ruleset, route

# A Wednesday with no holiday nearby, so deadlines below are easy to check by hand.
PLAIN_DAY = date(2026, 3, 11)


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    """The shipped rules (routing/data), loaded once."""
    return load_ruleset()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of routing/data that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def make_labels(
    kind: str = "kien_nghi",
    domains: tuple[str, ...] = (),
    flags: tuple[str, ...] = (),
    district: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A LABELS.md record; signers follows the mass_complaint rule."""
    return {
        "kind": kind,
        "domains": list(domains),
        "flags": list(flags),
        "district": district,
        "signers": 40 if "mass_complaint" in domains else 1,
        **extra,
    }


@pytest.fixture(name="make_labels")
def make_labels_fixture() -> Callable[..., dict[str, Any]]:
    """The make_labels helper, for tests that route with their own rule set."""
    return make_labels


@pytest.fixture
def decide(ruleset: RuleSet) -> Callable[..., dict[str, Any]]:
    """Route labels built by make_labels with the shipped rules, received on PLAIN_DAY."""

    def _decide(
        *,
        received_at: date = PLAIN_DAY,
        channel: str | None = "mail",
        text: str | None = None,
        **labels: Any,
    ) -> dict[str, Any]:
        return route(
            make_labels(**labels),
            received_at=received_at,
            channel=channel,
            text=text,
            ruleset=ruleset,
        )

    return _decide


def write(path: Path, text: str) -> Path:
    """Write a YAML file (UTF-8) and return its path."""
    path.write_text(text, encoding="utf-8")
    return path
