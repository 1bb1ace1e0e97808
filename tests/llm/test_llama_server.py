"""Drafting end to end through a real local model server: llama.cpp's llama-server with
SmolLM2-135M-Instruct on 127.0.0.1, reached by the openai backend through IMR_LLM__BASE_URL.

It checks the plumbing, not the prose: the server takes the request with the compact reply schema,
the reply parses, is validated, and each item's outcome is recorded (clean, or needs review with
its problems), with no model error. `scripts/llama-server` builds the server and fetches the model
once per machine; without them the test is skipped, unless IMR_REQUIRE_LLAMA=1: then it builds
them, or waits for the build already running (CI starts it in the background first).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.drafting.case import case_from_letter
from assistant.letters.reader import read_letter
from assistant.settings import Settings
from tests.paths import REPO
from tests.ui.browser import free_port

pytestmark = [pytest.mark.llm_server, pytest.mark.server, pytest.mark.timeout(1800)]

SEED = REPO.parent / "shared" / "seeds" / "000_9d4ddfa8c6741e52.txt"
BUILD_HINT = "run scripts/llama-server once on this machine (it builds llama.cpp's server)"
STARTUP_S = 60


def llama_paths(*, build: bool) -> tuple[Path, Path] | None:
    """The cached llama-server binary and model; when they are not there yet, None, or with
    `build` what `scripts/llama-server` builds (or a build already running gives)."""
    command = [str(REPO / "scripts" / "llama-server")] + ([] if build else ["--where"])
    found = subprocess.run(command, capture_output=True, text=True, check=False)
    if found.returncode != 0:
        if build:
            pytest.fail(f"scripts/llama-server failed ({found.returncode}): {found.stderr[-2000:]}")
        return None
    binary, model = found.stdout.split()
    return Path(binary), Path(model)


def wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"llama-server exited with {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"llama-server was not ready within {STARTUP_S} s")


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    paths = llama_paths(build=os.environ.get("IMR_REQUIRE_LLAMA") == "1")
    if paths is None:
        pytest.skip(f"llama-server is not built: {BUILD_HINT}")
    binary, model = paths
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path_factory.mktemp("llama") / "server.log").open("wb")
    command = [str(binary), "-m", str(model), "--host", "127.0.0.1", "--port", str(port)]
    command += ["-t", "1", "-c", "4096", "-np", "1", "--jinja"]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_healthy(url, process)
        yield f"{url}/v1"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_a_seed_item_is_drafted_validated_and_recorded_with_no_model_error(
    llama_server: str, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    letter = read_letter(SEED)
    title = case_from_letter(letter).items[0].title
    for name, value in {
        "BACKEND": "openai",
        "BASE_URL": llama_server,
        "MODEL": "smollm2-135m-instruct",
        "STRUCTURED_OUTPUT": "json_schema",
        "MAX_REPAIRS": "1",
        "MAX_RETRIES": "0",
        "TIMEOUT_S": "240",
        "ITEM_TIMEOUT_S": "400",
    }.items():
        monkeypatch.setenv(f"IMR_LLM__{name}", value)
    arguments = ["draft", str(SEED), "--json", "--exclude-letter", letter.letter_id]

    result = CliRunner().invoke(app, [*arguments, "--item", title])

    assert result.exit_code == 0, result.output
    [item] = json.loads(result.stdout)["items"]
    assert item["title"] == title
    codes = {problem["code"] for problem in item["problems"]}
    assert not codes & {"model_error", "item_timeout"}, item["problems"]
    assert item["usage"]["prompt_tokens"] > 0 and item["usage"]["completion_tokens"] > 0
    assert item["model"] == "openai-compatible:smollm2-135m-instruct"
    assert item["rationale"], "the server's reply was parsed into a rationale"
    assert item["needs_review"] == bool(item["problems"])
