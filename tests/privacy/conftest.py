"""A small corpus ingested once per module: three guideline topics and two past determinations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import network_guard
from tests.paths import CORPUS

GUIDELINES = ("cpmtg-cyclobenzaprine.md", "cpmtg-muscle-relaxants.md", "acoem-ch12-lumbar-mri.md")


def copy_small_corpus(target: Path) -> Path:
    (target / "guidelines").mkdir(parents=True)
    (target / "determinations").mkdir()
    for name in GUIDELINES:
        shutil.copy(CORPUS / "guidelines" / name, target / "guidelines" / name)
    for letter in sorted((CORPUS / "determinations").glob("*.txt"))[:2]:
        shutil.copy(letter, target / "determinations" / letter.name)
    return target


def ingest(data_dir: Path, corpus: Path) -> None:
    from assistant.cli.main import app

    with network_guard():
        result = CliRunner().invoke(
            app,
            ["ingest", "--json"],
            env={"IMR_DATA_DIR": str(data_dir), "IMR_CORPUS_DIR": str(corpus)},
        )
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_small_corpus(tmp_path_factory.mktemp("corpus") / "corpus")


@pytest.fixture(scope="module")
def small_data_dir(tmp_path_factory: pytest.TempPathFactory, small_corpus: Path) -> Path:
    data_dir = tmp_path_factory.mktemp("small") / "data"
    ingest(data_dir, small_corpus)
    return data_dir
