"""SIGKILL `imr ingest` at several points (before the store is touched, mid-embedding, near the
writes), each time with an empty embedding cache; the next `imr ingest` succeeds and leaves the
store a clean ingest would: the same counts, a complete manifest, a passing self-check and working
retrieval. When the kill left the manifest "in progress" it says it rebuilds; when the killed run
had already finished its store, there is nothing to rebuild. The kills and what each left go to
test-artifacts/ingest-crash.json."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.retrieval.hybrid import CorpusSearcher
from assistant.settings import Settings
from assistant.store.backend import embedding_backend
from assistant.store.client import close_client
from assistant.store.health import check_vector_store
from assistant.store.manifest import read_manifest
from assistant.store.vector_cache import cache_path
from tests.paths import CORPUS, REPO

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
ARTIFACTS = REPO / "test-artifacts"
GUIDELINES = 10
LETTERS = 3


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "guidelines").mkdir(parents=True)
    (root / "determinations").mkdir()
    for path in sorted((CORPUS / "guidelines").glob("*.md"))[:GUIDELINES]:
        shutil.copy(path, root / "guidelines" / path.name)
    for path in sorted((CORPUS / "determinations").glob("*.txt"))[:LETTERS]:
        shutil.copy(path, root / "determinations" / path.name)
    return root


def start_ingest(data_dir: Path, corpus: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "IMR_DATA_DIR": str(data_dir), "IMR_CORPUS_DIR": str(corpus)}
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", "--json", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[dict[str, object], str]:
    out, err = process.communicate(timeout=240)
    assert process.returncode == 0, err
    return json.loads(out), err


def in_progress_after(settings: Settings, began: float, limit: float = 120) -> float:
    """Seconds from `began` until the running ingest marks the manifest in progress."""
    while time.monotonic() - began < limit:
        manifest = read_manifest(settings)
        if manifest is not None and manifest.state == "in progress":
            return time.monotonic() - began
        time.sleep(0.05)
    raise AssertionError("the ingest never marked its manifest in progress")


def forget_cached_vectors(settings: Settings) -> None:
    for suffix in ("", "-wal", "-shm"):
        cache_path(settings).with_name(cache_path(settings).name + suffix).unlink(missing_ok=True)


def store_state(settings: Settings) -> dict[str, int]:
    health = check_vector_store(settings)
    close_client(settings)
    assert health.healthy, health.summary()
    manifest = read_manifest(settings)
    assert manifest is not None and manifest.state == "complete"
    return manifest.counts


def test_a_killed_ingest_is_rebuilt_by_the_next(small_corpus: Path, tmp_path: Path) -> None:
    clean = Settings(data_dir=tmp_path / "clean", corpus_dir=small_corpus)
    began = time.monotonic()
    process = start_ingest(clean.data_dir, small_corpus)
    touched = in_progress_after(clean, began)
    finish(process)
    total = time.monotonic() - began
    expected = store_state(clean)
    assert sum(expected.values()) > 20

    settings = Settings(data_dir=tmp_path / "data", corpus_dir=small_corpus)
    finish(start_ingest(settings.data_dir, small_corpus))
    window = total - touched
    # (label, wait for the manifest to say "in progress" first?, then sleep this long): the later
    # kills are timed from the moment the run marks its manifest, so a slow start under load
    # does not move them
    kills = [
        ("while loading", False, 0.3),
        ("just after the store is touched", True, 0.0),
        ("early embedding", True, 0.1 * window),
        ("mid-embedding", True, 0.3 * window),
        ("late embedding", True, 0.6 * window),
        ("near the writes", True, 0.9 * window),
    ]
    survived: dict[str, str] = {}
    for label, after_touch, delay in kills:
        forget_cached_vectors(settings)  # each killed run embeds like the clean one it is timed by
        began = time.monotonic()
        process = start_ingest(settings.data_dir, small_corpus, "--reset")
        if after_touch:
            in_progress_after(settings, began)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if process.returncode != -signal.SIGKILL:
            continue
        left = read_manifest(settings)
        interrupted = left is not None and left.state == "in progress"
        report, err = finish(start_ingest(settings.data_dir, small_corpus))
        rebuilding = "was incomplete (interrupted ingest); rebuilding" in err
        assert rebuilding is interrupted, label
        assert bool(report["rebuilt"]) is interrupted, label
        assert store_state(settings) == expected, label
        survived[label] = "in progress" if interrupted else "complete"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "ingest-crash.json").write_text(json.dumps(survived, indent=2) + "\n")
    assert len(survived) >= 4, survived
    assert list(survived.values()).count("in progress") >= 3, survived

    searcher = CorpusSearcher(settings, *embedding_backend(settings))
    assert searcher.search("carpal tunnel release", k=3)
    close_client(settings)
