"""The offline backend: the deterministic drafting model, quoted chat answers, a lexical judge.

Everything runs on this machine and sees the case as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from assistant.drafting.drafters import Drafter, OfflineDrafter
from assistant.evaluation.metrics import LEXICAL_JUDGE, Entails, lexical_entails
from assistant.llm.registry import ModelSpec
from assistant.llm.usage import FREE, UsageTally
from assistant.prompts import PromptSet
from assistant.review.chat import ChatContext, offline_answer
from assistant.settings import LLMSettings

if TYPE_CHECKING:
    from assistant.llm.counting import Message


class OfflineBackend:
    """The offline model; its work is all on this machine's CPU, so a batch drafts one at a time."""

    def __init__(self, llm: LLMSettings) -> None:
        self.spec = ModelSpec(
            on_this_computer=True,
            label="offline",
            model=llm.model,
            price=FREE,
            default_concurrency=1,
            structured_output=None,
            batch_api=False,
            judge=LEXICAL_JUDGE,
            chat_caption=(
                "Answers quote the guideline excerpts, case sentences and record pages found for "
                "your question"
            ),
        )

    def drafter(self, prompts: PromptSet) -> Drafter:
        return OfflineDrafter()

    def chat_stream(self, context: ChatContext, prompts: PromptSet) -> Iterator[str]:
        """The offline answer word by word, as a model's answer would arrive."""
        for index, word in enumerate(offline_answer(context).split(" ")):
            yield word if index == 0 else " " + word

    def judge(self, prompts: PromptSet, usage: UsageTally | None = None) -> Entails:
        """The lexical judge: no model call, so nothing is added to `usage`."""
        return lexical_entails()

    def writer(self, usage: UsageTally | None = None) -> Callable[[Sequence[Message]], str] | None:
        """None: the offline model only picks from the records, so intake keeps its extractive
        summary."""
        return None
