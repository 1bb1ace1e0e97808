"""Score one drafted item against the reference item of the same letter."""

from __future__ import annotations

from collections.abc import Callable

from assistant.drafting.evidence import case_sentences
from assistant.drafting.result import ItemDraft
from assistant.drafting.schema import DraftReply, StatementKind
from assistant.drafting.validate import closing_problems, structure_problems, unsupported_facts
from assistant.evaluation import metrics
from assistant.evaluation.models import ItemResult
from assistant.letters.models import Item
from assistant.letters.refs import parse_refs

Similarity = Callable[[str, str], float]


def cited_chunk_ids(draft: ItemDraft) -> list[str]:
    """Every guideline chunk id the draft cites, as the model gave them (not only resolved ones)."""
    ids = [c.chunk_id for c in draft.citations]
    ids += [c for s in draft.sentences if s.kind is StatementKind.GUIDELINE for c in s.cites]
    ids += [c for finding in draft.criteria for c in finding.cites]
    return list(dict.fromkeys(ids))


def style_checks(draft: ItemDraft) -> dict[str, bool]:
    """Criterion stated, criterion applied to the case, closing sentence matching the decision."""
    if draft.decision is None:
        return {"criterion_stated": False, "applied_to_case": False, "closing_matches": False}
    reply = DraftReply(
        decision=draft.decision,
        guideline_chunk_ids=[],
        rationale=draft.sentences,
        closing=draft.closing,
    )
    codes = {problem.code for problem in structure_problems(reply) + closing_problems(reply)}
    return {
        "criterion_stated": "no_criterion" not in codes,
        "applied_to_case": "not_applied" not in codes,
        "closing_matches": bool(draft.closing.strip()) and "closing" not in codes,
    }


def support_pairs(draft: ItemDraft, summary: str) -> list[tuple[str, list[str | None]]]:
    """Each rationale sentence with the texts it cites (chunks, or case sentences)."""
    chunks = {c.chunk_id: c.text for c in draft.citations}
    case = {s.id: s.text for s in case_sentences(summary)}
    pairs: list[tuple[str, list[str | None]]] = []
    for sentence in draft.sentences:
        known = chunks if sentence.kind is StatementKind.GUIDELINE else case
        pairs.append((sentence.text, [known.get(cite) for cite in sentence.cites]))
    return pairs


def score_item(
    letter_id: str,
    reference: Item,
    draft: ItemDraft,
    *,
    summary: str,
    drug_names: frozenset[str],
    entails: metrics.Entails,
    similarity: Similarity | None,
    decision_measured: bool,
) -> ItemResult:
    """All per-item metrics of one draft."""
    draft_refs = parse_refs(draft.maximus_guideline) if draft.maximus_guideline else []
    pages = metrics.page_scores(reference.maximus_refs, draft_refs)
    cited = cited_chunk_ids(draft)
    support = metrics.citation_support(support_pairs(draft, summary), entails)
    written = draft.rationale
    allowed = " ".join([summary, draft.title] + [c.text for c in draft.citations])
    facts = unsupported_facts(written, "", drug_names)
    unsupported = unsupported_facts(written, allowed, drug_names)
    style = style_checks(draft)
    return ItemResult(
        letter_id=letter_id,
        title=reference.title,
        reference_decision=reference.decision,
        draft_decision=draft.decision,
        decision_measured=decision_measured,
        reference_guideline=reference.maximus_guideline,
        draft_guideline=draft.maximus_guideline,
        family_match=metrics.family_match(reference.maximus_refs, draft_refs),
        page_precision=pages.precision,
        page_recall=pages.recall,
        page_f1=pages.f1,
        citations=len(cited),
        citation_validity=metrics.citation_validity(cited, draft.retrieved),
        support_recall=support.recall,
        support_precision=support.precision,
        facts=len(facts),
        unsupported_facts=unsupported,
        unsupported_fact_rate=metrics.fact_rate(len(facts), len(unsupported)),
        rouge_l=metrics.rouge_l(reference.rationale, written),
        embedding_similarity=similarity(reference.rationale, written) if similarity else None,
        style=style,
        style_conformance=sum(style.values()) / len(style),
        needs_review=draft.needs_review,
        problems=[problem.code for problem in draft.problems],
        prompt_tokens=draft.usage.prompt_tokens,
        completion_tokens=draft.usage.completion_tokens,
        cost_usd=draft.usage.cost_usd,
        latency_ms=sum(draft.timings_ms.values()),
        reference_rationale=reference.rationale,
        draft_rationale=written,
    )
