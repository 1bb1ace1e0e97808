"""Entailment judges for citation support: a lexical proxy offline, a chat model when configured."""

from __future__ import annotations

import functools

import openai
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.evaluation.metrics import Entails, lexical_entails
from assistant.llm.openai_chat import chat_model, describe_api_error
from assistant.privacy.messages import pseudonymize_messages
from assistant.settings import LLMSettings, PrivacySettings

JUDGE_INSTRUCTION = (
    "You check citations in a medical review. Given a PREMISE (cited text) and a CLAIM, answer "
    "with the single word yes when the premise supports the claim, otherwise no."
)


def llm_entails(llm: LLMSettings, privacy: PrivacySettings | None = None) -> Entails:
    """Ask the configured chat model; each (premise, claim) pair is asked once.

    Identifiers in the pair are replaced by placeholders first unless `privacy` switches it off.
    """
    model = chat_model(llm)
    privacy = privacy if privacy is not None else PrivacySettings()

    @functools.lru_cache(maxsize=4096)
    def entails(premise: str, hypothesis: str) -> bool:
        ((_, question),), _ = pseudonymize_messages(
            [("user", f"PREMISE:\n{premise}\n\nCLAIM:\n{hypothesis}")], privacy
        )
        messages = [SystemMessage(JUDGE_INSTRUCTION), HumanMessage(question)]
        try:
            reply = model.invoke(messages)
        except openai.APIError as error:
            raise describe_api_error(error, llm) from None
        return str(reply.content).strip().lower().startswith("yes")

    return entails


def choose_judge(llm: LLMSettings, privacy: PrivacySettings | None = None) -> tuple[str, Entails]:
    """The judge's name and function: the chat model when one is configured, else lexical."""
    if llm.resolved_backend() == "offline":
        return "lexical", lexical_entails()
    return f"llm:{llm.model}", llm_entails(llm, privacy)
