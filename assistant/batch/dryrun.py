"""`--dry-run`: pack every unfinished item's prompt locally and price it, calling no model."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.batch.budget import estimate_cost
from assistant.batch.inputs import WorkItem
from assistant.batch.runner import request_for
from assistant.drafting.case import Case
from assistant.drafting.chain import DraftingChain
from assistant.drafting.request import PackedPrompt
from assistant.llm.usage import Price
from assistant.settings import LLMSettings


class Estimate(BaseModel):
    """What the pending items would send: prompt tokens counted with tiktoken, and their cost."""

    items: int
    prompt_tokens: int
    max_completion_tokens: int
    estimated_cost_usd: float | None

    def row(self) -> dict[str, object]:
        return self.model_dump()


def pack_pending(
    chain: DraftingChain, cases: list[Case], pending: list[WorkItem], concurrency: int
) -> list[PackedPrompt]:
    """The first-attempt prompt of each pending item, in `pending` order."""
    by_id = {case.case_id: case for case in cases}
    requests = [request_for(by_id[item.case_id], item.title) for item in pending]
    packed = chain.packing.batch(requests, {"max_concurrency": concurrency})
    return [prompt for prompt, _ in packed]


def estimate_packed(packed: list[PackedPrompt], price: Price | None, llm: LLMSettings) -> Estimate:
    """Cost of the prompts = prompt tokens + a full completion allowance each."""
    prompt_tokens = sum(prompt.prompt_tokens for prompt in packed)
    cost = (
        None
        if price is None
        else sum(estimate_cost(price, prompt.prompt_tokens, llm) for prompt in packed)
    )
    return Estimate(
        items=len(packed),
        prompt_tokens=prompt_tokens,
        max_completion_tokens=llm.max_completion_tokens * len(packed),
        estimated_cost_usd=None if cost is None else round(cost, 6),
    )


def estimate(
    chain: DraftingChain,
    cases: list[Case],
    pending: list[WorkItem],
    price: Price | None,
    concurrency: int,
) -> Estimate:
    """First-attempt prompts of the pending items, priced."""
    packed = pack_pending(chain, cases, pending, concurrency)
    return estimate_packed(packed, price, chain.settings.llm)
