"""Pseudonymisation at the edge of a model call: the messages going out, the reply coming back.

A remote backend sends every request through `PrivacyEdge.exchange` and reads every reply back
through the `Exchange` it got, so identifiers leave the machine only as placeholders.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from assistant.llm.counting import Message
from assistant.privacy.models import PlaceholderMap
from assistant.privacy.pseudonymize import pseudonymize_all, restore
from assistant.settings import PrivacySettings

Reply = TypeVar("Reply", bound=BaseModel)

#: The longest text a placeholder can be (`[ADDRESS_` plus digits and `]`) while still arriving.
_LONGEST_PLACEHOLDER = 24


def pseudonymize_messages(
    messages: Sequence[Message], privacy: PrivacySettings
) -> tuple[list[Message], PlaceholderMap]:
    """The messages with identifiers replaced (one map for all), or unchanged when switched off."""
    if not privacy.pseudonymize:
        return list(messages), PlaceholderMap()
    texts, mapping = pseudonymize_all([content for _, content in messages])
    return [(role, text) for (role, _), text in zip(messages, texts, strict=True)], mapping


def _restore_data(value: Any, mapping: PlaceholderMap) -> Any:
    if isinstance(value, str):
        return restore(value, mapping)
    if isinstance(value, list):
        return [_restore_data(item, mapping) for item in value]
    if isinstance(value, dict):
        return {key: _restore_data(item, mapping) for key, item in value.items()}
    return value


def restore_reply(reply: Reply, mapping: PlaceholderMap) -> Reply:
    """A structured reply with every placeholder in its text put back."""
    if not mapping:
        return reply
    return type(reply).model_validate(_restore_data(reply.model_dump(), mapping))


def restore_stream(pieces: Iterable[str], mapping: PlaceholderMap) -> Iterator[str]:
    """A streamed reply restored piece by piece; a placeholder cut across pieces is held back."""
    pending = ""
    for piece in pieces:
        pending += piece
        cut = pending.rfind("[")
        if cut >= 0 and "]" not in pending[cut:] and len(pending) - cut < _LONGEST_PLACEHOLDER:
            ready, pending = pending[:cut], pending[cut:]
        else:
            ready, pending = pending, ""
        if ready:
            yield restore(ready, mapping)
    if pending:
        yield restore(pending, mapping)


class Exchange:
    """One request as it leaves the machine, and the way back for what its reply holds."""

    def __init__(self, sent: list[Message], mapping: PlaceholderMap) -> None:
        self.sent = sent
        self.mapping = mapping

    def text(self, text: str) -> str:
        return restore(text, self.mapping)

    def reply(self, reply: Reply) -> Reply:
        return restore_reply(reply, self.mapping)

    def stream(self, pieces: Iterable[str]) -> Iterator[str]:
        return restore_stream(pieces, self.mapping)


class PrivacyEdge:
    """Where case text meets a model that is not the offline one (IMR_PRIVACY__PSEUDONYMIZE)."""

    def __init__(self, privacy: PrivacySettings) -> None:
        self.privacy = privacy

    def exchange(self, messages: Sequence[Message]) -> Exchange:
        """The messages with identifiers replaced; the same messages always get the same map."""
        return Exchange(*pseudonymize_messages(messages, self.privacy))
