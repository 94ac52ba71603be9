"""Fixtures for classifier tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def trained_model():
    """The newest trained model (make test trains one first); a missing one is an error."""
    from classifier import load_model

    return load_model(fallback=False)
