"""The Batch API's output and error files, and a drafter that serves their replies to the chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.batch.openai_requests import ManifestEntry, prompt_digest
from assistant.drafting.drafters import ModelAnswer, answer_from, reply_form
from assistant.drafting.request import PackedPrompt
from assistant.errors import ModelError
from assistant.llm.openai_backend import OpenAIBackend
from assistant.settings import LLMSettings, PrivacySettings


class BatchResult(BaseModel):
    """One request's outcome: the reply's content and usage, or why it failed."""

    model_config = ConfigDict(frozen=True)

    custom_id: str
    content: str | None = None
    refusal: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    error: str | None = None


def _error_text(line: dict[str, Any]) -> str | None:
    error = line.get("error")
    if isinstance(error, dict):
        return f"{error.get('code') or 'error'}: {error.get('message') or 'no message'}"
    response = line.get("response")
    if not isinstance(response, dict):
        return "the result has neither a response nor an error"
    status = response.get("status_code")
    if status == 200:
        return None
    body = response.get("body")
    detail = body.get("error") if isinstance(body, dict) else None
    message = detail.get("message") if isinstance(detail, dict) else None
    return f"HTTP {status}: {message or 'no message'}"


def parse_result(line: dict[str, Any]) -> BatchResult:
    """A result line of either file; a non-200 response or an `error` object is a failure."""
    key = str(line.get("custom_id"))
    error = _error_text(line)
    if error is not None:
        return BatchResult(custom_id=key, error=error)
    body = line["response"].get("body") or {}
    choices = body.get("choices") or [{}]
    message = choices[0].get("message") or {}
    usage = body.get("usage") or {}
    return BatchResult(
        custom_id=key,
        content=message.get("content"),
        refusal=message.get("refusal"),
        prompt_tokens=usage.get("prompt_tokens"),
        completion_tokens=usage.get("completion_tokens"),
    )


def read_results(path: Path) -> dict[str, BatchResult]:
    """custom_id -> result for every line of a downloaded file; a damaged line is an error."""
    results: dict[str, BatchResult] = {}
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not text.strip():
            continue
        try:
            line = json.loads(text)
        except ValueError:
            raise ModelError(f"{path}: line {number} is not valid JSON") from None
        if not isinstance(line, dict) or "custom_id" not in line:
            raise ModelError(f"{path}: line {number} is not a batch result (no custom_id)")
        result = parse_result(line)
        results[result.custom_id] = result
    return results


class ReplayDrafter:
    """Answers each packed prompt with its item's reply from a finished batch.

    A prompt that packs differently now than when it was sent (the corpus or the prompts
    changed) is refused rather than matched to the wrong excerpt labels.
    """

    def __init__(
        self,
        llm: LLMSettings,
        privacy: PrivacySettings,
        batch_id: str,
        manifest: dict[str, ManifestEntry],
        results: dict[str, BatchResult],
        missing: str,
    ) -> None:
        self.backend = OpenAIBackend(llm, privacy)
        self.name = self.backend.spec.label
        self.batch_id = batch_id
        self.results = results
        self.missing = missing
        self._by_item = {entry.item.key: (key, entry) for key, entry in manifest.items()}

    def answer(
        self, packed: PackedPrompt, previous: ModelAnswer | None, problems: list[str]
    ) -> ModelAnswer:
        found = self._by_item.get((packed.request.case_id, packed.request.title))
        if found is None:
            raise ModelError(f"{self.name}: the item is not in batch {self.batch_id}")
        key, entry = found
        if prompt_digest(packed) != entry.prompt_sha256:
            raise ModelError(
                f"{self.name}: the item's prompt is not the one batch {self.batch_id} sent "
                "(the corpus, prompts or settings changed); rerun to submit it again"
            )
        result = self.results.get(key)
        if result is None:
            raise ModelError(f"{self.name}: batch {self.batch_id} {self.missing}")
        if result.error is not None:
            raise ModelError(f"{self.name}: {result.error}")
        reply = self.backend.replay(
            packed.messages,
            reply_form(packed),
            result.content,
            refusal=result.refusal,
            prompt_tokens=result.prompt_tokens,
            completion_tokens=result.completion_tokens,
        )
        spec = self.backend.spec
        return answer_from(reply, packed.messages, spec.price, spec.model)
