"""The model backend, chosen once from settings: one component per backend.

As private-gpt builds one LLM component for the mode its settings name, `backend_for` builds the
offline component or the OpenAI (compatible) one. A component carries what callers need to know
about its model (`ModelSpec`: the label a draft records, prices, the default batch concurrency,
the structured-output method, whether it has a Batch API) and builds the drafter, the grounded
chat's answers, the eval's citation judge and intake's model-written case summary. Case text
reaches a remote model only through the OpenAI component's pseudonymisation edge. No other module
asks which backend is configured.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel, ConfigDict, Field

from assistant.llm.usage import Price, UsageTally
from assistant.settings import LLMSettings, PrivacySettings, StructuredOutput

if TYPE_CHECKING:
    from assistant.drafting.drafters import Drafter
    from assistant.evaluation.metrics import Entails
    from assistant.llm.counting import Message
    from assistant.prompts import PromptSet
    from assistant.review.chat import ChatContext


class ModelSpec(BaseModel):
    """What callers need to know about the configured model."""

    model_config = ConfigDict(frozen=True)

    label: str = Field(description="How a draft records the model that wrote it.")
    model: str = Field(description="The model's name; its tiktoken encoding counts tokens.")
    price: Price | None = Field(description="Per-token price; None when unknown.")
    default_concurrency: int = Field(ge=1, description="Batch items drafted at once by default.")
    structured_output: StructuredOutput | None = Field(
        description="How a structured reply is asked for; None when the model fills it directly."
    )
    prompt_budget: int | None = Field(
        default=None, description="Most prompt tokens per item; None packs to the window."
    )
    batch_api: bool = Field(description="Whether requests can go as one OpenAI Batch API job.")
    judge: str = Field(description="The name of the eval's citation-support judge.")
    chat_caption: str = Field(description="What the grounded chat tells the reviewer it does.")
    on_this_computer: bool = Field(
        default=False, description="Whether the model runs in this process (no case text is sent)."
    )


class Backend(Protocol):
    """One model backend: its spec and the services built on its model."""

    @property
    def spec(self) -> ModelSpec: ...

    def drafter(self, prompts: PromptSet) -> Drafter:
        """The drafting model behind the chain."""
        ...

    def chat_stream(self, context: ChatContext, prompts: PromptSet) -> Iterator[str]:
        """The grounded chat's answer to `context`, in pieces as they come."""
        ...

    def judge(self, prompts: PromptSet, usage: UsageTally | None = None) -> Entails:
        """Whether a cited premise supports a claim, for the eval; each model call it makes adds
        its tokens and cost to `usage`."""
        ...

    def writer(self, usage: UsageTally | None = None) -> Callable[[Sequence[Message]], str] | None:
        """The model's plain-text answer to messages (case summaries); None when the model
        writes no free text of its own. Each call's tokens and cost are added to `usage`."""
        ...


def backend_for(llm: LLMSettings, privacy: PrivacySettings | None = None) -> Backend:
    """The backend the settings choose (`IMR_LLM__BACKEND`, `auto` by what is configured)."""
    if llm.resolved_backend() == "offline":
        from assistant.llm.offline_backend import OfflineBackend

        return OfflineBackend(llm)
    from assistant.llm.openai_backend import OpenAIBackend

    return OpenAIBackend(llm, privacy if privacy is not None else PrivacySettings())


def model_spec(llm: LLMSettings) -> ModelSpec:
    """The spec of the model the settings choose."""
    return backend_for(llm).spec
