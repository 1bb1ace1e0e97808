"""Drafting models behind one interface: the offline model or a chat model, chosen by settings."""

from __future__ import annotations

import warnings
from typing import Any, Protocol

import openai
from langchain_core.runnables import Runnable
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.drafting.offline_model import offline_reply, propose
from assistant.drafting.proposal import Proposal
from assistant.drafting.request import PackedPrompt, repair_messages
from assistant.drafting.schema import DraftReply
from assistant.llm.counting import Message, count_messages, count_text
from assistant.llm.openai_chat import chat_model, describe_api_error, model_label, to_messages
from assistant.llm.usage import FREE, Price, Usage, price_for
from assistant.privacy.messages import pseudonymize_messages, restore_reply
from assistant.privacy.pseudonymize import restore
from assistant.prompts import PromptSet
from assistant.settings import LLMSettings, PrivacySettings


class ModelAnswer(BaseModel):
    """One model call's answer: the parsed reply (None when unusable), its raw text and usage."""

    model_config = ConfigDict(frozen=True)

    reply: DraftReply | None
    raw: str
    usage: Usage
    parse_error: str | None = None
    proposal: Proposal | None = None


class Drafter(Protocol):
    """A drafting model. `previous` and `problems` are set when re-asking after validation."""

    name: str

    def answer(
        self, packed: PackedPrompt, previous: ModelAnswer | None, problems: list[str]
    ) -> ModelAnswer: ...


class OfflineDrafter:
    """The deterministic offline model; re-asked, it keeps only its plainest sentences."""

    name = "offline"

    def answer(
        self, packed: PackedPrompt, previous: ModelAnswer | None, problems: list[str]
    ) -> ModelAnswer:
        proposal = propose(packed) if packed.request.decision is None else None
        reply = offline_reply(packed, conservative=previous is not None, proposal=proposal)
        raw = reply.model_dump_json()
        usage = Usage.of_call(
            packed.prompt_tokens, count_text(raw, packed.model), FREE, estimated=True
        )
        return ModelAnswer(reply=reply, raw=raw, usage=usage, proposal=proposal)


class ChatDrafter:
    """A chat model with structured output (OpenAI, or an OpenAI-compatible server).

    Identifiers in what is sent are replaced by placeholders unless `privacy` switches that off;
    the reply comes back with them restored.
    """

    def __init__(
        self, llm: LLMSettings, prompts: PromptSet, privacy: PrivacySettings | None = None
    ) -> None:
        self.llm = llm
        self.prompts = prompts
        self.privacy = privacy if privacy is not None else PrivacySettings()
        self.name = model_label(llm)
        self.price: Price | None = price_for(llm)
        model = chat_model(llm)
        self.structured: Runnable[Any, Any] = model.with_structured_output(
            DraftReply, method=llm.structured_output, include_raw=True
        )

    def answer(
        self, packed: PackedPrompt, previous: ModelAnswer | None, problems: list[str]
    ) -> ModelAnswer:
        messages: list[Message] = (
            repair_messages(packed, previous.raw or "(unreadable reply)", problems, self.prompts)
            if previous is not None
            else list(packed.messages)
        )
        sent, mapping = pseudonymize_messages(messages, self.privacy)
        try:
            with warnings.catch_warnings():
                # langchain-core serialises the parsed reply of a streamed structured call through
                # a field typed None; the warning is about its own bookkeeping, not our data.
                warnings.filterwarnings("ignore", "Pydantic serializer warnings", UserWarning)
                out = self.structured.invoke(to_messages(sent))
        except openai.APIError as error:
            raise describe_api_error(error, self.llm) from None
        except (ValidationError, ValueError) as error:
            # the client's own parse of a json_schema reply failed: ask again like any bad reply
            usage = Usage.of_call(
                count_messages(messages, self.llm.model), 0, self.price, estimated=True
            )
            return ModelAnswer(
                reply=None, raw="", usage=usage, parse_error=describe_parse_error(error)
            )
        raw_message = out.get("raw")
        raw = str(getattr(raw_message, "content", "") or "")
        if not raw and raw_message is not None:
            calls = getattr(raw_message, "tool_calls", None) or []
            raw = str(calls[0].get("args", "")) if calls else ""
        raw = restore(raw, mapping)
        metadata = getattr(raw_message, "usage_metadata", None) or {}
        if metadata.get("input_tokens"):
            usage = Usage.of_call(
                int(metadata["input_tokens"]),
                int(metadata.get("output_tokens", 0)),
                self.price,
                estimated=False,
            )
        else:
            usage = Usage.of_call(
                count_messages(messages, self.llm.model),
                count_text(raw, self.llm.model),
                self.price,
                estimated=True,
            )
        parsed = out.get("parsed")
        if isinstance(parsed, DraftReply):
            return ModelAnswer(reply=restore_reply(parsed, mapping), raw=raw, usage=usage)
        return ModelAnswer(
            reply=None,
            raw=raw,
            usage=usage,
            parse_error=describe_parse_error(out.get("parsing_error")),
        )


def describe_parse_error(error: object) -> str:
    """Why a reply could not be read as a `DraftReply`, in one line."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "reply"
        return f"the reply does not match the schema: {where}: {first['msg']}"
    if error is None:
        return "the reply was empty"
    return f"the reply is not valid JSON for the schema ({error.__class__.__name__})"


def build_drafter(
    llm: LLMSettings, prompts: PromptSet, privacy: PrivacySettings | None = None
) -> Drafter:
    """The drafting model the settings choose; the offline one runs here and sees the case as is."""
    if llm.resolved_backend() == "offline":
        return OfflineDrafter()
    return ChatDrafter(llm, prompts, privacy)
