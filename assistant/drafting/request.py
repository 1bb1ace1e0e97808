"""What one item's draft starts from, and the prompt packed for it within the token budget."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from assistant.drafting.evidence import CaseSentence, case_sentences
from assistant.drafting.excerpts import Excerpt, label_excerpts
from assistant.errors import InputError
from assistant.letters.models import Decision
from assistant.llm.counting import Message, count_messages, count_text
from assistant.prompts import PromptSet, as_messages
from assistant.retrieval.models import RetrievedChunk

_RATIONALE = re.compile(r"Decision rationale:\s*(.+)", re.S)
PIECE_MARGIN = 2


class DraftRequest(BaseModel):
    """One disputed item to draft, with the case it belongs to.

    `case_date` (the decision or UR date, when known) picks the era of the guideline line.
    """

    model_config = ConfigDict(frozen=True)

    case_id: str
    summary: str = Field(min_length=1)
    title: str = Field(min_length=1)
    decision: Decision | None = None
    claims_administrator_guideline: str | None = None
    exclude_letter_ids: tuple[str, ...] = ()
    instruction: str | None = None
    case_date: date | None = None


class ItemEvidence(BaseModel):
    """What retrieval returned for one item: guideline chunks and similar past items."""

    model_config = ConfigDict(frozen=True)

    guidelines: list[RetrievedChunk]
    examples: list[RetrievedChunk]


class PackedPrompt(BaseModel):
    """The prompt for one call about an item, cut to fit its token budget: the first call's, or
    a re-ask's (`repair_prompt`). A reply may cite only the `excerpts` and `sentences` it offers."""

    model_config = ConfigDict(frozen=True)

    request: DraftRequest
    sentences: list[CaseSentence]
    excerpts: list[Excerpt]
    examples: list[RetrievedChunk]
    messages: list[Message]
    prompt_tokens: int
    dropped_excerpts: int
    dropped_examples: int
    prompt_version: str
    model: str
    budget: int = Field(description="The tokens its messages may take, counted with tiktoken.")


def example_rationale(hit: RetrievedChunk) -> str:
    found = _RATIONALE.search(hit.text)
    return " ".join((found.group(1) if found else hit.text).split())


def _render_example(prompts: PromptSet, hit: RetrievedChunk) -> str:
    return prompts.fill(
        "example",
        title=hit.meta.title,
        decision=hit.meta.decision or "decision unknown",
        citation=hit.meta.citation.removeprefix("Decision based on ").rstrip("."),
        rationale=example_rationale(hit),
    )


def _messages(
    prompts: PromptSet,
    request: DraftRequest,
    sentences: list[CaseSentence],
    excerpts: list[str],
    examples: list[str],
) -> list[Message]:
    decision = (
        prompts.fill("decision_given", decision=request.decision.value)
        if request.decision is not None
        else prompts.text("decision_proposed")
    )
    note = (
        "\n\n" + prompts.fill("reviewer_note", instruction=request.instruction)
        if request.instruction
        else ""
    )
    template = prompts.chat(("system", "house_style"), "task", suffix="{reviewer_note}")
    rendered = template.invoke(
        {
            "title": request.title,
            "claims_administrator": request.claims_administrator_guideline or "not given",
            "decision_instruction": decision,
            "guidelines": "\n\n".join(excerpts),
            "examples": "\n\n".join(examples) or "(none retrieved)",
            "case": "\n".join(f"{sentence.id}: {sentence.text}" for sentence in sentences),
            "reviewer_note": note,
        }
    )
    return as_messages(rendered)


def pack_prompt(
    request: DraftRequest,
    evidence: ItemEvidence,
    prompts: PromptSet,
    *,
    model: str,
    context_window: int,
    completion_tokens: int,
    prompt_budget: int | None = None,
) -> PackedPrompt:
    """Fit the case, then as many excerpts and then past examples as the budget allows, best first.

    The budget is what the context window leaves beside the reply, or `prompt_budget` when that is
    smaller (a small model's prompt); the best excerpt is kept whenever the window holds it.
    Raises InputError when the case alone leaves no room for a single excerpt.
    """
    sentences = case_sentences(request.summary)
    window = context_window - completion_tokens
    budget = window if prompt_budget is None else min(window, prompt_budget)
    base = count_messages(_messages(prompts, request, sentences, [], []), model)
    labelled = label_excerpts(evidence.guidelines)
    used = base
    excerpts: list[Excerpt] = []
    for excerpt in labelled:
        cost = count_text(excerpt.rendered(), model) + PIECE_MARGIN
        if used + cost > (budget if excerpts else window):
            break
        excerpts.append(excerpt)
        used += cost
    if not excerpts:
        raise InputError(
            f"the case summary of {request.case_id} takes {base} tokens, leaving no room for a "
            f"guideline excerpt in a {context_window}-token window; raise IMR_LLM__CONTEXT_WINDOW "
            "or shorten the summary"
        )
    examples: list[RetrievedChunk] = []
    rendered_examples: list[str] = []
    for hit in evidence.examples:
        rendered = _render_example(prompts, hit)
        cost = count_text(rendered, model) + PIECE_MARGIN
        if used + cost > budget:
            break
        examples.append(hit)
        rendered_examples.append(rendered)
        used += cost
    messages = _messages(
        prompts, request, sentences, [excerpt.rendered() for excerpt in excerpts], rendered_examples
    )
    return PackedPrompt(
        request=request,
        sentences=sentences,
        excerpts=excerpts,
        examples=examples,
        messages=messages,
        prompt_tokens=count_messages(messages, model),
        dropped_excerpts=len(labelled) - len(excerpts),
        dropped_examples=len(evidence.examples) - len(examples),
        prompt_version=prompts.version,
        model=model,
        budget=budget,
    )


def repair_prompt(
    packed: PackedPrompt,
    answer: str,
    cited: Collection[str],
    problems: list[str],
    prompts: PromptSet,
) -> PackedPrompt:
    """The re-ask: the item's prompt, the model's answer and the list of what to fix, within the
    first prompt's budget.

    Room for the answer and the problems is made by leaving out the past items, then the
    lowest-ranked excerpts the answer does not cite (`cited`, its labels), then those it does;
    the best excerpt always stays. Excerpts keep their labels, and the re-ask offers only those
    it shows.
    """
    listed = "\n".join(f"- {problem}" for problem in problems)
    excerpts, examples = list(packed.excerpts), list(packed.examples)
    leave_out: list[Excerpt | RetrievedChunk] = [
        *reversed(examples),
        *[e for e in reversed(excerpts[1:]) if e.label not in cited],
        *[e for e in reversed(excerpts[1:]) if e.label in cited],
    ]
    while True:
        history = _messages(
            prompts,
            packed.request,
            packed.sentences,
            [excerpt.rendered() for excerpt in excerpts],
            [_render_example(prompts, hit) for hit in examples],
        )
        rendered = prompts.follow_up("repair").invoke(
            {"history": history, "answer": answer, "problems": listed}
        )
        messages = as_messages(rendered)
        tokens = count_messages(messages, packed.model)
        if tokens <= packed.budget or not leave_out:
            break
        piece = leave_out.pop(0)
        if isinstance(piece, Excerpt):
            excerpts.remove(piece)
        else:
            examples.remove(piece)
    return packed.model_copy(
        update={
            "excerpts": excerpts,
            "examples": examples,
            "messages": messages,
            "prompt_tokens": tokens,
            "dropped_excerpts": packed.dropped_excerpts + len(packed.excerpts) - len(excerpts),
            "dropped_examples": packed.dropped_examples + len(packed.examples) - len(examples),
        }
    )
