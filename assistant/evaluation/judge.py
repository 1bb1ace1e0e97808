"""Entailment judges for citation support: a lexical proxy offline, a chat model when configured."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from assistant.evaluation.metrics import Entails
from assistant.llm.counting import Message
from assistant.llm.registry import backend_for
from assistant.settings import LLMSettings, PrivacySettings

JUDGE_INSTRUCTION = (
    "You check citations in a medical review. Given a PREMISE (cited text) and a CLAIM, answer "
    "with the single word yes when the premise supports the claim, otherwise no."
)


def model_entails(complete: Callable[[Sequence[Message]], str]) -> Entails:
    """A judge that asks a chat model (`complete`: messages -> answer); each pair is asked once."""

    @functools.lru_cache(maxsize=4096)
    def entails(premise: str, hypothesis: str) -> bool:
        question = f"PREMISE:\n{premise}\n\nCLAIM:\n{hypothesis}"
        answer = complete([("system", JUDGE_INSTRUCTION), ("user", question)])
        return answer.strip().lower().startswith("yes")

    return entails


def choose_judge(llm: LLMSettings, privacy: PrivacySettings | None = None) -> tuple[str, Entails]:
    """The judge's name and function: the configured chat model's, else the lexical proxy."""
    backend = backend_for(llm, privacy)
    return backend.spec.judge, backend.judge()
