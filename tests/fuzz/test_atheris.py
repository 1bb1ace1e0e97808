"""A short atheris run of tests/fuzz/atheris_inputs.py (skipped without the `fuzz` extra)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from tests.paths import REPO

RUNS = 2000


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None,
    reason="atheris is not installed (pip install -e '.[fuzz]')",
)
def test_atheris_finds_no_crash_in_the_upload_intake() -> None:
    completed = subprocess.run(
        [sys.executable, "tests/fuzz/atheris_inputs.py", f"-runs={RUNS}", "-seed=1"],
        cwd=REPO,
        env=os.environ | {"PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert f"Done {RUNS} runs" in completed.stderr
