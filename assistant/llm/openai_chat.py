"""Clients of OpenAI itself, or of any OpenAI-compatible server chosen by base URL."""

from __future__ import annotations

from collections.abc import Sequence

import openai
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from assistant.errors import ConfigError, ModelError
from assistant.llm.counting import Message
from assistant.settings import LLMSettings

PLACEHOLDER_KEY = "not-needed"  # OpenAI-compatible local servers accept any key


def openai_label(llm: LLMSettings) -> str:
    """How a draft records the chat model that wrote it."""
    return f"openai-compatible:{llm.model}" if llm.base_url else f"openai:{llm.model}"


def api_key(llm: LLMSettings) -> str:
    """The key to send; a placeholder for a keyless compatible server, an error with neither."""
    key = llm.api_key.get_secret_value() if llm.api_key else ""
    if not key and not llm.base_url:
        raise ConfigError(
            "the openai model needs IMR_LLM__API_KEY (or IMR_LLM__BASE_URL for an "
            "OpenAI-compatible server)"
        )
    return key or PLACEHOLDER_KEY


def chat_model(llm: LLMSettings, *, max_retries: int) -> ChatOpenAI:
    """A chat client for the configured model, over Chat Completions (never the Responses API);
    `max_retries` are the client's own retries of a failed HTTP call."""
    return ChatOpenAI(
        model=llm.model,
        api_key=SecretStr(api_key(llm)),
        base_url=llm.base_url,
        temperature=llm.temperature,
        timeout=llm.timeout_s,
        max_retries=max_retries,
        max_tokens=llm.max_completion_tokens,
        streaming=llm.streaming,
        stream_usage=True,
        use_responses_api=False,
    )


def openai_client(llm: LLMSettings) -> openai.OpenAI:
    """The plain OpenAI client for the configured server (files and batches)."""
    return openai.OpenAI(
        api_key=api_key(llm),
        base_url=llm.base_url,
        timeout=llm.timeout_s,
        max_retries=llm.max_retries,
    )


def to_messages(messages: Sequence[Message]) -> list[BaseMessage]:
    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[role](content=content) for role, content in messages]


def describe_api_error(error: openai.APIError, llm: LLMSettings) -> ModelError:
    """A one-line error that names the model and the failure, never the prompt."""
    label = openai_label(llm)
    if isinstance(error, openai.APITimeoutError):
        return ModelError(f"{label}: no answer within {llm.timeout_s:g} s (IMR_LLM__TIMEOUT_S)")
    if isinstance(error, openai.APIConnectionError):
        return ModelError(f"{label}: cannot reach the server ({error.__class__.__name__})")
    if isinstance(error, openai.APIStatusError):
        retried = f" after {llm.max_retries} retries" if llm.max_retries else ""
        return ModelError(f"{label}: HTTP {error.status_code}{retried}: {error.message}")
    return ModelError(f"{label}: {error.__class__.__name__}")
