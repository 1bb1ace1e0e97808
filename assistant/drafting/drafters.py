"""Drafting models behind one interface: the offline model, or a chat model with structured output.

Which one drafts is the backend's choice (`assistant.llm.registry`); the chain only asks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.drafting.cites import chunk_ids
from assistant.drafting.offline_model import offline_reply, propose
from assistant.drafting.proposal import Proposal
from assistant.drafting.request import PackedPrompt, repair_prompt
from assistant.drafting.schema import DraftReply, ReplyForm, compact_reply
from assistant.llm.counting import Message, count_messages, count_text
from assistant.llm.progress import report_call
from assistant.llm.registry import ModelSpec
from assistant.llm.usage import FREE, Price, Usage
from assistant.prompts import PromptSet

UNUSABLE_ANSWER = "(no usable reply)"

Unfinished = Literal["cut_off", "filtered"]
"""Why a reply stopped before it was whole: the reply cap (`length`) or a content filter."""


class ModelAnswer(BaseModel):
    """One model call's answer: the parsed reply (None when unusable), its raw text and usage."""

    model_config = ConfigDict(frozen=True)

    reply: DraftReply | None
    raw: str
    usage: Usage
    parse_error: str | None = None
    proposal: Proposal | None = None
    unfinished: Unfinished | None = None


class ModelReply(BaseModel):
    """What a chat model returned for one request, identifiers already restored.

    Token counts are those the server reported (None when it reported none); `parse_error` says
    why `parsed` is missing, `unfinished` when the server stopped the reply before its end.
    """

    model_config = ConfigDict(frozen=True)

    raw: str
    parsed: DraftReply | None
    parse_error: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    unfinished: Unfinished | None = None


class Drafter(Protocol):
    """A drafting model. `previous` and `problems` are set when re-asking after validation; the
    packed prompt is then the re-ask (`re_ask`), which already holds them."""

    name: str

    def answer(
        self, packed: PackedPrompt, previous: ModelAnswer | None, problems: list[str]
    ) -> ModelAnswer: ...


class StructuredModel(Protocol):
    """A chat model that answers messages with a `DraftReply`, asking for the compact reply
    `form` describes (raising ModelError on failure)."""

    def structured(self, messages: Sequence[Message], form: ReplyForm) -> ModelReply: ...


def reply_form(packed: PackedPrompt) -> ReplyForm:
    """The compact reply one item may send: the labels its prompt offers."""
    return ReplyForm(
        title=packed.request.title,
        guideline_labels=tuple(excerpt.label for excerpt in packed.excerpts),
        case_labels=tuple(sentence.id for sentence in packed.sentences),
        decision=packed.request.decision,
    )


def re_ask(
    packed: PackedPrompt, previous: ModelAnswer, problems: list[str], prompts: PromptSet
) -> PackedPrompt:
    """The prompt that re-asks an item after `previous` had `problems`: the model's reply as the
    compact reply it was asked for (not its raw text; nothing of an unusable one), within the
    item's budget."""
    if previous.reply is None:
        return repair_prompt(packed, UNUSABLE_ANSWER, (), problems, prompts)
    form = reply_form(packed)
    answer = compact_reply(previous.reply, form).model_dump_json(exclude_none=True)
    reply = previous.reply
    cited = {
        label.strip().strip("[]").upper()
        for label in chunk_ids(reply.guideline_chunk_ids, reply.rationale, reply.criteria)
    }
    return repair_prompt(packed, answer, cited, problems, prompts)


class OfflineDrafter:
    """The deterministic offline model; re-asked, it keeps only its plainest sentences."""

    name = "offline"

    def answer(
        self, packed: PackedPrompt, previous: ModelAnswer | None, problems: list[str]
    ) -> ModelAnswer:
        report_call(packed.request.title, self.name, first=previous is None, problems=len(problems))
        proposal = propose(packed) if packed.request.decision is None else None
        reply = offline_reply(packed, conservative=previous is not None, proposal=proposal)
        raw = reply.model_dump_json()
        usage = Usage.of_call(
            packed.prompt_tokens, count_text(raw, packed.model), FREE, estimated=True
        )
        return ModelAnswer(reply=reply, raw=raw, usage=usage, proposal=proposal)


def answer_from(
    reply: ModelReply, messages: Sequence[Message], price: Price | None, model: str
) -> ModelAnswer:
    """A model's reply as the chain reads it, with the usage reported or, failing that, counted."""
    if reply.prompt_tokens is not None:
        usage = Usage.of_call(
            reply.prompt_tokens, reply.completion_tokens or 0, price, estimated=False
        )
    else:
        usage = Usage.of_call(
            count_messages(messages, model), count_text(reply.raw, model), price, estimated=True
        )
    return ModelAnswer(
        reply=reply.parsed,
        raw=reply.raw,
        usage=usage,
        parse_error=None if reply.parsed is not None else reply.parse_error,
        unfinished=None if reply.parsed is not None else reply.unfinished,
    )


class ChatDrafter:
    """A chat model with structured output; re-asked, it sees its answer and what to fix."""

    def __init__(self, model: StructuredModel, prompts: PromptSet, spec: ModelSpec) -> None:
        self.model = model
        self.prompts = prompts
        self.spec = spec
        self.name = spec.label

    def answer(
        self, packed: PackedPrompt, previous: ModelAnswer | None, problems: list[str]
    ) -> ModelAnswer:
        messages = list(packed.messages)
        report_call(packed.request.title, self.name, first=previous is None, problems=len(problems))
        form = reply_form(packed)
        if self.spec.structured_output == "json_mode":
            messages = with_reply_schema(messages, self.prompts, form)
        reply = self.model.structured(messages, form)
        return answer_from(reply, messages, self.spec.price, self.spec.model)


def with_reply_schema(
    messages: list[Message], prompts: PromptSet, form: ReplyForm
) -> list[Message]:
    """The messages with the reply's JSON schema added to the system message, for a server asked
    only for some JSON object (`json_mode`)."""
    schema = json.dumps(form.json_schema(), separators=(",", ":"))
    addition = prompts.fill("reply_schema", schema=schema)
    (role, content), rest = messages[0], messages[1:]
    if role != "system":
        return [("system", addition), *messages]
    return [(role, f"{content}\n\n{addition}"), *rest]


def describe_parse_error(error: object) -> str:
    """Why a reply could not be read as the compact reply, in one line."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "reply"
        return f"the reply does not match the schema: {where}: {first['msg']}"
    if error is None:
        return "the reply was empty"
    return f"the reply is not valid JSON for the schema ({error.__class__.__name__})"
