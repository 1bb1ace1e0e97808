"""`imr` starts at once: help, parsing a letter and refusing bad input import none of the heavy
libraries (vector store, model clients, web app), and stay within an import budget.

Measured by `python -X importtime` in a real process, not by a timer: the module count does not
depend on how busy the machine is, and the time bound is several times what the commands need
(the least of up to three runs counts, as a busy machine slows one run more than all three).
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from assistant.cli.main import ImrCommands
from tests.paths import EXAMPLE, REPO

HEAVY = (
    "chromadb",
    "langchain_core",
    "langchain_openai",
    "numpy",
    "onnxruntime",
    "openai",
    "pypdf",
    "streamlit",
    "tiktoken",
    "tokenizers",
)
MAX_MODULES = 600
MAX_IMPORT_SECONDS = 2.0
RUNS = 3


class Imports(NamedTuple):
    """What one run imported: module names and the sum of their own import times."""

    modules: set[str]
    seconds: float
    returncode: int
    stderr: str


def _imports(args: list[str], data_dir: Path) -> Imports:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMR_")}
    env |= {"IMR_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "assistant", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    modules: set[str] = set()
    micros = 0
    other: list[str] = []
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:"):
            other.append(line)
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        if own.strip().isdigit():
            modules.add(name.strip())
            micros += int(own)
    return Imports(modules, micros / 1e6, completed.returncode, "\n".join(other))


@pytest.fixture(scope="module")
def empty_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "empty.json"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize(
    ("args", "returncode"),
    [
        (["--help"], 0),
        (["parse", str(EXAMPLE)], 0),
        (["parse", "/nonexistent/letter.txt"], 2),
        (["draft", "{empty}"], 2),
        (["draft", "--help"], 0),
    ],
    ids=["help", "parse a letter", "parse a missing file", "draft an empty case", "draft help"],
)
def test_quick_commands_import_no_heavy_library(
    args: list[str], returncode: int, empty_case: Path, tmp_path: Path
) -> None:
    argv = [arg.format(empty=empty_case) for arg in args]
    found = _imports(argv, tmp_path / "data")
    assert found.returncode == returncode, found.stderr
    assert sorted(found.modules.intersection(HEAVY)) == []
    assert len(found.modules) < MAX_MODULES
    seconds = [found.seconds]
    while min(seconds) >= MAX_IMPORT_SECONDS and len(seconds) < RUNS:
        seconds.append(_imports(argv, tmp_path / "data").seconds)
    assert min(seconds) < MAX_IMPORT_SECONDS


def test_help_lists_each_command_by_the_first_paragraph_of_its_own_help() -> None:
    for entry in ImrCommands.lazy_commands:
        command = entry.load()
        assert command.name == entry.name
        first = inspect.cleandoc(command.help or "").split("\n\n")[0]
        assert " ".join(first.split()) == entry.summary, entry.name
