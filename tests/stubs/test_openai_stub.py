"""The OpenAI stub answers the real `openai` and `langchain_openai` clients as OpenAI would."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import openai
import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from pydantic import BaseModel, SecretStr

from tests.stubs.openai_stub import (
    CHAT_PATH,
    EMBEDDINGS_PATH,
    OpenAIStub,
    TextReply,
    count_text_tokens,
)

MODEL = "gpt-4o-mini"


class Decision(BaseModel):
    outcome: Literal["uphold", "overturn"]
    guideline: str


@pytest.fixture(scope="module")
def token_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tiktoken")


@pytest.fixture
def stub(token_cache: Path) -> Iterator[OpenAIStub]:
    with OpenAIStub(token_cache_dir=token_cache) as running:
        yield running


def client(stub: OpenAIStub, **options: Any) -> openai.OpenAI:
    options.setdefault("max_retries", 0)
    return openai.OpenAI(base_url=stub.base_url, api_key="test", **options)


def chat(stub: OpenAIStub, **options: Any) -> ChatOpenAI:
    options.setdefault("max_retries", 0)
    return ChatOpenAI(model=MODEL, base_url=stub.base_url, api_key="test", **options)


def ask(api: openai.OpenAI, text: str = "Is the request medically necessary?") -> str | None:
    completion = api.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": text}]
    )
    return completion.choices[0].message.content


def test_a_chat_completion_returns_the_scripted_text_with_usage(stub: OpenAIStub) -> None:
    stub.enqueue_text("The request is upheld.")

    completion = client(stub).chat.completions.create(
        model=MODEL,
        messages=[
            {"role": "system", "content": "You are a physician reviewer."},
            {"role": "user", "content": "Review the request."},
        ],
    )

    assert completion.object == "chat.completion"
    assert completion.model == MODEL
    choice = completion.choices[0]
    assert choice.message.role == "assistant"
    assert choice.message.content == "The request is upheld."
    assert choice.finish_reason == "stop"
    usage = completion.usage
    assert usage is not None
    assert usage.completion_tokens == count_text_tokens("The request is upheld.", MODEL)
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    (request,) = stub.requests
    assert request.path == CHAT_PATH
    assert request.headers["authorization"] == "Bearer test"
    assert request.body["messages"][1] == {"role": "user", "content": "Review the request."}
    assert stub.pending == 0


def test_prompt_tokens_agree_with_langchain_counting(stub: OpenAIStub) -> None:
    messages = [
        SystemMessage("You are a physician reviewer applying the MTUS."),
        HumanMessage("Lumbar MRI requested six weeks after injury; no red flags documented."),
    ]
    llm = chat(stub)

    reply = llm.invoke(messages)

    assert reply.usage_metadata is not None
    assert reply.usage_metadata["input_tokens"] == llm.get_num_tokens_from_messages(messages)


def test_an_empty_queue_falls_back_to_the_responder(token_cache: Path) -> None:
    def shout(request: dict[str, Any]) -> str:
        return str(request["messages"][-1]["content"]).upper()

    with OpenAIStub(responder=shout, token_cache_dir=token_cache) as stub:
        api = client(stub)
        stub.enqueue_text("queued first")
        assert ask(api, "hello") == "queued first"
        assert ask(api, "hello") == "HELLO"


def test_embeddings_are_deterministic_unit_vectors(stub: OpenAIStub) -> None:
    api = client(stub)

    first = api.embeddings.create(model="text-embedding-3-small", input=["knee", "spine"])
    again = api.embeddings.create(
        model="text-embedding-3-small", input="knee", encoding_format="float", dimensions=4
    )

    knee, spine = (item.embedding for item in first.data)
    assert len(knee) == stub.embedding_dim
    assert knee != spine
    assert sum(value * value for value in knee) == pytest.approx(1.0, abs=1e-5)
    assert len(again.data[0].embedding) == 4
    expected = sum(count_text_tokens(text, "text-embedding-3-small") for text in ["knee", "spine"])
    assert first.usage.prompt_tokens == expected
    assert [request.path for request in stub.requests] == [EMBEDDINGS_PATH, EMBEDDINGS_PATH]
    # The client asks for base64 by default and decodes it; a second call gives equal floats.
    repeat = api.embeddings.create(model="text-embedding-3-small", input=["knee", "spine"])
    assert repeat.data[0].embedding == knee


def test_langchain_embeddings_accept_the_stub_vectors(stub: OpenAIStub) -> None:
    embeddings = OpenAIEmbeddings(
        model="text-embedding-3-small",
        openai_api_base=stub.base_url,
        openai_api_key=SecretStr("test"),
        max_retries=0,
    )

    vectors = embeddings.embed_documents(["cervical epidural", "cervical epidural"])

    assert len(vectors) == 2
    assert vectors[0] == pytest.approx(vectors[1])


def test_structured_output_parses_an_enqueued_json_reply(stub: OpenAIStub) -> None:
    stub.enqueue_json({"outcome": "uphold", "guideline": "MTUS Low Back"})

    decision = chat(stub).with_structured_output(Decision).invoke("Decide.")

    assert decision == Decision(outcome="uphold", guideline="MTUS Low Back")
    (request,) = stub.requests
    assert request.path == CHAT_PATH
    response_format = request.body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "Decision"


def test_streaming_yields_the_chunks_in_order(stub: OpenAIStub) -> None:
    stub.enqueue_text("Medical necessity is not established.")

    pieces = [chunk.content for chunk in chat(stub, stream_usage=True).stream("Decide.")]

    assert "".join(str(piece) for piece in pieces) == "Medical necessity is not established."
    assert [piece for piece in pieces if piece] == [
        "Medical ",
        "necessity ",
        "is ",
        "not ",
        "established.",
    ]
    assert stub.requests[0].body["stream"] is True
    assert stub.requests[0].body["stream_options"] == {"include_usage": True}


def test_a_stream_ends_with_a_usage_chunk_when_asked(stub: OpenAIStub) -> None:
    stub.enqueue(TextReply("Overturned.", chunks=("Over", "turned", ".")))
    stream = client(stub).chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": "Decide."}],
        stream=True,
        stream_options={"include_usage": True},
    )

    chunks = list(stream)

    deltas = [chunk.choices[0].delta.content for chunk in chunks if chunk.choices]
    assert [delta for delta in deltas if delta] == ["Over", "turned", "."]
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert chunks[-1].choices == []
    assert chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == count_text_tokens("Overturned.", MODEL)


def test_a_429_is_retried_when_retries_are_allowed(stub: OpenAIStub) -> None:
    stub.enqueue_error(429, headers={"retry-after": "0"})
    stub.enqueue_text("after the limit")

    assert ask(client(stub, max_retries=1)) == "after the limit"

    first, second = stub.requests
    assert second.headers["x-stainless-retry-count"] == "1"
    assert first.body == second.body


def test_a_429_raises_a_rate_limit_error_without_retries(stub: OpenAIStub) -> None:
    stub.enqueue_error(429, headers={"retry-after-ms": "1"})

    with pytest.raises(openai.RateLimitError) as raised:
        ask(client(stub, max_retries=0))

    assert raised.value.status_code == 429
    assert len(stub.requests) == 1


def test_a_500_raises_an_internal_server_error(stub: OpenAIStub) -> None:
    stub.enqueue_error(500, body={"error": {"message": "upstream fell over"}})

    with pytest.raises(openai.InternalServerError, match="upstream fell over"):
        ask(client(stub, max_retries=0))


def test_an_unknown_path_is_recorded_and_answered_404(stub: OpenAIStub) -> None:
    with pytest.raises(openai.NotFoundError, match="no route"):
        client(stub).responses.create(model=MODEL, input="Decide.")

    (request,) = stub.requests
    assert request.path == "/v1/responses"
    assert request.body["input"] == "Decide."


def test_a_delay_past_the_client_timeout_raises_and_does_not_hang_shutdown(
    token_cache: Path,
) -> None:
    stub = OpenAIStub(token_cache_dir=token_cache).start()
    try:
        stub.enqueue_delay(2.0, then="too late")
        with pytest.raises(openai.APITimeoutError):
            ask(client(stub, timeout=0.5, max_retries=0))
    finally:
        began = time.monotonic()
        stub.stop()
    assert time.monotonic() - began < 1.0
    assert stub.server_errors == []


def test_a_delay_within_the_timeout_still_answers(stub: OpenAIStub) -> None:
    stub.enqueue_delay(0.05, then="on time")

    assert ask(client(stub, timeout=5)) == "on time"


def test_errors_can_target_the_embeddings_path(stub: OpenAIStub) -> None:
    stub.enqueue_text("for chat")
    stub.enqueue_error(500, path=EMBEDDINGS_PATH)
    api = client(stub)

    with pytest.raises(openai.InternalServerError):
        api.embeddings.create(model="text-embedding-3-small", input="knee")
    assert ask(api) == "for chat"


def test_a_failing_responder_answers_500_and_is_recorded(token_cache: Path) -> None:
    def broken(request: dict[str, Any]) -> str:
        raise ValueError("no script for this prompt")

    with OpenAIStub(responder=broken, token_cache_dir=token_cache) as stub:
        with pytest.raises(openai.InternalServerError, match="no script"):
            ask(client(stub))
        assert [type(error) for error in stub.server_errors] == [ValueError]


def test_requests_keep_the_raw_body_and_the_stub_stops_cleanly(token_cache: Path) -> None:
    with OpenAIStub(token_cache_dir=token_cache) as stub:
        url = stub.base_url
        ask(client(stub), "raw")
        assert json.loads(stub.requests[0].raw) == stub.requests[0].body
    with pytest.raises(openai.APIConnectionError):
        ask(openai.OpenAI(base_url=url, api_key="test", max_retries=0, timeout=2))
