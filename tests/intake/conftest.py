"""The synthetic case files, written once per run into a temporary folder, and what intake
should find in each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.data.intake.cases import SPECS
from tests.data.intake.generate import EXPECTED, write_all


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each synthetic case file's PDF by case id."""
    paths = write_all(tmp_path_factory.mktemp("intake-bundles"))
    return {spec.case_id: path for spec, path in zip(SPECS, paths, strict=True)}


@pytest.fixture(scope="session")
def expected() -> dict[str, dict[str, Any]]:
    """What intake should find in each case file, by case id."""
    return {
        spec.case_id: json.loads((EXPECTED / f"{spec.case_id}.json").read_text(encoding="utf-8"))
        for spec in SPECS
    }
