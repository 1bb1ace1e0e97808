"""The synthetic case files, written once per test session into a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.intake.synthetic import write_bundles


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, dict[str, Any]]]:
    """Each synthetic case file with what intake should find in it."""
    return write_bundles(tmp_path_factory.mktemp("bundles"))
