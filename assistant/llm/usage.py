"""Token usage and estimated cost of model calls."""

from __future__ import annotations

import threading

from pydantic import BaseModel

from assistant.settings import LLMSettings

# USD per million tokens (prompt, completion), as OpenAI lists them; override with
# IMR_LLM__PROMPT_USD_PER_1M and IMR_LLM__COMPLETION_USD_PER_1M for other models or servers.
KNOWN_PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
}


class Price(BaseModel):
    prompt_usd_per_1m: float
    completion_usd_per_1m: float

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (
            prompt_tokens * self.prompt_usd_per_1m + completion_tokens * self.completion_usd_per_1m
        ) / 1_000_000


FREE = Price(prompt_usd_per_1m=0.0, completion_usd_per_1m=0.0)


def list_price(llm: LLMSettings) -> Price | None:
    """The configured price, else the known price of the model; None when unknown."""
    if llm.prompt_usd_per_1m is not None and llm.completion_usd_per_1m is not None:
        return Price(
            prompt_usd_per_1m=llm.prompt_usd_per_1m,
            completion_usd_per_1m=llm.completion_usd_per_1m,
        )
    known = KNOWN_PRICES.get(llm.model)
    if known is None:
        return None
    return Price(prompt_usd_per_1m=known[0], completion_usd_per_1m=known[1])


class Usage(BaseModel):
    """Tokens of one or more model calls; `estimated` when counted here rather than reported."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = 0.0
    estimated: bool = False

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        cost = (
            None
            if self.cost_usd is None or other.cost_usd is None
            else (self.cost_usd + other.cost_usd)
        )
        return Usage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cost_usd=cost,
            estimated=self.estimated or other.estimated,
        )

    @classmethod
    def of_call(
        cls, prompt_tokens: int, completion_tokens: int, price: Price | None, *, estimated: bool
    ) -> Usage:
        return cls(
            calls=1,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost_usd=None if price is None else price.cost(prompt_tokens, completion_tokens),
            estimated=estimated,
        )

    def row(self) -> dict[str, object]:
        return {
            "calls": self.calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
            "cost_usd": None if self.cost_usd is None else round(self.cost_usd, 6),
            "estimated": self.estimated,
        }


class UsageTally:
    """A running sum of calls' usage, added to as each call returns (from any thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._total = Usage()

    def add(self, usage: Usage) -> None:
        with self._lock:
            self._total = self._total + usage

    @property
    def total(self) -> Usage:
        """The usage of every call added so far."""
        with self._lock:
            return self._total
