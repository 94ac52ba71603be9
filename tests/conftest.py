"""Shared fixtures. Per-package fixtures live in tests/<package>/conftest.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def running_in_ci() -> bool:
    """CI sets CI=true: there, tests that need a real service must run, never skip."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The repository's samples/ folder (labelled corpus and sample scans)."""
    return ROOT / "samples"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return ROOT
