"""Transient model failures are retried; a Retry-After from the server sets the wait."""

from __future__ import annotations

import time

import httpx
import openai
import pytest
from langchain_core.runnables import RunnableLambda

from assistant.llm.retries import retrying

URL = "http://127.0.0.1:9/v1/chat/completions"


def status_error(status: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    response = httpx.Response(status, headers=headers, request=httpx.Request("POST", URL))
    kind = {429: openai.RateLimitError, 400: openai.BadRequestError}[status]
    return kind("refused", response=response, body=None)


def failing(errors: list[Exception]) -> tuple[RunnableLambda[str, str], list[str]]:
    calls: list[str] = []

    def call(text: str) -> str:
        calls.append(text)
        if errors:
            raise errors.pop(0)
        return text.upper()

    return RunnableLambda(call), calls


def test_a_rate_limit_is_retried_after_the_wait_the_server_asks_for() -> None:
    model, calls = failing([status_error(429, {"retry-after": "0"})])

    started = time.monotonic()
    answer = retrying(model, retries=1).invoke("ok")

    assert answer == "OK" and len(calls) == 2
    assert time.monotonic() - started < 0.9  # the backoff alone would wait at least 1 s


def test_without_a_retry_after_the_backoff_waits() -> None:
    model, calls = failing([openai.APIConnectionError(request=httpx.Request("POST", URL))])

    started = time.monotonic()
    retrying(model, retries=1).invoke("ok")

    assert len(calls) == 2 and time.monotonic() - started >= 1.0


def test_a_refused_request_is_not_retried_and_retries_run_out() -> None:
    model, calls = failing([status_error(400)])
    with pytest.raises(openai.BadRequestError):
        retrying(model, retries=3).invoke("ok")
    assert len(calls) == 1

    model, calls = failing([status_error(429, {"retry-after": "0"}) for _ in range(3)])
    with pytest.raises(openai.RateLimitError):
        retrying(model, retries=2).invoke("ok")
    assert len(calls) == 3
