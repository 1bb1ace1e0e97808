"""One offline eval of the seed letters per session, shared by the tests that read its output."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import built_once
from tests.paths import CORPUS, SEEDS


def eval_env(data_dir: Path) -> dict[str, str]:
    return {
        "IMR_DATA_DIR": str(data_dir),
        "IMR_CORPUS_DIR": str(CORPUS),
        "IMR_LLM__BACKEND": "offline",
    }


@pytest.fixture(scope="session")
def seed_letters() -> list[Path]:
    letters = sorted(SEEDS.glob("*.txt"))
    assert letters, f"no seed letters under {SEEDS}"
    return letters


@pytest.fixture(scope="session")
def seeds_run(
    ingested_data_dir: Path, seed_letters: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The output folder of `imr eval SEEDS/*.txt --predict-decision` with the offline model,
    run once per test run (shared by the xdist workers)."""
    from assistant.cli.main import app

    def run(folder: Path) -> None:
        result = CliRunner().invoke(
            app,
            ["eval", *map(str, seed_letters), "--out", str(folder / "run"), "--predict-decision"],
            env=eval_env(ingested_data_dir),
        )
        assert result.exit_code == 0, result.output

    return built_once(tmp_path_factory, "eval", run) / "run"
