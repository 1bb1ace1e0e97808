"""Run the eval: draft every item of each reference letter leave-one-out and score it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import BaseModel

from assistant.drafting.case import case_from_letter
from assistant.drafting.chain import DraftingChain
from assistant.evaluation import metrics
from assistant.evaluation.aggregate import aggregate
from assistant.evaluation.models import ItemResult, RunMetrics
from assistant.evaluation.score import Similarity, score_item
from assistant.letters.models import Letter


class EvalRun(BaseModel):
    metrics: RunMetrics
    items: list[ItemResult]


def run_eval(
    chain: DraftingChain,
    letters: Sequence[Letter],
    *,
    predict_decision: bool,
    judge: tuple[str, metrics.Entails],
    similarity: Similarity | None,
    on_item: Callable[[ItemResult], None] | None = None,
) -> EvalRun:
    """Draft each letter's items with that letter excluded from retrieval, then score them.

    Each letter's case is its summary, item titles and claims administrator lines (and its
    decisions unless `predict_decision`); its rationales and MAXIMUS lines are the reference.
    """
    judge_name, entails = judge
    drug_names = chain.searcher.drug_names()
    results: list[ItemResult] = []
    for letter in letters:
        case = case_from_letter(letter)
        drafts = chain.draft_case(
            case, predict_decision=predict_decision, exclude_letter_ids=[letter.letter_id]
        )
        for reference, draft in zip(letter.items, drafts.items, strict=True):
            result = score_item(
                letter.letter_id,
                reference,
                draft,
                summary=case.clinical_summary,
                drug_names=drug_names,
                entails=entails,
                similarity=similarity,
                decision_measured=predict_decision,
            )
            results.append(result)
            if on_item is not None:
                on_item(result)
    summary = aggregate(
        results,
        model=chain.drafter.name,
        predict_decision=predict_decision,
        support_judge=judge_name,
        letters=[letter.letter_id for letter in letters],
    )
    return EvalRun(metrics=summary, items=results)
