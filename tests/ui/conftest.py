"""An app data dir per module (a copy of the ingested store) with an empty review store per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.review.store import FILENAME, ReviewStore
from tests.paths import CORPUS

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "app.py"
EXAMPLE = REPO / "examples" / "cases" / "SYN-CASE-0001.json"


@pytest.fixture(scope="module")
def app_data_dir(ingested_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("app") / "data"
    shutil.copytree(ingested_data_dir, target)
    return target


@pytest.fixture
def app_env(app_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ReviewStore]:
    """IMR_* variables for the app, and its review store, emptied before the test."""
    for path in app_data_dir.glob(FILENAME + "*"):
        path.unlink()
    monkeypatch.setenv("IMR_DATA_DIR", str(app_data_dir))
    monkeypatch.setenv("IMR_CORPUS_DIR", str(CORPUS))
    for name in ("IMR_LLM__API_KEY", "IMR_LLM__BASE_URL", "IMR_LLM__BACKEND"):
        monkeypatch.delenv(name, raising=False)
    yield ReviewStore(app_data_dir / FILENAME)


@pytest.fixture
def e2e_data_dir(ingested_data_dir: Path, tmp_path: Path) -> Path:
    """A copy of the ingested store with no review store, for one browser test's server."""
    target = tmp_path / "data"
    shutil.copytree(ingested_data_dir, target, ignore=shutil.ignore_patterns(FILENAME + "*"))
    return target


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium for the module; each test opens its own pages or context."""
    from tests.ui.browser import launch_chromium

    with launch_chromium() as chromium:
        yield chromium
