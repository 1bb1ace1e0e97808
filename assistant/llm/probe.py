"""`imr doctor`'s check of the configured model server: one tiny structured request per
structured-output method, to say which method the server takes and which the settings use."""

from __future__ import annotations

import time
from typing import get_args

import openai
from pydantic import BaseModel

from assistant.health import CheckResult, StoreHealth
from assistant.llm.openai_chat import chat_model, describe_api_error, to_messages
from assistant.prompts import PromptSet
from assistant.settings import LLMSettings, StructuredOutput

PROBE_REPLY_TOKENS = 100


class Probe(BaseModel):
    """The reply asked for: one flag."""

    ok: bool


def try_method(llm: LLMSettings, method: StructuredOutput, prompts: PromptSet) -> str | None:
    """None when the server answers a structured request made by `method`; else why not."""
    tiny = llm.model_copy(
        update={"structured_output": method, "max_completion_tokens": PROBE_REPLY_TOKENS}
    )
    model = chat_model(tiny, max_retries=0).with_structured_output(
        Probe, method=method, include_raw=True
    )
    try:
        out = model.invoke(to_messages([("user", prompts.fill("probe"))]))
    except openai.APIError as error:
        return str(describe_api_error(error, tiny))
    except (openai.OpenAIError, ValueError) as error:
        return f"the reply could not be read ({error.__class__.__name__})"
    if isinstance(out.get("parsed"), Probe):
        return None
    return f"the reply did not match the schema ({out.get('parsing_error').__class__.__name__})"


def probe_server(llm: LLMSettings, prompts: PromptSet) -> StoreHealth:
    """Try the configured method, then the others (unless the server cannot be reached). The
    server fails the check when the configured method does not work."""
    start = time.perf_counter()
    configured = llm.structured_output
    failures = {configured: try_method(llm, configured, prompts)}
    unreachable = "cannot reach the server" in (failures[configured] or "")
    for method in get_args(StructuredOutput):
        if method not in failures and not unreachable:
            failures[method] = try_method(llm, method, prompts)
    working = [method for method, failure in failures.items() if failure is None]
    checks = [
        CheckResult(
            name=f"structured output by {configured} (IMR_LLM__STRUCTURED_OUTPUT)",
            passed=failures[configured] is None,
            detail=failures[configured] or "the server answered with a reply matching the schema",
        ),
        CheckResult(
            name="structured-output methods the server takes",
            passed=bool(working),
            detail=", ".join(working)
            or "; ".join(f"{method}: {failure}" for method, failure in failures.items()),
        ),
    ]
    if not working:
        advice = "check IMR_LLM__BASE_URL, IMR_LLM__MODEL and that the server is running"
    elif failures[configured] is not None:
        advice = f"set IMR_LLM__STRUCTURED_OUTPUT={working[0]}, a method this server takes"
    else:
        advice = None
    return StoreHealth(
        store="model server",
        location=llm.base_url or "the OpenAI API",
        checks=checks,
        advice=advice,
        elapsed_ms=(time.perf_counter() - start) * 1000,
    )
