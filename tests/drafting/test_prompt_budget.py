"""A chat model's prompt fits IMR_LLM__PROMPT_BUDGET_TOKENS per call (a small model's budget), as a
server whose tokenizer counts more than tiktoken sees it, the re-ask included; the offline model
still packs to the context window, so its drafts do not change."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.corpus.chunks import ChunkKind, ChunkMeta
from assistant.corpus.tokens import CACHE_ENV, ensure_tiktoken_offline
from assistant.drafting.chain import DraftingChain, build_chain
from assistant.drafting.drafters import reply_form
from assistant.drafting.request import DraftRequest, ItemEvidence, PackedPrompt, pack_prompt
from assistant.letters.models import Decision
from assistant.llm.counting import count_messages
from assistant.llm.registry import model_spec
from assistant.prompts import load_prompts
from assistant.retrieval.models import RetrievedChunk
from assistant.settings import LLMSettings
from tests.drafting.conftest import CASE_SUMMARY, chain_settings
from tests.paths import REPO
from tests.stubs.openai_stub import OpenAIStub

REQUEST = DraftRequest(
    case_id="SYN-T",
    summary=CASE_SUMMARY,
    title="Cyclobenzaprine 7.5 mg #20",
    decision=Decision.UPHELD,
)


def packed(chain: DraftingChain) -> PackedPrompt:
    return chain.pack(REQUEST, chain.retrieve(REQUEST))


def chat_chain(data_dir: Path, budget: int) -> DraftingChain:
    return build_chain(
        chain_settings(
            data_dir,
            backend="openai",
            base_url="http://127.0.0.1:9/v1",
            prompt_budget_tokens=budget,
        )
    )


def test_a_chat_model_prompt_fits_its_budget_with_the_best_excerpts(
    ingested_data_dir: Path, offline_chain: DraftingChain
) -> None:
    whole = packed(offline_chain)
    budget = whole.prompt_tokens - 300
    small = packed(chat_chain(ingested_data_dir, budget))

    assert small.prompt_tokens <= budget
    assert small.dropped_excerpts + small.dropped_examples > 0
    labels = [excerpt.chunk_id for excerpt in small.excerpts]
    assert labels == [excerpt.chunk_id for excerpt in whole.excerpts][: len(labels)]


def test_a_budget_below_the_case_still_keeps_the_best_excerpt(ingested_data_dir: Path) -> None:
    tight = packed(chat_chain(ingested_data_dir, 500))

    assert len(tight.excerpts) == 1 and tight.examples == []


def test_the_offline_model_packs_to_the_window_whatever_the_budget(
    ingested_data_dir: Path, offline_chain: DraftingChain
) -> None:
    budgeted = build_chain(
        chain_settings(ingested_data_dir, backend="offline", prompt_budget_tokens=500)
    )

    assert packed(budgeted).prompt_tokens == packed(offline_chain).prompt_tokens


# -- a budget a server's own tokenizer keeps -------------------------------------------------------

LARGER_TOKENIZER = 1.1
"""A server tokenizer that counts a tenth more tokens than tiktoken (SmolLM2's counted 3-6% more
on the seed prompts, its chat template included)."""
MANY = 25


def long_excerpt(number: int) -> RetrievedChunk:
    """A synthetic guideline chunk of about a hundred tokens."""
    text = f"Synthetic topic {number}\n" + " ".join(
        f"Condition {part} of topic {number}: the records show a measured gain in function after "
        "a trial of the treatment before more of it is given."
        for part in range(4)
    )
    meta = ChunkMeta(
        kind=ChunkKind.GUIDELINE,
        source_file=f"topic-{number}.md",
        corpus_root="/corpus",
        token_count=100,
        citation="",
        source="cpmtg",
        title=f"Synthetic topic {number}",
        pages=[number],
    )
    return RetrievedChunk(
        chunk_id=f"g-{number:032d}",
        kind=ChunkKind.GUIDELINE,
        citation="",
        score=1.0 / number,
        text=text,
        meta=meta,
    )


def packed_for_a_small_model(llm: LLMSettings) -> PackedPrompt:
    evidence = ItemEvidence(guidelines=[long_excerpt(n) for n in range(1, MANY + 1)], examples=[])
    return pack_prompt(
        REQUEST,
        evidence,
        load_prompts(REPO / "prompts"),
        model=llm.model,
        context_window=llm.context_window,
        completion_tokens=llm.max_completion_tokens,
        prompt_budget=model_spec(llm).prompt_budget,
    )


def offered_labels(prompt: str) -> list[str]:
    return re.findall(r"^\[(G\d+)\]", prompt, re.M)


def test_many_long_excerpts_are_trimmed_to_what_a_larger_tokenizer_fits_in_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "tiktoken"))
    ensure_tiktoken_offline(tmp_path / "tiktoken")
    llm = LLMSettings(backend="openai", base_url="http://127.0.0.1:9/v1", model="smollm2-135m")

    small = packed_for_a_small_model(llm)

    assert small.prompt_tokens * LARGER_TOKENIZER <= llm.prompt_budget_tokens
    assert 0 < small.dropped_excerpts < MANY
    kept = [excerpt.label for excerpt in small.excerpts]
    assert offered_labels(small.messages[-1][1]) == kept
    assert list(reply_form(small).guideline_labels) == kept
    assert kept == [f"G{n}" for n in range(1, len(kept) + 1)]


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub() as server:
        yield server


def long_reply(*, guideline: list[str], case: list[str]) -> str:
    """A reply as long as the compact reply allows: six sentences near their length limit."""
    text = ("The records describe the course of care in some detail, " * 4)[:230].strip()
    sentences = [
        {"t": text, "g": guideline, "s": []} if odd else {"t": text, "g": [], "s": case}
        for odd in (True, False) * 3
    ]
    return json.dumps({"g": guideline, "r": sentences})


def openai_chain(data_dir: Path, stub: OpenAIStub) -> DraftingChain:
    return build_chain(
        chain_settings(
            data_dir,
            backend="openai",
            base_url=stub.base_url,
            api_key="test-key",
            max_retries=0,
            timeout_s=10,
            max_repairs=1,
        )
    )


def test_the_re_ask_stays_within_the_budget_and_offers_only_what_it_shows(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = openai_chain(ingested_data_dir, stub)
    stub.enqueue_text(long_reply(guideline=["G1"], case=["S99"]))
    stub.enqueue_text(long_reply(guideline=["G1"], case=["S2"]))

    chain.draft(REQUEST)

    first, again = (request.body for request in stub.requests)
    budget = chain.settings.llm.prompt_budget_tokens
    for body in (first, again):
        messages = [(message["role"], message["content"]) for message in body["messages"]]
        assert count_messages(messages, "gpt-4o-mini") * LARGER_TOKENIZER <= budget
    prompt = again["messages"][1]["content"]
    schema = again["response_format"]["json_schema"]["schema"]
    assert schema["$defs"]["G"]["enum"] == offered_labels(prompt)
    assert "G1" in offered_labels(prompt)
    assert again["messages"][2]["role"] == "assistant" and "S99" in again["messages"][2]["content"]
    assert "'S99', which is absent" in again["messages"][-1]["content"]


def test_a_re_ask_reply_citing_an_excerpt_the_re_ask_left_out_is_flagged(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = openai_chain(ingested_data_dir, stub)
    first = packed(chain)
    last = first.excerpts[-1].label
    stub.enqueue_text(long_reply(guideline=["G1"], case=["S99"]))
    stub.enqueue_text(long_reply(guideline=["G1", last], case=["S2"]))

    draft = chain.draft(REQUEST)

    assert last not in offered_labels(stub.requests[1].body["messages"][1]["content"])
    assert f"cites {last!r}, which is not among the excerpts offered for this item" in [
        problem.message for problem in draft.problems
    ]


def test_an_unreadable_reply_is_not_sent_back_with_the_re_ask(
    ingested_data_dir: Path, stub: OpenAIStub
) -> None:
    chain = openai_chain(ingested_data_dir, stub)
    rambling = "Sure, here is the rationale you asked for. " * 40
    stub.enqueue_text(rambling)
    stub.enqueue_text(long_reply(guideline=["G1"], case=["S2"]))

    chain.draft(REQUEST)

    answer = stub.requests[1].body["messages"][2]
    assert answer["role"] == "assistant"
    assert "rationale you asked for" not in answer["content"]
