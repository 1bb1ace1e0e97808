"""Hypothesis profiles and shared fixtures for the letter tests.

With the CI environment variable set, property tests run the "ci" profile (2,000 examples,
derandomized, no deadline); otherwise Hypothesis's default profile (100 examples) applies.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from tests.letters.paths import SEEDS

settings.register_profile("ci", settings.get_profile("ci"), max_examples=2000)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The real reference letters, kept beside the repository (../shared/seeds)."""
    if not SEEDS.is_dir():
        pytest.skip(f"reference letters not found at {SEEDS} (they live beside the repository)")
    return SEEDS
