"""What a chat model's verdicts spend: each call's usage, reported or counted, and their sum."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import AIMessage

from assistant.corpus.tokens import CACHE_ENV, ensure_tiktoken_offline
from assistant.llm.counting import count_messages, count_text
from assistant.llm.openai_backend import answer_usage
from assistant.llm.usage import Price, Usage, UsageTally

PRICE = Price(prompt_usd_per_1m=1.0, completion_usd_per_1m=2.0)
SENT = [("system", "Answer yes or no."), ("user", "Does the excerpt support the sentence?")]


def test_an_answer_with_reported_usage_costs_what_the_server_reported() -> None:
    reply = AIMessage(
        content="yes",
        usage_metadata={"input_tokens": 120, "output_tokens": 2, "total_tokens": 122},
    )
    assert answer_usage(reply, SENT, PRICE, "gpt-4o-mini") == Usage(
        calls=1, prompt_tokens=120, completion_tokens=2, cost_usd=124 / 1_000_000
    )


def test_an_answer_without_reported_usage_is_counted_and_marked_estimated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "tiktoken"))
    ensure_tiktoken_offline(tmp_path / "tiktoken")
    usage = answer_usage(AIMessage(content="No."), SENT, None, "gpt-4o-mini")
    assert usage == Usage(
        calls=1,
        prompt_tokens=count_messages(SENT, "gpt-4o-mini"),
        completion_tokens=count_text("No.", "gpt-4o-mini"),
        cost_usd=None,
        estimated=True,
    )


def test_a_tally_sums_the_calls_added_to_it() -> None:
    tally = UsageTally()
    tally.add(Usage.of_call(100, 2, PRICE, estimated=False))
    tally.add(Usage.of_call(50, 1, PRICE, estimated=False))
    total = tally.total
    assert (total.calls, total.prompt_tokens, total.completion_tokens) == (2, 150, 3)
    assert total.cost_usd == pytest.approx(156 / 1_000_000)
