"""A spending limit that items reserve against before their model call (thread-safe)."""

from __future__ import annotations

import threading

from assistant.errors import ConfigError
from assistant.llm.registry import ModelSpec
from assistant.llm.usage import Price
from assistant.settings import LLMSettings


def budget_price(spec: ModelSpec) -> Price:
    """The price a budget is counted at; an unknown price cannot be budgeted."""
    if spec.price is None:
        raise ConfigError(
            f"--budget-usd needs the price of model {spec.model!r}: set "
            "IMR_LLM__PROMPT_USD_PER_1M and IMR_LLM__COMPLETION_USD_PER_1M"
        )
    return spec.price


def estimate_cost(price: Price, prompt_tokens: int, llm: LLMSettings) -> float:
    """The most one first attempt can cost: its prompt plus a full completion allowance."""
    return price.cost(prompt_tokens, llm.max_completion_tokens)


class Budget:
    """Spent plus reserved never exceeds the limit; `None` means unlimited."""

    def __init__(self, limit_usd: float | None, spent_usd: float = 0.0) -> None:
        self.limit_usd = limit_usd
        self.spent_usd = spent_usd
        self.reserved_usd = 0.0
        self.exhausted = False
        self._lock = threading.Lock()

    def reserve(self, estimate: float) -> bool:
        """Hold `estimate` for an item about to start; False (and exhausted) if it does not fit."""
        with self._lock:
            if self.limit_usd is not None and (
                self.exhausted or self.spent_usd + self.reserved_usd + estimate > self.limit_usd
            ):
                self.exhausted = True
                return False
            self.reserved_usd += estimate
            return True

    def settle(self, estimate: float, actual: float | None) -> None:
        """Release a reservation and count what the item really cost (the estimate when unknown)."""
        with self._lock:
            self.reserved_usd -= estimate
            self.spent_usd += estimate if actual is None else actual
