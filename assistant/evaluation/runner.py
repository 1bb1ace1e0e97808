"""Run the eval: draft every item of each reference letter leave-one-out and score it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from pydantic import BaseModel

from assistant.corpus.chunks import ChunkKind, ChunkMeta
from assistant.corpus.citations import maximus_line
from assistant.corpus.topic_index import TopicIndex
from assistant.drafting.case import Case, case_from_letter
from assistant.drafting.chain import DraftingChain
from assistant.drafting.result import ItemDraft
from assistant.evaluation import metrics
from assistant.evaluation.aggregate import aggregate
from assistant.evaluation.baselines import RETRIEVAL_TOP1, UR_LINE, shuffled_partners
from assistant.evaluation.models import ItemResult, RunMetrics
from assistant.evaluation.score import Similarity, score_item
from assistant.evaluation.similarity import Embed, text_similarity
from assistant.letters.eras import CitationStyle, style_for
from assistant.letters.models import Item, Letter
from assistant.llm.usage import UsageTally


class EvalRun(BaseModel):
    metrics: RunMetrics
    items: list[ItemResult]


def _baseline_lines(
    reference: Item, draft: ItemDraft, chunks: dict[str, ChunkMeta], style: CitationStyle
) -> dict[str, str]:
    """The claims administrator's line, and the line of the top retrieved guideline topic in
    the style the draft's line is rendered in."""
    top = chunks.get(draft.retrieved[0]) if draft.retrieved else None
    return {
        UR_LINE: reference.claims_administrator_guideline,
        RETRIEVAL_TOP1: maximus_line([top], style) if top is not None else "",
    }


def with_shuffled_floor(items: list[ItemResult], similarity: Similarity | None) -> list[ItemResult]:
    """Each item with its draft scored against another item's reference (a seeded shuffle)."""
    partners = shuffled_partners(len(items))
    if partners is None:
        return items
    shuffled = []
    for item, partner in zip(items, partners, strict=True):
        other = items[partner].reference_rationale
        shuffled.append(
            item.model_copy(
                update={
                    "shuffled_rouge_l": metrics.rouge_l(other, item.draft_rationale),
                    "shuffled_embedding_similarity": (
                        similarity(other, item.draft_rationale) if similarity else None
                    ),
                }
            )
        )
    return shuffled


def run_eval(
    chain: DraftingChain,
    letters: Sequence[Letter],
    *,
    predict_decision: bool,
    judges: Mapping[str, metrics.Entails],
    embed: Embed | None,
    topics: TopicIndex | None = None,
    on_item: Callable[[ItemDraft], None] | None = None,
    judge_usage: UsageTally | None = None,
) -> EvalRun:
    """Draft each letter's items with that letter excluded from retrieval, then score them and
    the baselines on the same items (`on_item` is called as each item is drafted). Citation
    support is scored by each of `judges` (name -> entailment judge); `judge_usage` is the tally
    a chat model's judge among them adds its calls to, recorded in the run's metrics apart from
    drafting's tokens (none when the lexical judge is the only one).

    Each letter's case is its summary, item titles and claims administrator lines (and its
    decisions unless `predict_decision`); its rationales and MAXIMUS lines are the reference.
    Item titles are embedded together before drafting, and every rationale in one batched call
    once all items are drafted.
    """
    drug_names = chain.searcher.drug_names()
    snapshot = chain.searcher.snapshot(ChunkKind.GUIDELINE)
    chunks = dict(zip(snapshot.ids, snapshot.metas, strict=True))
    chain.searcher.prefetch([item.title for letter in letters for item in letter.items])
    drafted: list[tuple[Letter, Case, Item, ItemDraft]] = []
    for letter in letters:
        case = case_from_letter(letter)
        drafts = chain.draft_case(
            case,
            predict_decision=predict_decision,
            exclude_letter_ids=[letter.letter_id],
            on_item=on_item,
        )
        drafted += [
            (letter, case, reference, draft)
            for reference, draft in zip(letter.items, drafts.items, strict=True)
        ]
    texts = [text for _, _, ref, draft in drafted for text in (ref.rationale, draft.rationale)]
    similarity = text_similarity(embed, texts) if embed is not None else None
    results = [
        score_item(
            letter.letter_id,
            reference,
            draft,
            summary=case.clinical_summary,
            drug_names=drug_names,
            judges=judges,
            similarity=similarity,
            decision_measured=predict_decision,
            index=topics,
            baseline_lines=_baseline_lines(
                reference,
                draft,
                chunks,
                style_for(chain.settings.citation_style, case.citation_date),
            ),
        )
        for letter, case, reference, draft in drafted
    ]
    results = with_shuffled_floor(results, similarity)
    model_judged = any(name != metrics.LEXICAL_JUDGE for name in judges)
    summary = aggregate(
        results,
        model=chain.drafter.name,
        predict_decision=predict_decision,
        letters=[letter.letter_id for letter in letters],
        judge_usage=judge_usage.total if judge_usage is not None and model_judged else None,
    )
    return EvalRun(metrics=summary, items=results)
