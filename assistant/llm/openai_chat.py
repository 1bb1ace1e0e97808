"""The OpenAI backend: OpenAI itself, or any OpenAI-compatible server chosen by base URL.

The OpenAI libraries are imported only when a client is built: the offline model never loads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import SecretStr

from assistant.errors import ConfigError, ModelError
from assistant.llm.counting import Message
from assistant.settings import LLMSettings

if TYPE_CHECKING:
    import openai
    from langchain_openai import ChatOpenAI

PLACEHOLDER_KEY = "not-needed"  # OpenAI-compatible local servers accept any key


def model_label(llm: LLMSettings) -> str:
    """How a draft records the model that wrote it."""
    if llm.resolved_backend() == "offline":
        return "offline"
    return f"openai-compatible:{llm.model}" if llm.base_url else f"openai:{llm.model}"


def _api_key(llm: LLMSettings) -> str:
    """The key to send; a placeholder for a keyless compatible server, an error with neither."""
    key = llm.api_key.get_secret_value() if llm.api_key else ""
    if not key and not llm.base_url:
        raise ConfigError(
            "the openai model needs IMR_LLM__API_KEY (or IMR_LLM__BASE_URL for an "
            "OpenAI-compatible server)"
        )
    return key or PLACEHOLDER_KEY


def chat_model(llm: LLMSettings) -> ChatOpenAI:
    """A chat client for the configured model, over Chat Completions (never the Responses API)."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=llm.model,
        api_key=SecretStr(_api_key(llm)),
        base_url=llm.base_url,
        temperature=llm.temperature,
        timeout=llm.timeout_s,
        max_retries=llm.max_retries,
        max_tokens=llm.max_completion_tokens,
        streaming=llm.streaming,
        stream_usage=True,
        use_responses_api=False,
    )


def openai_client(llm: LLMSettings) -> openai.OpenAI:
    """The plain OpenAI client for the configured server (files and batches)."""
    import openai

    return openai.OpenAI(
        api_key=_api_key(llm),
        base_url=llm.base_url,
        timeout=llm.timeout_s,
        max_retries=llm.max_retries,
    )


def to_messages(messages: Sequence[Message]) -> list[BaseMessage]:
    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[role](content=content) for role, content in messages]


def describe_api_error(error: openai.APIError, llm: LLMSettings) -> ModelError:
    """A one-line error that names the model and the failure, never the prompt."""
    import openai

    label = model_label(llm)
    if isinstance(error, openai.APITimeoutError):
        return ModelError(f"{label}: no answer within {llm.timeout_s:g} s (IMR_LLM__TIMEOUT_S)")
    if isinstance(error, openai.APIConnectionError):
        return ModelError(f"{label}: cannot reach the server ({error.__class__.__name__})")
    if isinstance(error, openai.APIStatusError):
        retried = f" after {llm.max_retries} retries" if llm.max_retries else ""
        return ModelError(f"{label}: HTTP {error.status_code}{retried}: {error.message}")
    return ModelError(f"{label}: {error.__class__.__name__}")
