"""The Batch API input: one Chat Completions request per item, as the chat drafter would send it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from openai.lib._parsing import type_to_response_format_param
from pydantic import BaseModel, ConfigDict

from assistant.batch.inputs import WorkItem
from assistant.drafting.request import PackedPrompt
from assistant.drafting.schema import DraftReply
from assistant.privacy.messages import pseudonymize_messages
from assistant.settings import LLMSettings, PrivacySettings

ENDPOINT = "/v1/chat/completions"


class ManifestEntry(BaseModel):
    """Which item a request line drafts, and a digest of the prompt it sent."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    title: str
    prompt_sha256: str

    @property
    def item(self) -> WorkItem:
        return WorkItem(case_id=self.case_id, title=self.title)


def custom_id(number: int) -> str:
    return f"item-{number}"


def prompt_digest(packed: PackedPrompt) -> str:
    """A digest of the messages, to tell whether a repacked prompt is the one that was sent."""
    return hashlib.sha256(json.dumps(packed.messages).encode()).hexdigest()


def request_body(
    packed: PackedPrompt, llm: LLMSettings, privacy: PrivacySettings
) -> dict[str, Any]:
    """The Chat Completions body of one item: the first attempt, strict json_schema output,
    identifiers swapped for placeholders as the chat drafter swaps them.

    The response format is built by the openai client's own helper, the one it applies when
    langchain-openai hands it `DraftReply`, so both routes send the same schema.
    """
    sent, _ = pseudonymize_messages(packed.messages, privacy)
    return {
        "model": llm.model,
        "messages": [{"role": role, "content": content} for role, content in sent],
        "temperature": llm.temperature,
        "max_completion_tokens": llm.max_completion_tokens,
        "response_format": type_to_response_format_param(DraftReply),
    }


def request_lines(
    packed: list[PackedPrompt], llm: LLMSettings, privacy: PrivacySettings
) -> tuple[str, dict[str, ManifestEntry]]:
    """The JSONL text of the requests and the manifest custom_id -> item, in `packed` order."""
    lines: list[str] = []
    manifest: dict[str, ManifestEntry] = {}
    for number, prompt in enumerate(packed, 1):
        key = custom_id(number)
        line: dict[str, Any] = {
            "custom_id": key,
            "method": "POST",
            "url": ENDPOINT,
            "body": request_body(prompt, llm, privacy),
        }
        lines.append(json.dumps(line, ensure_ascii=False))
        manifest[key] = ManifestEntry(
            case_id=prompt.request.case_id,
            title=prompt.request.title,
            prompt_sha256=prompt_digest(prompt),
        )
    return "".join(f"{line}\n" for line in lines), manifest
