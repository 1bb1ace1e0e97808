"""Retries of a failed model call: LangChain's `RunnableRetry` (what `with_retry` builds), repeating
only transient failures and waiting as long as the server's Retry-After asks."""

from __future__ import annotations

from typing import Any

import openai
from langchain_core.runnables import Runnable
from langchain_core.runnables.retry import RunnableRetry
from tenacity import RetryCallState

MAX_RETRY_AFTER_S = 60.0  # a longer wait than this is not waited for: the backoff applies


def is_transient(error: BaseException) -> bool:
    """Whether a failed call is worth repeating: no connection, a timeout, a rate limit, a conflict
    or a server error (what the openai client itself retries)."""
    if isinstance(error, openai.APIConnectionError):
        return True
    return isinstance(error, openai.APIStatusError) and (
        error.status_code in (408, 409, 429) or error.status_code >= 500
    )


def retry_after_s(error: BaseException | None) -> float | None:
    """The seconds a response's Retry-After header asks to wait, when it asks for a usable wait."""
    response = getattr(error, "response", None)
    header = response.headers.get("retry-after") if response is not None else None
    try:
        seconds = float(header) if header is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and 0 <= seconds <= MAX_RETRY_AFTER_S else None


class TransientRetry(RunnableRetry[Any, Any]):  # type: ignore[no-redef]  # its field "kwargs"
    """`with_retry`'s exponential backoff with jitter, unless the server says how long to wait."""

    @property
    def _kwargs_retrying(self) -> dict[str, Any]:
        options: dict[str, Any] = super()._kwargs_retrying
        backoff = options["wait"]

        def wait(state: RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome is not None else None
            asked = retry_after_s(error)
            return asked if asked is not None else float(backoff(state))

        options["wait"] = wait
        return options


def retrying(runnable: Runnable[Any, Any], retries: int) -> Runnable[Any, Any]:
    """The runnable, repeated up to `retries` times after a transient failure."""
    return TransientRetry(
        bound=runnable,
        kwargs={},
        config={},
        retry_exception_types=is_transient,
        max_attempt_number=retries + 1,
    )
