"""A chat model's prompt fits IMR_LLM__PROMPT_BUDGET_TOKENS per item (a small model's budget); the
offline model still packs to the context window, so its drafts do not change."""

from __future__ import annotations

from pathlib import Path

from assistant.drafting.chain import DraftingChain, build_chain
from assistant.drafting.request import DraftRequest, PackedPrompt
from assistant.letters.models import Decision
from tests.drafting.conftest import CASE_SUMMARY, chain_settings

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
