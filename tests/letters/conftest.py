"""Shared fixtures for the letter tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.paths import SEEDS


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The real reference letters, kept beside the repository (../shared/seeds)."""
    if not SEEDS.is_dir():
        pytest.skip(f"reference letters not found at {SEEDS} (they live beside the repository)")
    return SEEDS
