"""Server mode: the same ingest and search against a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.errors import StoreError
from assistant.retrieval.hybrid import CorpusSearcher
from assistant.settings import Settings, StoreSettings
from assistant.store.backend import embedding_backend
from assistant.store.client import open_client
from tests.store.test_ingest import corpus, run  # noqa: F401  (fixture re-used)

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def chroma_executable() -> str:
    candidate = Path(sys.executable).with_name("chroma")
    found = str(candidate) if candidate.exists() else shutil.which("chroma")
    if not found:
        pytest.skip("the `chroma` server command is not installed")
    return found


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [
            chroma_executable(),
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"chroma server did not start: {(tmp_path / 'chroma.log').read_text()}"
                    )
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.mark.slow
def test_ingest_and_search_through_a_chroma_server(
    tmp_path: Path,
    chroma_server: int,
    corpus: tuple[Path, Path],  # noqa: F811
) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", store=StoreSettings(mode="server", port=chroma_server)
    )
    first = run(settings, corpus)
    assert first.added == 15
    assert run(settings, corpus).added == 0
    searcher = CorpusSearcher(settings, *embedding_backend(settings))
    hits = searcher.search("zolpidem for insomnia", k=1)
    assert hits[0].meta.topic_id == "cpmtg-sleep-aids"
    assert not (settings.data_dir / "chroma").exists()


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", store=StoreSettings(mode="server", port=free_port())
    )
    with pytest.raises(StoreError, match="cannot reach the Chroma server"):
        open_client(settings)
