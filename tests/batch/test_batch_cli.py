"""`imr batch` end to end: kill and resume, retries, failures, dry-run accuracy and the budget."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.settings import Settings
from tests.batch.synthetic import write_cases
from tests.paths import CORPUS
from tests.stubs.openai_stub import OpenAIStub

ROOT = Path(__file__).resolve().parents[2]

VALID_REPLY = {
    "g": [],
    "r": [{"t": "The records show ongoing pain.", "g": [], "s": ["S1"]}],
}


def reply_json(body: dict[str, Any]) -> str:
    return json.dumps(VALID_REPLY)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_killed_run_resumes_with_every_item_exactly_once(
    tmp_path: Path, ingested_data_dir: Path
) -> None:
    cases = write_cases(tmp_path / "cases", 50)
    out = tmp_path / "out"
    env = os.environ | {"IMR_DATA_DIR": str(ingested_data_dir), "IMR_CORPUS_DIR": str(CORPUS)}
    command = [sys.executable, "-m", "assistant", "batch", str(cases), "--out", str(out)]
    command += ["--concurrency", "2", "--json"]
    drafts = out / "drafts.jsonl"
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if drafts.exists() and drafts.read_bytes().count(b"\n") >= 5:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the run ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = drafts.read_bytes().count(b"\n")
    assert 5 <= killed_at < 50
    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert finished.returncode == 0, finished.stderr.decode()
    rows = lines(drafts)
    counts = Counter((row["case_id"], row["title"]) for row in rows)
    assert len(counts) == 50
    assert set(counts.values()) == {1}
    assert len(list((out / "letters").glob("*.txt"))) == 50
    summary = json.loads((out / "summary.json").read_text())
    assert summary["items_done"] == 50
    assert summary["this_run"]["drafted"] == 50 - killed_at


def _stub_env(monkeypatch: pytest.MonkeyPatch, stub: OpenAIStub, retries: int) -> None:
    monkeypatch.setenv("IMR_LLM__BACKEND", "openai")
    monkeypatch.setenv("IMR_LLM__BASE_URL", stub.base_url)
    monkeypatch.setenv("IMR_LLM__MAX_RETRIES", str(retries))
    monkeypatch.setenv("IMR_LLM__MAX_REPAIRS", "0")
    monkeypatch.setenv("IMR_LLM__PROMPT_USD_PER_1M", "1.0")
    monkeypatch.setenv("IMR_LLM__COMPLETION_USD_PER_1M", "4.0")


def test_429_and_500_are_retried_and_a_lasting_failure_is_retried_on_rerun(
    tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = write_cases(tmp_path / "cases", 2)
    out = tmp_path / "out"
    args = ["batch", str(cases), "--out", str(out), "--concurrency", "1", "--json"]
    with OpenAIStub(responder=reply_json) as stub:
        _stub_env(monkeypatch, stub, retries=2)
        stub.enqueue_error(429, headers={"retry-after": "0.2"})
        stub.enqueue_error(500)
        started = time.monotonic()
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert time.monotonic() - started >= 0.2  # the retry-after was honoured
        chat = [r for r in stub.requests if r.path == "/v1/chat/completions"]
        assert len(chat) == 4  # 429, 500, then success; then the second case
        assert len(lines(out / "drafts.jsonl")) == 2

        more = write_cases(tmp_path / "more", 3)
        out2 = tmp_path / "out2"
        monkeypatch.setenv("IMR_LLM__MAX_RETRIES", "0")
        for _ in range(3):
            stub.enqueue_error(500)
        failed = CliRunner().invoke(app, ["batch", str(more), "--out", str(out2), "--json"])
        assert failed.exit_code == 1, failed.output
        assert len(lines(out2 / "failures.jsonl")) == 3
        assert not (out2 / "drafts.jsonl").exists()
        assert json.loads((out2 / "summary.json").read_text())["failures"] == 3
        again = CliRunner().invoke(app, ["batch", str(more), "--out", str(out2), "--json"])
        assert again.exit_code == 0, again.output
        assert len(lines(out2 / "drafts.jsonl")) == 3


def test_the_dry_run_estimate_is_within_5_percent_of_what_the_server_counts(
    tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = write_cases(tmp_path / "cases", 6, items=2)
    out = tmp_path / "out"
    args = ["batch", str(cases), "--out", str(out), "--json"]
    with OpenAIStub(responder=reply_json) as stub:
        _stub_env(monkeypatch, stub, retries=0)
        dry = CliRunner().invoke(app, [*args, "--dry-run"])
        assert dry.exit_code == 0, dry.output
        estimate = json.loads(dry.stdout)
        assert not stub.requests and not (out / "drafts.jsonl").exists()
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    reported = sum(row["usage"]["prompt_tokens"] for row in lines(out / "drafts.jsonl"))
    assert all(not row["usage"]["estimated"] for row in lines(out / "drafts.jsonl"))
    assert estimate["items"] == 12
    assert abs(estimate["prompt_tokens"] - reported) <= 0.05 * reported


def test_the_budget_stops_the_run_before_it_is_exceeded(
    tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = write_cases(tmp_path / "cases", 6)
    out = tmp_path / "out"
    args = ["batch", str(cases), "--out", str(out), "--concurrency", "1", "--json"]
    with OpenAIStub(responder=reply_json) as stub:
        _stub_env(monkeypatch, stub, retries=0)
        dry = json.loads(CliRunner().invoke(app, [*args, "--dry-run"]).stdout)
        budget = 1.5 * dry["estimated_cost_usd"] / dry["items"]  # room for about two items
        result = CliRunner().invoke(app, [*args, "--budget-usd", f"{budget}"])
    assert result.exit_code == 3, result.output
    assert "budget" in result.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["stopped"] == "budget"
    assert 0 < summary["items_done"] < 6
    assert summary["estimated_cost_usd"] <= budget


def test_a_budget_without_a_known_price_is_a_clear_error(
    tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = write_cases(tmp_path / "cases", 1)
    monkeypatch.setenv("IMR_LLM__BACKEND", "openai")
    monkeypatch.setenv("IMR_LLM__BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("IMR_LLM__MODEL", "local-model")
    args = ["batch", str(cases), "--out", str(tmp_path / "out"), "--budget-usd", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "IMR_LLM__PROMPT_USD_PER_1M" in result.stderr


def test_a_bad_case_file_is_named(tmp_path: Path, ingested_env: Settings) -> None:
    cases = write_cases(tmp_path / "cases", 2)
    (cases / "broken.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(cases), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "broken.json" in result.stderr and "invalid JSON" in result.stderr


def test_concurrency_bounds_the_model_calls_in_flight(
    tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = write_cases(tmp_path / "cases", 4, items=2)
    out = tmp_path / "out"
    lock = threading.Lock()
    in_flight = [0, 0]  # now, most

    def slow_reply(body: dict[str, Any]) -> str:
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight)
        time.sleep(1.0)
        with lock:
            in_flight[0] -= 1
        return reply_json(body)

    args = ["batch", str(cases), "--out", str(out), "--concurrency", "3", "--json"]
    with OpenAIStub(responder=slow_reply) as stub:
        _stub_env(monkeypatch, stub, retries=0)
        result = CliRunner().invoke(app, args)

    assert result.exit_code == 0, result.output
    assert len(lines(out / "drafts.jsonl")) == 8
    assert 2 <= in_flight[1] <= 3
