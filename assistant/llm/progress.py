"""What a drafting model is doing now, for a reviewer waiting on a slow model.

The drafter reports each model call as it starts (the first ask, or a re-ask with the problems to
fix); whoever shows progress listens within `reporting`. A context variable carries the listener,
as it carries the item's deadline, so items drafted at once each report through their own copied
context. Reports name the item's title and counts only, never case text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pydantic import BaseModel, ConfigDict, Field


class DraftStatus(BaseModel):
    """One model call starting for one item."""

    model_config = ConfigDict(frozen=True)

    title: str
    attempt: int = Field(ge=1, description="1 for the first ask, then one more per re-ask.")
    problems: int = Field(default=0, ge=0, description="Problems the re-ask asks to fix.")
    model: str
    started: float = Field(description="time.monotonic() when the item's first call started.")


Listener = Callable[[DraftStatus], object]

_listener: ContextVar[Listener | None] = ContextVar("imr_draft_listener", default=None)
_item: ContextVar[tuple[float, int]] = ContextVar("imr_draft_item", default=(0.0, 0))
"""When the current item's first call started, and how many calls it has made."""


@contextmanager
def reporting(listener: Listener) -> Iterator[None]:
    """Within the block, every model call of a draft is reported to `listener`."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def report_call(title: str, model: str, *, first: bool, problems: int) -> None:
    """Tell the listener, if any, that a model call for the item starts: its first ask, or a
    re-ask with `problems` to fix."""
    listener = _listener.get()
    if listener is None:
        return
    started, attempt = _item.get()
    if first or not attempt:
        started, attempt = time.monotonic(), 0
    attempt += 1
    _item.set((started, attempt))
    listener(
        DraftStatus(title=title, attempt=attempt, problems=problems, model=model, started=started)
    )


def status_line(status: DraftStatus, now: float | None = None) -> str:
    """The status as one line: what the model is asked and how long the item has taken."""
    elapsed = (time.monotonic() if now is None else now) - status.started
    doing = (
        "asking the model"
        if status.attempt == 1
        else f"asking again to fix {status.problems} problem(s) (attempt {status.attempt})"
    )
    return f"Drafting {status.title}: {doing} ({status.model}), {elapsed:.0f} s so far"
