"""`--dry-run`: pack every unfinished item's prompt locally and price it, calling no model."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from pydantic import BaseModel

from assistant.batch.budget import estimate_cost
from assistant.batch.inputs import WorkItem
from assistant.batch.runner import pack_item
from assistant.drafting.case import Case
from assistant.drafting.chain import DraftingChain
from assistant.llm.usage import Price


class Estimate(BaseModel):
    """What the pending items would send: prompt tokens counted with tiktoken, and their cost."""

    items: int
    prompt_tokens: int
    max_completion_tokens: int
    estimated_cost_usd: float | None

    def row(self) -> dict[str, object]:
        return self.model_dump()


def estimate(
    chain: DraftingChain,
    cases: list[Case],
    pending: list[WorkItem],
    price: Price | None,
    concurrency: int,
) -> Estimate:
    """First-attempt prompts of the pending items; cost = prompts + a full completion each."""
    by_id = {case.case_id: case for case in cases}
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        packed = list(
            pool.map(lambda item: pack_item(chain, by_id[item.case_id], item.title)[0], pending)
        )
    llm = chain.settings.llm
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
