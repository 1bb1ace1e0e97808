"""Logs at INFO and above hold no case text: drafting offline and on a model, and a purge."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.drafting.case import CaseItem
from assistant.review.store import ReviewStore
from assistant.settings import Settings
from tests.paths import REPO
from tests.privacy.test_external_models import IDENTIFIERS, SUMMARY, TITLE, reply_with_placeholders
from tests.stubs.openai_stub import OpenAIStub

pytestmark = pytest.mark.slow
CASE_TEXT = (*IDENTIFIERS, "warehouse packer", "SYN-LOG-1", "CM16-0044321")


def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(
        json.dumps(
            {
                "case_id": "SYN-LOG-1",
                "clinical_summary": SUMMARY,
                "items": [{"title": TITLE, "decision": "Upheld"}],
            }
        )
    )
    return path


def leaked(caplog: pytest.LogCaptureFixture, stderr: str) -> list[str]:
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    return [text for text in CASE_TEXT if text in logged or text in stderr]


def run(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return result.exit_code, result.stderr


def test_drafting_offline_logs_no_case_text(
    tmp_path: Path, small_data_dir: Path, small_corpus: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    env = {
        "IMR_DATA_DIR": str(small_data_dir),
        "IMR_CORPUS_DIR": str(small_corpus),
        "IMR_LOG_LEVEL": "INFO",
    }

    _, stderr = run(["draft", str(case_file(tmp_path)), "--model", "offline", "--json"], env)

    assert any(r.levelno == logging.INFO for r in caplog.records)
    assert leaked(caplog, stderr) == []


def test_drafting_on_a_model_logs_no_case_text(
    tmp_path: Path, small_data_dir: Path, small_corpus: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with OpenAIStub(responder=reply_with_placeholders) as stub:
        env = {
            "IMR_DATA_DIR": str(small_data_dir),
            "IMR_CORPUS_DIR": str(small_corpus),
            "IMR_LOG_LEVEL": "INFO",
            "IMR_LLM__BACKEND": "openai",
            "IMR_LLM__BASE_URL": stub.base_url,
            "IMR_LLM__API_KEY": "test-key",
            "IMR_LLM__MAX_RETRIES": "0",
        }
        _, stderr = run(["draft", str(case_file(tmp_path)), "--json"], env)

    assert stub.requests
    assert leaked(caplog, stderr) == []


def test_a_purge_logs_no_case_text(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    store = ReviewStore.for_settings(Settings(data_dir=tmp_path / "data"))
    case_id = store.create_case("CM16-0044321", SUMMARY, [CaseItem(title=TITLE)], "dr-a")

    _, stderr = run(["purge", str(case_id), "--yes"], {"IMR_DATA_DIR": str(tmp_path / "data")})

    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO] == [
        f"purged case {case_id} from the review store"
    ]
    assert leaked(caplog, stderr) == []


def test_imr_log_level_info_writes_log_lines_without_case_text_to_stderr(
    tmp_path: Path, small_data_dir: Path, small_corpus: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMR_")} | {
        "IMR_DATA_DIR": str(small_data_dir),
        "IMR_CORPUS_DIR": str(small_corpus),
        "IMR_LOG_LEVEL": "INFO",
        "PYTHONPATH": str(REPO),
    }
    command = [sys.executable, "-m", "assistant", "draft", str(case_file(tmp_path))]
    completed = subprocess.run(
        [*command, "--model", "offline", "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )

    assert completed.returncode == 0, completed.stderr
    assert "INFO assistant." in completed.stderr
    assert [text for text in CASE_TEXT if text in completed.stderr] == []
