"""The Batch API input: one Chat Completions request per item, as the chat drafter would send it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.batch.inputs import WorkItem
from assistant.drafting.drafters import reply_form
from assistant.drafting.request import PackedPrompt
from assistant.llm.openai_backend import OpenAIBackend
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


def request_lines(
    packed: list[PackedPrompt], llm: LLMSettings, privacy: PrivacySettings
) -> tuple[str, dict[str, ManifestEntry]]:
    """The JSONL text of the requests and the manifest custom_id -> item, in `packed` order.

    Each body is the first attempt as the backend would send it directly, identifiers swapped
    for placeholders at its edge.
    """
    backend = OpenAIBackend(llm, privacy)
    lines: list[str] = []
    manifest: dict[str, ManifestEntry] = {}
    for number, prompt in enumerate(packed, 1):
        key = custom_id(number)
        line: dict[str, Any] = {
            "custom_id": key,
            "method": "POST",
            "url": ENDPOINT,
            "body": backend.request_body(prompt.messages, reply_form(prompt)),
        }
        lines.append(json.dumps(line, ensure_ascii=False))
        manifest[key] = ManifestEntry(
            case_id=prompt.request.case_id,
            title=prompt.request.title,
            prompt_sha256=prompt_digest(prompt),
        )
    return "".join(f"{line}\n" for line in lines), manifest
