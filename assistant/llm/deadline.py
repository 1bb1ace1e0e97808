"""The time left to draft one item: the chain sets a deadline, each model call fits inside it.

A context variable carries it, so a drafter needs no extra argument and items drafted at once
in a batch (each in its own thread, each with its own copied context) keep their own deadlines.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("imr_item_deadline", default=None)


@contextmanager
def item_deadline(seconds: float | None) -> Iterator[None]:
    """Within the block, model calls end at most `seconds` from now (no bound when None)."""
    token = _deadline.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining_s() -> float | None:
    """Seconds left before the current item's deadline (0 when passed); None when unbounded."""
    deadline = _deadline.get()
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def expired() -> bool:
    """Whether the current item's deadline has passed."""
    left = remaining_s()
    return left is not None and left <= 0.0
