"""Entailment judges for citation support: the lexical proxy always, a chat model when set."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from assistant.evaluation.metrics import LEXICAL_JUDGE, Entails, lexical_entails
from assistant.llm.counting import Message
from assistant.llm.registry import backend_for
from assistant.llm.usage import UsageTally
from assistant.prompts import PromptSet
from assistant.settings import LLMSettings, PrivacySettings


def model_entails(complete: Callable[[Sequence[Message]], str], prompts: PromptSet) -> Entails:
    """A judge that asks a chat model (`complete`: messages -> answer) whether the cited text
    supports the sentence (prompts `judge_system`, `judge_question`); each pair is asked once."""
    system = prompts.text("judge_system")

    @functools.lru_cache(maxsize=4096)
    def entails(premise: str, hypothesis: str) -> bool:
        question = prompts.fill("judge_question", premise=premise, claim=hypothesis)
        answer = complete([("system", system), ("user", question)])
        return answer.strip().lower().startswith("yes")

    return entails


def choose_judges(
    llm: LLMSettings,
    prompts: PromptSet,
    privacy: PrivacySettings | None = None,
    usage: UsageTally | None = None,
) -> dict[str, Entails]:
    """Each judge's name and function: the lexical proxy first, then the configured chat
    model's judge when the settings name one, which adds each call's tokens and cost to
    `usage`."""
    judges = {LEXICAL_JUDGE: lexical_entails()}
    backend = backend_for(llm, privacy)
    if backend.spec.judge not in judges:
        judges[backend.spec.judge] = backend.judge(prompts, usage)
    return judges
