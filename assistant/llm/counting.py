"""Prompt tokens of a chat request, counted the way OpenAI bills its chat models."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from assistant.corpus.tokens import encoding_for

TOKENS_PER_MESSAGE = 3
REPLY_PRIMING = 3

Message = tuple[str, str]  # (OpenAI role, content)


@lru_cache(maxsize=4096)
def count_text(text: str, model: str) -> int:
    """Tokens of one text; cached, as the same excerpts and prompt parts recur item after item."""
    return len(encoding_for(model).encode(text, disallowed_special=()))


def count_messages(messages: Sequence[Message], model: str) -> int:
    """Tokens OpenAI reports as `prompt_tokens` for these messages (without tools or schemas)."""
    return REPLY_PRIMING + sum(
        TOKENS_PER_MESSAGE + count_text(role, model) + count_text(content, model)
        for role, content in messages
    )
