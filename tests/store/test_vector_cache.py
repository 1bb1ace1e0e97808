"""The embedding cache: vectors by (model, text hash) in one private SQLite file that several
processes share, and that is bypassed with one warning when it cannot be used."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.store.vector_cache import EmbeddingCache
from tests.paths import REPO

MODEL = "some-model:abc"
WRITERS = 3
PER_WRITER = 120


def unit(seed: int, dimension: int = 4) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=dimension).astype(np.float32)
    return vector / np.linalg.norm(vector)


def test_a_vector_comes_back_for_the_same_model_text_and_width_only(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite3")
    cache.put(MODEL, {"h1": unit(1), "h2": unit(2)})

    found = EmbeddingCache(tmp_path / "cache.sqlite3").get(MODEL, ["h1", "h2", "h3"], 4)

    assert sorted(found) == ["h1", "h2"]
    assert np.array_equal(found["h1"], unit(1))
    assert cache.get("another-model", ["h1"], 4) == {}
    assert cache.get(MODEL, ["h1"], 8) == {}


def test_the_cache_file_is_private_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        cache = EmbeddingCache(tmp_path / "data" / "cache.sqlite3")
        cache.put(MODEL, {"h1": unit(1)})
    finally:
        os.umask(previous)

    assert (tmp_path / "data" / "cache.sqlite3").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700


def test_a_damaged_cache_is_bypassed_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"this is not a database" * 200)

    with caplog.at_level(logging.WARNING):
        cache = EmbeddingCache(path)
        cache.put(MODEL, {"h1": unit(1)})
        found = cache.get(MODEL, ["h1"], 4)

    assert found == {}
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 1
    assert str(path) in warnings[0] and "Delete the file" in warnings[0]


WRITER = """
import sys
import numpy as np
from pathlib import Path
from assistant.store.vector_cache import EmbeddingCache

path, writer, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
for index in range(count):
    cache = EmbeddingCache(path)
    cache.put("{model}", {{f"w{{writer}}-{{index}}": np.full(4, writer + index, np.float32)}})
    assert cache.get("{model}", [f"w{{writer}}-{{index}}"], 4)
"""


def test_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    script = WRITER.format(model=MODEL)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(path), str(writer), str(PER_WRITER)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for writer in range(WRITERS)
    ]
    for process in writers:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err

    wanted = [f"w{writer}-{index}" for writer in range(WRITERS) for index in range(PER_WRITER)]
    found = EmbeddingCache(path).get(MODEL, wanted, 4)
    assert len(found) == WRITERS * PER_WRITER
    assert all(
        float(found[f"w{writer}-{index}"][0]) == writer + index
        for writer in range(WRITERS)
        for index in range(PER_WRITER)
    )
