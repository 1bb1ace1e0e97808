"""`imr batch --openai-batch` end to end: the real openai client against the stub's Batch API."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.settings import Settings
from tests.batch.synthetic import write_cases
from tests.batch.test_batch_cli import ROOT, VALID_REPLY, lines, reply_json
from tests.stubs.openai_stub import OpenAIStub

FAST = ["--openai-batch", "--poll-interval", "0.01", "--json"]


def _stub_env(monkeypatch: pytest.MonkeyPatch, stub: OpenAIStub) -> None:
    monkeypatch.setenv("IMR_LLM__BACKEND", "openai")
    monkeypatch.setenv("IMR_LLM__BASE_URL", stub.base_url)
    monkeypatch.setenv("IMR_LLM__MAX_RETRIES", "0")
    monkeypatch.setenv("IMR_LLM__PROMPT_USD_PER_1M", "1.0")
    monkeypatch.setenv("IMR_LLM__COMPLETION_USD_PER_1M", "4.0")


def _posts(stub: OpenAIStub, path: str) -> int:
    return sum(1 for r in stub.requests if r.method == "POST" and r.path == path)


def _uploads(stub: OpenAIStub) -> list[list[dict[str, Any]]]:
    """The request files clients uploaded, oldest first, as parsed lines."""
    files = [f for f in stub.files.values() if f.purpose == "batch"]
    return [[json.loads(line) for line in f.data.decode().splitlines()] for f in files]


def _without_timings(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != "timings_ms"}


def test_a_batch_run_writes_what_a_normal_run_writes_from_the_requests_it_would_send(
    tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = write_cases(tmp_path / "cases", 3, items=2)
    normal, batched = tmp_path / "normal", tmp_path / "batched"
    with OpenAIStub(responder=reply_json) as stub:
        _stub_env(monkeypatch, stub)
        monkeypatch.setenv("IMR_LLM__MAX_REPAIRS", "0")
        direct = CliRunner().invoke(app, ["batch", str(cases), "--out", str(normal), "--json"])
        assert direct.exit_code == 0, direct.output
        chat_bodies = [r.body for r in stub.requests if r.path == "/v1/chat/completions"]
        result = CliRunner().invoke(app, ["batch", str(cases), "--out", str(batched), *FAST])
        assert result.exit_code == 0, result.output
        assert _posts(stub, "/v1/batches") == 1
        assert _posts(stub, "/v1/chat/completions") == len(chat_bodies)  # none from the batch
        (uploaded,) = _uploads(stub)
    assert [line["custom_id"] for line in uploaded] == [f"item-{n}" for n in range(1, 7)]
    assert {(line["method"], line["url"]) for line in uploaded} == {
        ("POST", "/v1/chat/completions")
    }
    by_messages = {json.dumps(body["messages"], sort_keys=True): body for body in chat_bodies}
    for line in uploaded:
        sent = by_messages[json.dumps(line["body"]["messages"], sort_keys=True)]
        assert line["body"] == {key: value for key, value in sent.items() if key != "stream"}
    assert line["body"]["response_format"]["json_schema"]["strict"] is True

    key = lambda row: (row["case_id"], row["title"])  # noqa: E731
    normal_rows = sorted(lines(normal / "drafts.jsonl"), key=key)
    batch_rows = sorted(lines(batched / "drafts.jsonl"), key=key)
    assert [_without_timings(row) for row in batch_rows] == [
        _without_timings(row) for row in normal_rows
    ]
    assert not batch_rows[0]["usage"]["estimated"]
    letters = sorted(p.name for p in (batched / "letters").iterdir())
    assert letters == sorted(p.name for p in (normal / "letters").iterdir())
    assert all(
        (batched / "letters" / name).read_text() == (normal / "letters" / name).read_text()
        for name in letters
    )
    summary = json.loads((batched / "summary.json").read_text())
    assert summary.keys() == json.loads((normal / "summary.json").read_text()).keys()
    assert (summary["items_done"], summary["letters"], summary["failures"]) == (6, 3, 0)
    assert not (batched / "openai_batch.json").exists()


def test_a_run_killed_while_waiting_resumes_by_polling_the_same_batch(
    tmp_path: Path, ingested_data_dir: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = write_cases(tmp_path / "cases", 2)
    out = tmp_path / "out"
    args = ["batch", str(cases), "--out", str(out), "--openai-batch", "--poll-interval", "0.05"]
    with OpenAIStub(responder=reply_json) as stub:
        _stub_env(monkeypatch, stub)
        stub.batch_polls = 1_000_000
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant", *args],
            cwd=ROOT,
            env=dict(os.environ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            if (out / "openai_batch.json").exists():
                break
            time.sleep(0.02)
        assert process.poll() is None, process.communicate()[1].decode()
        saved = json.loads((out / "openai_batch.json").read_text())
        poll = f"/v1/batches/{saved['batch_id']}"
        while time.monotonic() < deadline and not any(r.path == poll for r in stub.requests):
            time.sleep(0.02)  # until the run polls the waiting batch
        process.send_signal(signal.SIGKILL)
        process.communicate()
        polled = [r for r in stub.requests if r.path == poll]
        assert polled and not (out / "drafts.jsonl").exists()

        stub.advance_batches()
        resumed = CliRunner().invoke(app, args)
        assert resumed.exit_code == 0, resumed.output
        assert f"resuming batch {saved['batch_id']}" in resumed.stderr
        assert _posts(stub, "/v1/batches") == 1
        assert _posts(stub, "/v1/files") == 1
    assert len(lines(out / "drafts.jsonl")) == 2
    assert not (out / "openai_batch.json").exists()


def test_a_reply_citing_an_unretrieved_chunk_is_kept_for_review_without_a_re_ask(
    tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = write_cases(tmp_path / "cases", 2)
    out = tmp_path / "out"
    reply = {
        "g": ["G99"],
        "r": [
            {"t": "The guideline limits this to a short course.", "g": ["G99"], "s": []},
            {"t": "The records show ongoing pain.", "g": [], "s": ["S1"]},
        ],
    }
    answered: list[dict[str, Any]] = []

    def responder(body: dict[str, Any]) -> str:
        answered.append(body)
        return json.dumps(reply)

    with OpenAIStub(responder=responder) as stub:
        _stub_env(monkeypatch, stub)
        result = CliRunner().invoke(app, ["batch", str(cases), "--out", str(out), *FAST])
    assert result.exit_code == 0, result.output
    assert len(answered) == 2
    rows = lines(out / "drafts.jsonl")
    assert all(row["needs_review"] and row["attempts"] == 1 for row in rows)
    assert all("unknown_chunk" in {p["code"] for p in row["problems"]} for row in rows)
    assert json.loads(result.stdout)["needs_review"] == 2


def test_a_failed_request_is_journaled_and_a_rerun_submits_only_that_item(
    tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = write_cases(tmp_path / "cases", 3)
    out = tmp_path / "out"
    args = ["batch", str(cases), "--out", str(out), *FAST]
    with OpenAIStub(responder=reply_json) as stub:
        _stub_env(monkeypatch, stub)
        stub.enqueue_error(500)  # answers the first line of the batch
        first = CliRunner().invoke(app, args)
        assert first.exit_code == 1, first.output
        (failure,) = lines(out / "failures.jsonl")
        assert "HTTP 500" in failure["error"]
        assert len(lines(out / "drafts.jsonl")) == 2
        assert "1 item(s) failed" in first.stderr

        again = CliRunner().invoke(app, args)
        assert again.exit_code == 0, again.output
        assert _posts(stub, "/v1/batches") == 2
        _, retried = _uploads(stub)
    assert len(retried) == 1
    assert failure["title"] in retried[0]["body"]["messages"][1]["content"]
    rows = lines(out / "drafts.jsonl")
    assert len(rows) == 3
    assert (rows[-1]["case_id"], rows[-1]["title"]) == (failure["case_id"], failure["title"])


@pytest.mark.parametrize("outcome", ["failed", "expired"])
def test_a_batch_that_does_not_complete_is_a_clear_error(
    outcome: str, tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = write_cases(tmp_path / "cases", 2)
    out = tmp_path / "out"
    with OpenAIStub(responder=reply_json) as stub:
        _stub_env(monkeypatch, stub)
        stub.batch_outcome = outcome  # type: ignore[assignment]
        result = CliRunner().invoke(app, ["batch", str(cases), "--out", str(out), *FAST])
    assert result.exit_code == 1, result.output
    assert "batch batch-stub-" in result.stderr and f" {outcome}" in result.stderr
    assert "Traceback" not in result.output
    assert len(lines(out / "failures.jsonl")) == 2
    assert not (out / "drafts.jsonl").exists()
    assert not (out / "openai_batch.json").exists()  # a rerun submits a new batch


def test_an_api_error_is_one_line_and_exit_1(
    tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = write_cases(tmp_path / "cases", 1)
    out = tmp_path / "out"
    with OpenAIStub(responder=reply_json) as stub:
        _stub_env(monkeypatch, stub)
        stub.enqueue_error(503, path="/v1/files")
        result = CliRunner().invoke(app, ["batch", str(cases), "--out", str(out), *FAST])
        assert _posts(stub, "/v1/batches") == 0
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and "HTTP 503" in result.stderr
    assert not (out / "openai_batch.json").exists()


def test_a_dry_run_writes_the_requests_and_sends_nothing(
    tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = write_cases(tmp_path / "cases", 2, items=2)
    out = tmp_path / "out"
    with OpenAIStub(responder=reply_json) as stub:
        _stub_env(monkeypatch, stub)
        result = CliRunner().invoke(
            app, ["batch", str(cases), "--out", str(out), "--dry-run", *FAST]
        )
        assert not stub.requests
    assert result.exit_code == 0, result.output
    estimate = json.loads(result.stdout)
    written = Path(estimate["requests_file"]).read_text().splitlines()
    assert estimate["items"] == len(written) == 4
    assert not (out / "openai_batch.json").exists()


def test_the_offline_model_cannot_use_the_batch_api(tmp_path: Path, ingested_env: Settings) -> None:
    cases = write_cases(tmp_path / "cases", 1)
    args = ["batch", str(cases), "--out", str(tmp_path / "out"), "--model", "offline", *FAST]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --openai-batch needs the openai model")


IDENTIFIED_SUMMARY = (
    "Synthetic case for automated tests. Patient Name: Dana Synthetic-Example. "
    "DOB: 03/14/1970. Claim Number: 05-WC-987654. Phone 559-555-0142. "
    "The injured worker has chronic low back pain rated 6 of 10 with no documented "
    "functional improvement."
)
IDENTIFIERS = ["Dana", "Synthetic-Example", "03/14/1970", "05-WC-987654", "559-555-0142"]


def placeholder_reply(body: dict[str, Any]) -> str:
    """A reply naming the worker by the placeholder the request used for them."""
    prompt = " ".join(str(message["content"]) for message in body["messages"])
    person = prompt[prompt.index("[PERSON_") :].split("]")[0] + "]"
    sentence = f"The records of {person} show ongoing pain."
    return json.dumps(VALID_REPLY | {"r": [VALID_REPLY["r"][0] | {"t": sentence}]})


def test_identifiers_leave_as_placeholders_and_come_back_in_the_drafts(
    tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    case = {
        "case_id": "SYN-PRIVATE-0001",
        "clinical_summary": IDENTIFIED_SUMMARY,
        "items": [{"title": "Cyclobenzaprine 7.5 mg Qty 60", "decision": "Upheld"}],
    }
    (cases / "SYN-PRIVATE-0001.json").write_text(json.dumps(case), encoding="utf-8")
    out = tmp_path / "out"
    with OpenAIStub(responder=placeholder_reply) as stub:
        _stub_env(monkeypatch, stub)
        monkeypatch.setenv("IMR_LLM__MAX_REPAIRS", "0")
        result = CliRunner().invoke(app, ["batch", str(cases), "--out", str(out), *FAST])
        assert result.exit_code == 0, result.output
        uploaded = [f.data.decode() for f in stub.files.values() if f.purpose == "batch"]
    assert len(uploaded) == 1
    assert not [value for value in IDENTIFIERS if value in uploaded[0]]
    assert "[PERSON_1]" in uploaded[0] and "[CLAIM_1]" in uploaded[0]
    (row,) = lines(out / "drafts.jsonl")
    assert row["sentences"][0]["text"] == "The records of Dana Synthetic-Example show ongoing pain."
