"""A reply the server stops early (cut off at the reply cap, or withheld by a content filter) or
an item that runs out of time never crashes a command: the item is re-asked, then kept as
`needs_review` with its own problem code, and the other items are drafted. Real openai client,
stub server on 127.0.0.1."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.drafting.request import DraftRequest
from assistant.letters.models import Decision
from assistant.settings import Settings
from tests.batch.synthetic import write_cases
from tests.drafting.conftest import CASE_SUMMARY, reply_json
from tests.drafting.test_chain_openai import TITLE, make_chain
from tests.stubs.openai_stub import OpenAIStub, TextReply

CODES = {"length": "cut_off", "content_filter": "content_filtered"}
CHAT = "/v1/chat/completions"
REQUEST = DraftRequest(case_id="SYN-T", summary=CASE_SUMMARY, title=TITLE, decision=Decision.UPHELD)


def valid(body: dict[str, Any]) -> str:
    return reply_json()


def stub_env(monkeypatch: pytest.MonkeyPatch, stub: OpenAIStub) -> None:
    monkeypatch.setenv("IMR_LLM__BACKEND", "openai")
    monkeypatch.setenv("IMR_LLM__BASE_URL", stub.base_url)
    monkeypatch.setenv("IMR_LLM__MAX_RETRIES", "0")
    monkeypatch.setenv("IMR_LLM__MAX_REPAIRS", "1")


def stop_early(stub: OpenAIStub, finish_reason: str, times: int) -> None:
    for _ in range(times):
        stub.enqueue(TextReply('{"decision": "Upheld", "rationale": [{"text": "The', finish_reason))


def last_user_message(body: dict[str, Any]) -> str:
    return str(body["messages"][-1]["content"])


@pytest.mark.parametrize("finish_reason", ["length", "content_filter"])
def test_draft_keeps_a_stopped_reply_for_review_and_drafts_the_other_items(
    finish_reason: str, tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = next((write_cases(tmp_path / "cases", 1, items=2)).glob("*.json"))
    with OpenAIStub(responder=valid) as stub:
        stub_env(monkeypatch, stub)
        stop_early(stub, finish_reason, times=2)
        result = CliRunner().invoke(app, ["draft", str(case), "--json"])
        chat = [request.body for request in stub.requests if request.path == CHAT]

    assert result.exit_code == 0, result.output
    first, second = json.loads(result.stdout)["items"]
    assert first["needs_review"] is True and first["attempts"] == 2
    assert [problem["code"] for problem in first["problems"]] == [CODES[finish_reason]]
    assert first["usage"]["calls"] == 2
    assert all(problem["code"] not in CODES.values() for problem in second["problems"])
    assert second["sentences"]
    assert len(chat) == 3
    if finish_reason == "length":
        assert first["problems"][0]["message"].startswith("reply cut off")
        assert "shorter" in last_user_message(chat[1])


@pytest.mark.parametrize("finish_reason", ["length", "content_filter"])
def test_batch_writes_a_stopped_reply_as_a_draft_to_review_not_a_failure(
    finish_reason: str, tmp_path: Path, ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    with OpenAIStub(responder=valid) as stub:
        stub_env(monkeypatch, stub)
        stop_early(stub, finish_reason, times=2)
        cases = write_cases(tmp_path / "cases", 2)
        args = ["batch", str(cases), "--out", str(out), "--concurrency", "1", "--json"]
        result = CliRunner().invoke(app, args)

    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (out / "drafts.jsonl").read_text().splitlines()]
    codes = [[problem["code"] for problem in row["problems"]] for row in rows]
    assert len(codes) == 2 and codes.count([CODES[finish_reason]]) == 1
    assert not (out / "failures.jsonl").exists()


@pytest.mark.parametrize("method", ["json_mode", "function_calling"])
def test_a_cut_off_reply_is_recognised_by_every_structured_output_method(
    method: str, ingested_data_dir: Path
) -> None:
    with OpenAIStub() as stub:
        chain = make_chain(ingested_data_dir, stub, structured_output=method, max_repairs=0)
        stop_early(stub, "length", times=1)
        draft = chain.draft(REQUEST)

    assert [problem.code for problem in draft.problems] == ["cut_off"]


def test_an_item_out_of_time_is_kept_for_review_within_its_timeout(
    ingested_data_dir: Path,
) -> None:
    with OpenAIStub() as stub:
        chain = make_chain(ingested_data_dir, stub, item_timeout_s=0.5, timeout_s=10)
        stub.enqueue_delay(3, reply_json())
        started = time.monotonic()
        draft = chain.draft(REQUEST)
        elapsed = time.monotonic() - started

    assert elapsed < 2.5
    assert [problem.code for problem in draft.problems] == ["item_timeout"]
    assert "IMR_LLM__ITEM_TIMEOUT_S" in draft.problems[0].message
    assert draft.decision is Decision.UPHELD


def test_function_calling_drafts_through_a_tool_call(ingested_data_dir: Path) -> None:
    with OpenAIStub() as stub:
        chain = make_chain(ingested_data_dir, stub, structured_output="function_calling")
        stub.enqueue_text(reply_json())
        draft = chain.draft(REQUEST)
        body = stub.requests[0].body

    assert draft.problems == []
    assert body["tool_choice"]["function"]["name"] == body["tools"][0]["function"]["name"]
    assert set(body["tools"][0]["function"]["parameters"]["properties"]) == {"g", "r"}
    assert "response_format" not in body


def test_json_mode_asks_for_a_json_object_and_puts_the_schema_in_the_prompt(
    ingested_data_dir: Path,
) -> None:
    with OpenAIStub(response_formats=("text", "json_object")) as stub:
        chain = make_chain(ingested_data_dir, stub, structured_output="json_mode")
        stub.enqueue_text(reply_json())
        draft = chain.draft(REQUEST)
        body = stub.requests[0].body

    assert draft.problems == []
    assert body["response_format"] == {"type": "json_object"}
    system = body["messages"][0]
    assert system["role"] == "system" and '"enum":["S1","S2",' in system["content"]
