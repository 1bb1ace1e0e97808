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


PUBLIC_LETTERS = SEEDS.parent / "public_letters" / "letters"


@pytest.fixture(scope="session")
def public_letters_dir() -> Path:
    """The public 2016-17 letters, kept beside the repository (../shared/public_letters)."""
    if not PUBLIC_LETTERS.is_dir():
        pytest.skip(
            f"public letters not found at {PUBLIC_LETTERS} (they live beside the repository)"
        )
    return PUBLIC_LETTERS
