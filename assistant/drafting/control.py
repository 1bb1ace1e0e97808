"""Hooks a run passes to the drafting chain through the runnable's config, per item.

A batch run gives the chain a `RunControl` under `configurable[CONTROL]`: the chain asks it
before retrieving an item (a stopped run starts no more) and before the model call (the budget
must hold the item's estimate), and tells it what the item cost. Without one, every item runs.
"""

from __future__ import annotations

from typing import Protocol

from langchain_core.runnables import RunnableConfig

from assistant.drafting.request import DraftRequest, PackedPrompt

CONTROL = "run_control"


class SkippedError(Exception):
    """An item the run's control declined to start or to pay for."""


class RunControl(Protocol):
    def start(self, request: DraftRequest) -> bool:
        """Whether the item may start now."""
        ...

    def reserve(self, packed: PackedPrompt) -> float | None:
        """The amount held for the item's model calls; None when it does not fit."""
        ...

    def settle(self, reserved: float, cost_usd: float | None) -> None:
        """Release the reservation and count what the item cost (unknown: None)."""
        ...


def control_of(config: RunnableConfig | None) -> RunControl | None:
    control: RunControl | None = ((config or {}).get("configurable") or {}).get(CONTROL)
    return control
