"""The OpenAI backend: OpenAI itself, or any OpenAI-compatible server chosen by base URL.

Every request leaves through one pseudonymisation edge and every reply comes back through it:
drafts, chat answers, judge verdicts, Batch API request lines and their replies. A failed call
is repeated by a LangChain `RunnableRetry` when the failure is transient (`llm/retries.py`); a
streamed chat answer is retried by the client itself, as a retried runnable does not retry a
stream.
"""

from __future__ import annotations

import functools
import json
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import openai
from langchain_core.messages import BaseMessage
from langchain_core.runnables import Runnable
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from assistant.drafting.drafters import (
    ChatDrafter,
    Drafter,
    ModelReply,
    Unfinished,
    describe_parse_error,
)
from assistant.drafting.schema import DraftReply, ReplyForm
from assistant.evaluation.judge import model_entails
from assistant.evaluation.metrics import Entails
from assistant.llm.counting import Message, count_messages, count_text
from assistant.llm.deadline import remaining_s
from assistant.llm.openai_chat import (
    api_key,
    chat_model,
    describe_api_error,
    openai_label,
    to_messages,
)
from assistant.llm.registry import ModelSpec
from assistant.llm.retries import retrying
from assistant.llm.usage import Price, Usage, UsageTally, list_price
from assistant.privacy.messages import PrivacyEdge
from assistant.prompts import PromptSet
from assistant.review.chat import ChatContext, chat_messages
from assistant.settings import LLMSettings, PrivacySettings

REMOTE_CONCURRENCY = 4  # a remote model's calls overlap well; its server sets the real limit
SCHEMA_IN_PROMPT_TOKENS = 400
"""Prompt tokens kept for the reply schema when it travels in the prompt's text: added to the
system message (`json_mode`) or rendered as a tool by the server's chat template
(`function_calling`). The compact schema of a seed item takes 200-330."""


UNFINISHED: dict[str, Unfinished] = {"length": "cut_off", "content_filter": "filtered"}


def prompt_budget(llm: LLMSettings) -> int:
    """The tiktoken tokens one call's messages may take, so that the whole prompt, the reply
    schema included where it is sent as text, stays within `prompt_budget_tokens` as a server
    counting `prompt_token_factor` times as many tokens sees it."""
    budget = int(llm.prompt_budget_tokens / llm.prompt_token_factor)
    if llm.structured_output == "json_schema":
        return budget
    return budget - SCHEMA_IN_PROMPT_TOKENS


def read_reply(
    form: ReplyForm, parsed: object, parsing_error: object
) -> tuple[DraftReply | None, str | None]:
    """The client's parsed JSON read as `form`'s compact reply, or why it could not be."""
    if parsed is None:
        return None, describe_parse_error(parsing_error)
    try:
        return form.read(parsed), None
    except ValidationError as error:
        return None, describe_parse_error(error)


def unfinished_reply(reason: Unfinished, completion: ChatCompletion | None) -> ModelReply:
    """A reply the server stopped early (the openai client raises on one), with its usage."""
    usage = completion.usage if completion is not None else None
    return ModelReply(
        raw="",
        parsed=None,
        parse_error=f"the reply stopped early ({reason})",
        prompt_tokens=usage.prompt_tokens if usage is not None else None,
        completion_tokens=usage.completion_tokens if usage is not None else None,
        unfinished=reason,
    )


def answer_usage(
    reply: BaseMessage, sent: Sequence[Message], price: Price | None, model: str
) -> Usage:
    """One plain answer's usage: as the server reported it, or, when it reported none, counted
    from the messages sent and the answer's text (`estimated`)."""
    metadata = getattr(reply, "usage_metadata", None) or {}
    if metadata.get("input_tokens"):
        prompt, completion = int(metadata["input_tokens"]), int(metadata.get("output_tokens", 0))
        return Usage.of_call(prompt, completion, price, estimated=False)
    prompt, completion = count_messages(sent, model), count_text(str(reply.content), model)
    return Usage.of_call(prompt, completion, price, estimated=True)


JUDGE_REPLY_TOKENS = 16
"""The eval judge's reply limit: its answer is one word, and a small model that talks on after it
would otherwise spend the whole reply limit on every pair."""


class OpenAIBackend:
    """A chat model over Chat Completions, with structured output for drafts."""

    def __init__(self, llm: LLMSettings, privacy: PrivacySettings) -> None:
        self.llm = llm
        self.edge = PrivacyEdge(privacy)
        self.spec = ModelSpec(
            label=openai_label(llm),
            model=llm.model,
            price=list_price(llm),
            default_concurrency=REMOTE_CONCURRENCY,
            structured_output=llm.structured_output,
            prompt_budget=prompt_budget(llm),
            batch_api=True,
            judge=f"llm:{llm.model}",
            chat_caption=f"Answers are written by {llm.model} from the excerpts found",
        )

    # -- the models ----------------------------------------------------------------------------

    def _structured_within(
        self, llm: LLMSettings, form: ReplyForm
    ) -> Runnable[list[BaseMessage], Any]:
        method = llm.structured_output
        model = chat_model(llm, max_retries=0).with_structured_output(
            form.json_schema(),
            method=method,
            include_raw=True,
            strict=None if method == "json_mode" else True,
        )
        return retrying(model, llm.max_retries)

    def _structured_now(self, form: ReplyForm) -> Runnable[list[BaseMessage], Any]:
        """The structured model for one item's reply, capped at the tokens the reply needs; when
        the item has less time left than one call may take, one call cut short to that time, not
        retried, so the item ends by its deadline."""
        update: dict[str, Any] = {"max_completion_tokens": self.reply_cap(form)}
        left = remaining_s()
        if left is not None and left < self.llm.timeout_s * (self.llm.max_retries + 1):
            update |= {"timeout_s": max(left, 0.01), "max_retries": 0}
        return self._structured_within(self.llm.model_copy(update=update), form)

    def reply_cap(self, form: ReplyForm) -> int:
        """The reply limit one item's call is sent with: what its reply needs, at most the
        configured `max_completion_tokens`."""
        return min(form.reply_cap(), self.llm.max_completion_tokens)

    @functools.cached_property
    def _plain(self) -> Runnable[list[BaseMessage], Any]:
        return retrying(chat_model(self.llm, max_retries=0), self.llm.max_retries)

    @functools.cached_property
    def _verdict(self) -> Runnable[list[BaseMessage], Any]:
        short = self.llm.model_copy(update={"max_completion_tokens": JUDGE_REPLY_TOKENS})
        return retrying(chat_model(short, max_retries=0), self.llm.max_retries)

    # -- calls through the edge ----------------------------------------------------------------

    def structured(self, messages: Sequence[Message], form: ReplyForm) -> ModelReply:
        """A `DraftReply` for the messages, asked for as `form`'s compact reply; ModelError when
        the call fails."""
        exchange = self.edge.exchange(messages)
        try:
            with warnings.catch_warnings():
                # langchain-core serialises the parsed reply of a streamed structured call through
                # a field typed None; the warning is about its own bookkeeping, not our data.
                warnings.filterwarnings("ignore", "Pydantic serializer warnings", UserWarning)
                out = self._structured_now(form).invoke(to_messages(exchange.sent))
        except openai.LengthFinishReasonError as error:
            return unfinished_reply("cut_off", error.completion)
        except openai.ContentFilterFinishReasonError:
            return unfinished_reply("filtered", None)
        except openai.APIError as error:
            raise describe_api_error(error, self.llm) from None
        except (ValidationError, ValueError) as error:
            # the client's own parse of a json_schema reply failed: ask again like any bad reply
            return ModelReply(raw="", parsed=None, parse_error=describe_parse_error(error))
        message = out.get("raw")
        raw = str(getattr(message, "content", "") or "")
        if not raw and message is not None:
            calls = getattr(message, "tool_calls", None) or []
            raw = str(calls[0].get("args", "")) if calls else ""
        metadata = getattr(message, "usage_metadata", None) or {}
        reported = bool(metadata.get("input_tokens"))
        parsed, problem = read_reply(form, out.get("parsed"), out.get("parsing_error"))
        finish = (getattr(message, "response_metadata", None) or {}).get("finish_reason")
        readable = parsed is not None
        return ModelReply(
            raw=exchange.text(raw),
            parsed=exchange.reply(parsed) if parsed is not None else None,
            parse_error=problem,
            prompt_tokens=int(metadata["input_tokens"]) if reported else None,
            completion_tokens=int(metadata.get("output_tokens", 0)) if reported else None,
            unfinished=None if readable else UNFINISHED.get(str(finish)),
        )

    def verdict(self, messages: Sequence[Message], usage: UsageTally | None = None) -> str:
        """The model's short answer to the messages (a judge's yes or no); the call's tokens and
        cost are added to `usage` as soon as it returns."""
        return self._answer(self._verdict, messages, usage)

    def _answer(
        self,
        model: Runnable[list[BaseMessage], Any],
        messages: Sequence[Message],
        usage: UsageTally | None = None,
    ) -> str:
        exchange = self.edge.exchange(messages)
        try:
            reply = model.invoke(to_messages(exchange.sent))
        except openai.APIError as error:
            raise describe_api_error(error, self.llm) from None
        if usage is not None:
            usage.add(answer_usage(reply, exchange.sent, self.spec.price, self.llm.model))
        return exchange.text(str(reply.content))

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """The model's answer in pieces as they arrive."""
        exchange = self.edge.exchange(messages)
        model = chat_model(self.llm, max_retries=self.llm.max_retries)
        pieces = (chunk.text for chunk in model.stream(to_messages(exchange.sent)))
        yield from exchange.stream(piece for piece in pieces if piece)

    def request_body(self, messages: Sequence[Message], form: ReplyForm) -> dict[str, Any]:
        """The Chat Completions body `structured` sends for the messages, for a Batch API line:
        the same compact reply schema, strict, and the same reply limit."""
        sent = self.edge.exchange(messages).sent
        schema = {key: value for key, value in form.json_schema().items() if key != "title"}
        return {
            "model": self.llm.model,
            "messages": [{"role": role, "content": content} for role, content in sent],
            "temperature": self.llm.temperature,
            "max_completion_tokens": self.reply_cap(form),
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "draft_reply", "schema": schema, "strict": True},
            },
        }

    def replay(
        self,
        messages: Sequence[Message],
        form: ReplyForm,
        content: str | None,
        *,
        refusal: str | None = None,
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
    ) -> ModelReply:
        """A Batch API reply to the request `request_body` built from the same messages, which
        get the same placeholders again."""
        exchange = self.edge.exchange(messages)
        if prompt_tokens is None or completion_tokens is None:
            prompt_tokens = completion_tokens = None
        if content is None:
            reason = f"the model refused: {refusal}" if refusal else describe_parse_error(None)
            reply, raw, problem = None, "", reason
        else:
            raw = exchange.text(content)
            try:
                reply, problem = exchange.reply(form.read(json.loads(content))), None
            except (ValidationError, ValueError) as error:
                reply, problem = None, describe_parse_error(error)
        return ModelReply(
            raw=raw,
            parsed=reply,
            parse_error=problem,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
        )

    # -- the services --------------------------------------------------------------------------

    def drafter(self, prompts: PromptSet) -> Drafter:
        api_key(self.llm)  # no key and no server: a ConfigError now, not at the first item
        return ChatDrafter(self, prompts, self.spec)

    def chat_stream(self, context: ChatContext, prompts: PromptSet) -> Iterator[str]:
        return self.stream(chat_messages(context, prompts))

    def judge(self, prompts: PromptSet, usage: UsageTally | None = None) -> Entails:
        api_key(self.llm)
        return model_entails(functools.partial(self.verdict, usage=usage), prompts)

    def writer(self, usage: UsageTally | None = None) -> Callable[[Sequence[Message]], str] | None:
        api_key(self.llm)
        return functools.partial(self._answer, self._plain, usage=usage)
