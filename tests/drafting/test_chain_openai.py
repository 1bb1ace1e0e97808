"""The drafting chain on a chat model: the real openai client against a stub server on 127.0.0.1."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.drafting.chain import DraftingChain, build_chain
from assistant.drafting.request import DraftRequest
from assistant.errors import ConfigError
from assistant.letters.models import Decision
from tests.drafting.conftest import CASE_SUMMARY, chain_settings, reply_json
from tests.stubs.openai_stub import OpenAIStub

TITLE = "Cyclobenzaprine 7.5 mg #20"
CLOSING = f"Therefore, the request for {TITLE} is not medically necessary."


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub() as server:
        yield server


def make_chain(data_dir: Path, stub: OpenAIStub, **llm: Any) -> DraftingChain:
    options: dict[str, Any] = {
        "backend": "openai",
        "base_url": stub.base_url,
        "api_key": "test-key",
        "max_retries": 0,
        "timeout_s": 10,
    }
    options.update(llm)
    return build_chain(chain_settings(data_dir, **options))


def item(decision: Decision | None = Decision.UPHELD) -> DraftRequest:
    return DraftRequest(case_id="SYN-TEST-2", summary=CASE_SUMMARY, title=TITLE, decision=decision)


def test_structured_output_over_chat_completions(ingested_data_dir: Path, stub: OpenAIStub) -> None:
    chain = make_chain(ingested_data_dir, stub)
    stub.enqueue_text(reply_json())

    draft = chain.draft(item())

    assert draft.problems == []
    assert draft.model == "openai-compatible:gpt-4o-mini"
    request = stub.requests[0]
    assert request.path == "/v1/chat/completions"
    assert request.body["response_format"]["type"] == "json_schema"
    assert request.body["response_format"]["json_schema"]["strict"] is True
    system, user = request.body["messages"]
    assert system["role"] == "system" and "<case>" in user["content"]
    assert draft.usage.prompt_tokens == chain.pack(item(), chain.retrieve(item())).prompt_tokens
    assert draft.usage.estimated is False
    assert draft.usage.cost_usd == pytest.approx(
        (draft.usage.prompt_tokens * 0.15 + draft.usage.completion_tokens * 0.60) / 1e6
    )
    assert draft.citations[0].chunk_id == draft.retrieved[0]
    assert draft.maximus_guideline.startswith("Decision based on ")


def offered_labels(body: dict[str, Any]) -> tuple[list[str], list[str]]:
    prompt = body["messages"][-1]["content"]
    return re.findall(r"^\[(G\d+)\]", prompt, re.M), re.findall(r"^(S\d+): ", prompt, re.M)


def test_the_reply_schema_allows_only_the_labels_the_prompt_offers_and_caps_the_reply(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = make_chain(ingested_data_dir, stub)
    stub.enqueue_text(reply_json())

    draft = chain.draft(item())

    body = stub.requests[0].body
    schema = body["response_format"]["json_schema"]["schema"]
    excerpts, sentences = offered_labels(body)
    assert excerpts and sentences
    assert schema["$defs"]["G"]["enum"] == excerpts
    assert schema["$defs"]["S"]["enum"] == sentences
    assert schema["properties"]["r"]["items"]["properties"]["s"]["items"] == {"$ref": "#/$defs/S"}
    assert body["max_completion_tokens"] < 1_500
    assert draft.closing == CLOSING


def test_a_proposed_decision_is_read_from_the_compact_reply(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = make_chain(ingested_data_dir, stub)
    stub.enqueue_text(reply_json(decision="Overturned"))

    draft = chain.draft(item(decision=None))

    schema = stub.requests[0].body["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["d"]["enum"] == ["Upheld", "Overturned"]
    assert draft.decision is Decision.OVERTURNED and draft.decision_source == "model"
    assert draft.closing.endswith("is medically necessary.")


def test_streaming_delivers_the_same_structured_draft(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = make_chain(ingested_data_dir, stub, streaming=True)
    text = reply_json()
    stub.enqueue_text(text, chunks=tuple(text[i : i + 7] for i in range(0, len(text), 7)))

    draft = chain.draft(item())

    assert stub.requests[0].body["stream"] is True
    assert stub.requests[0].body["stream_options"] == {"include_usage": True}
    assert draft.problems == []
    assert draft.usage.completion_tokens > 0 and draft.usage.estimated is False


def test_a_429_with_retry_after_is_retried_after_the_wait(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = make_chain(ingested_data_dir, stub, max_retries=1)
    stub.enqueue_error(429, headers={"retry-after": "1"})
    stub.enqueue_text(reply_json())

    started = time.monotonic()
    draft = chain.draft(item())

    assert time.monotonic() - started >= 1.0
    assert len(stub.requests) == 2
    assert draft.problems == []


def test_a_500_after_retries_is_flagged_not_passed(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = make_chain(ingested_data_dir, stub, max_retries=1)
    stub.enqueue_error(500)
    stub.enqueue_error(500)

    draft = chain.draft(item(decision=None))

    assert draft.needs_review
    assert [problem.code for problem in draft.problems] == ["model_error"]
    assert "HTTP 500 after 1 retries" in draft.problems[0].message
    assert draft.decision is None and draft.rationale == ""
    assert len(stub.requests) == 2


def test_a_timeout_is_flagged_with_the_setting_to_change(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = make_chain(ingested_data_dir, stub, timeout_s=0.5)
    stub.enqueue_delay(3.0, reply_json())

    draft = chain.draft(item())

    assert [problem.code for problem in draft.problems] == ["model_error"]
    assert "IMR_LLM__TIMEOUT_S" in draft.problems[0].message


def test_an_unretrieved_id_is_repaired_by_re_asking_with_the_problem(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = make_chain(ingested_data_dir, stub)
    stub.enqueue_text(reply_json(line=["g-0000forged"]))
    stub.enqueue_text(reply_json())

    draft = chain.draft(item())

    assert draft.problems == []
    assert draft.attempts == 2
    repair = stub.requests[1].body["messages"]
    assert repair[-2]["role"] == "assistant" and "g-0000forged" in repair[-2]["content"]
    assert "'g-0000forged', which is not among the excerpts offered" in repair[-1]["content"]
    assert draft.usage.calls == 2


def test_an_unretrieved_id_that_persists_is_flagged_never_passed(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = make_chain(ingested_data_dir, stub)
    for _ in range(3):
        stub.enqueue_text(reply_json(guideline_cites=["G99"]))

    draft = chain.draft(item())

    assert draft.needs_review
    assert "unknown_chunk" in [problem.code for problem in draft.problems]
    assert draft.attempts == 3
    assert all(c.chunk_id in draft.retrieved for c in draft.citations)


def test_a_reply_that_is_not_json_is_re_asked_then_flagged(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = make_chain(ingested_data_dir, stub, max_repairs=1)
    stub.enqueue_text("Sure! Here is the rationale you asked for.")
    stub.enqueue_text(json.dumps({"decision": "Maybe"}))

    draft = chain.draft(item())

    assert draft.needs_review
    assert [problem.code for problem in draft.problems] == ["unparseable"]
    assert draft.attempts == 2


def test_the_openai_model_without_a_key_or_url_is_a_config_error(
    ingested_data_dir: Path,
) -> None:
    with pytest.raises(ConfigError, match="IMR_LLM__API_KEY"):
        build_chain(chain_settings(ingested_data_dir, backend="openai"))


def test_a_request_the_server_refuses_is_not_retried(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = make_chain(ingested_data_dir, stub, max_retries=2)
    stub.enqueue_error(400, body={"error": {"message": "bad request"}})

    draft = chain.draft(item())

    assert len(stub.requests) == 1
    assert [problem.code for problem in draft.problems] == ["model_error"]
    assert "HTTP 400" in draft.problems[0].message
