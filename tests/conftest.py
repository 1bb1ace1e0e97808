"""Shared fixtures: settings on a temporary data dir, the ingested bundled corpus (built once per
run, also when pytest-xdist spreads the tests over several workers), a guard that fails any test
whose code opens a socket to anything but loopback, and the Hypothesis profiles (with the CI
variable set, every property test runs 500 examples; `--hypothesis-profile fuzz` runs 20,000 for
a longer fuzzing session)."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from assistant.settings import Settings
from tests.paths import CORPUS

settings.register_profile(
    "ci",
    max_examples=500,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=20_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None)
"""Outside CI too, no per-example deadline: on a loaded 2-core machine an example's time says
nothing about the code, and a deadline only makes the suite flaky."""
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def is_loopback(address: Any) -> bool:
    if isinstance(address, str | bytes):
        return True  # a Unix domain socket path
    if not isinstance(address, tuple) or not address:
        return False
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
def network_guard() -> Iterator[list[Any]]:
    """Refuse, record and finally fail on every non-loopback connection made inside the block."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(real: Any) -> Any:
        def connect(self: socket.socket, address: Any) -> Any:
            if not is_loopback(address):
                attempts.append(address)
                raise OSError(f"test guard: connection to {address!r} refused")
            return real(self, address)

        return connect

    socket.socket.connect = guarded(real_connect)  # type: ignore[method-assign]
    socket.socket.connect_ex = guarded(real_connect_ex)  # type: ignore[method-assign]
    try:
        yield attempts
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]
    assert not attempts, f"non-loopback connections attempted: {attempts}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs the whole ingested corpus is slow: `-m "not slow"` never ingests it."""
    for item in items:
        if "ingested_data_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def no_network() -> Iterator[list[Any]]:
    with network_guard() as attempts:
        yield attempts


@pytest.fixture(name="settings")
def settings_fixture(tmp_path: Path) -> Settings:
    """Settings writing under a fresh temporary data dir, reading the bundled corpus."""
    return Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS)


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """A folder that `build` fills once per test run and that tests only read.

    Run by pytest-xdist, the first worker to ask builds it, under a file lock, in the temporary
    folder every worker of the run shares; the other workers wait for the lock and reuse it.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        folder = tmp_path_factory.mktemp(name)
        build(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent / name
    shared.mkdir(exist_ok=True)
    folder, done = shared / "built", shared / "done"
    with FileLock(str(shared / "lock")):
        if not done.exists():
            if folder.exists():
                shutil.rmtree(folder)  # left by a worker whose build failed
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


def ingest_bundled_corpus(folder: Path) -> None:
    from assistant.cli.main import app

    with network_guard():
        result = CliRunner().invoke(
            app,
            ["ingest", "--json"],
            env={"IMR_DATA_DIR": str(folder / "data"), "IMR_CORPUS_DIR": str(CORPUS)},
        )
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def ingested_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding the whole bundled corpus, ingested once per run by `imr ingest` and
    shared by every test and worker: tests that write to a data dir copy it first."""
    return built_once(tmp_path_factory, "ingested", ingest_bundled_corpus) / "data"


@pytest.fixture
def ingested_env(ingested_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """IMR_* variables pointing at the ingested store, and the matching settings."""
    monkeypatch.setenv("IMR_DATA_DIR", str(ingested_data_dir))
    monkeypatch.setenv("IMR_CORPUS_DIR", str(CORPUS))
    return Settings()
