"""A case summary written by the chat model from the record pages, each sentence checked against
the pages it cites; the extractive summary stands when nothing the model wrote survives."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pydantic import TypeAdapter, ValidationError

from assistant.drafting.case import SummarySentence
from assistant.drafting.validate import unsupported_facts
from assistant.errors import ModelError
from assistant.intake.models import IntakeResult, Page
from assistant.intake.summary import grounded
from assistant.llm.counting import Message, count_messages, count_text
from assistant.llm.usage import UsageTally
from assistant.prompts import PromptSet

if TYPE_CHECKING:
    from assistant.settings import Settings

PROMPT = "intake_summary"
Complete = Callable[[Sequence[Message]], str]

_SENTENCES = TypeAdapter(list[SummarySentence])
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


def source_pages(result: IntakeResult) -> list[int]:
    """The pages the model reads, most wanted first: the UR determination's, then those the
    extractive summary was read from."""
    wanted = [
        number
        for document in result.documents
        if document.type == "ur_determination"
        for number in document.pages
    ]
    wanted += [number for sentence in result.summary for number in sentence.pages]
    return list(dict.fromkeys(wanted))


def page_block(page: Page) -> str:
    return f"Page {page.number}:\n{page.text.strip()}"


def summary_messages(
    prompts: PromptSet, result: IntakeResult, budget: int, model: str
) -> tuple[list[Message], list[int]]:
    """The request, and the pages it holds: the source pages in page order, as many as fit in
    `budget` prompt tokens (a page that does not fit is left out)."""
    by_number = {page.number: page for page in result.pages}
    used = count_messages([("user", prompts.fill(PROMPT, pages=""))], model)
    chosen: list[int] = []
    for number in source_pages(result):
        page = by_number.get(number)
        if page is None or not page.text.strip():
            continue
        cost = count_text(page_block(page) + "\n\n", model)
        if used + cost <= budget:
            chosen.append(number)
            used += cost
    chosen.sort()
    pages = "\n\n".join(page_block(by_number[number]) for number in chosen)
    return [("user", prompts.fill(PROMPT, pages=pages))], chosen


def read_sentences(reply: str) -> list[SummarySentence] | None:
    """The model's sentences, or None when the reply is not a JSON list of them."""
    try:
        data = json.loads(_FENCE.sub("", reply.strip()))
        return _SENTENCES.validate_python(data)
    except (ValueError, ValidationError):
        return None


def checked(
    sentences: list[SummarySentence],
    pages: dict[int, str],
    sent: list[int],
    drugs: frozenset[str] = frozenset(),
) -> tuple[list[SummarySentence], int]:
    """The sentences whose every number, date, dose and drug name (of `drugs`) is on a page they
    cite (a page that was sent), and how many were dropped."""
    kept = [
        SummarySentence(text=sentence.text.strip(), pages=sorted(set(sentence.pages)))
        for sentence in sentences
        if sentence.pages
        and set(sentence.pages) <= set(sent)
        and _on_pages(sentence.text, " ".join(pages[number] for number in sentence.pages), drugs)
    ]
    return kept, len(sentences) - len(kept)


def _on_pages(sentence: str, text: str, drugs: frozenset[str]) -> bool:
    return grounded(sentence, text) and not unsupported_facts(sentence, text, drugs)


def _fallback(result: IntakeResult, problem: str) -> IntakeResult:
    warning = f"the model's case summary was not used ({problem}); the extractive one stands"
    return result.model_copy(update={"warnings": [*result.warnings, warning]})


def model_summary(
    result: IntakeResult,
    complete: Complete,
    prompts: PromptSet,
    budget: int,
    model: str,
    drugs: frozenset[str] = frozenset(),
) -> IntakeResult:
    """The intake result with the model's checked summary; the extractive one, with a warning,
    when the model fails or none of its sentences holds up."""
    messages, sent = summary_messages(prompts, result, budget, model)
    if not sent:
        return _fallback(result, "no record page to write it from fits in the prompt")
    try:
        sentences = read_sentences(complete(messages))
    except ModelError as error:
        return _fallback(result, str(error))
    if not sentences:
        return _fallback(result, "its reply was not a list of sentences with pages")
    kept, dropped = checked(
        sentences, {page.number: page.text for page in result.pages}, sent, drugs
    )
    if not kept:
        return _fallback(result, "none of its sentences is backed by the pages it cites")
    warnings = list(result.warnings)
    if dropped:
        warnings.append(
            f"{dropped} sentence(s) of the model's case summary were dropped: their numbers or "
            "dates are not on the pages they cite"
        )
    return result.model_copy(
        update={
            "summary": kept,
            "summary_source": "model",
            "summary_dropped": dropped,
            "warnings": warnings,
        }
    )


def configured_summariser(settings: Settings) -> Callable[[IntakeResult], IntakeResult] | None:
    """What writes intake's case summary with the configured chat model (the same client,
    retries and privacy edge as drafting); None when no chat model is configured."""
    from assistant.corpus.topics import drug_names, load_topics
    from assistant.llm.registry import backend_for
    from assistant.prompts import load_prompts

    backend = backend_for(settings.llm, settings.privacy)
    if backend.writer() is None:
        return None
    budget = backend.spec.prompt_budget or settings.llm.prompt_budget_tokens
    prompts = load_prompts(settings.prompts_dir)
    model = backend.spec.model
    drugs = drug_names(load_topics(settings.guidelines_dir))

    def summarise(result: IntakeResult) -> IntakeResult:
        usage = UsageTally()
        writer = backend.writer(usage)
        if writer is None:
            return result
        written = model_summary(result, writer, prompts, budget, model, drugs)
        return written.model_copy(update={"summary_usage": usage.total})

    return summarise
