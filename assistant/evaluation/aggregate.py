"""Aggregate scored items into the run's headline metrics."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.evaluation import metrics
from assistant.evaluation.models import ItemResult, RunMetrics
from assistant.stats import percentile


def aggregate(
    items: Sequence[ItemResult],
    *,
    model: str,
    predict_decision: bool,
    support_judge: str,
    letters: Sequence[str],
) -> RunMetrics:
    """Means over items where measured; decisions only when the model predicted them."""
    decided = [(item.reference_decision, item.draft_decision) for item in items]
    decisions = metrics.decision_scores(decided) if predict_decision else None
    families = [item.family_match for item in items if item.family_match is not None]
    facts = sum(item.facts for item in items)
    unsupported = sum(len(item.unsupported_facts) for item in items)
    latencies = [item.latency_ms for item in items]
    costs = [item.cost_usd for item in items]
    return RunMetrics(
        items=len(items),
        decision_accuracy=decisions.accuracy if decisions else None,
        upheld_recall=decisions.upheld_recall if decisions else None,
        overturned_recall=decisions.overturned_recall if decisions else None,
        kappa=decisions.kappa if decisions else None,
        citation_family_accuracy=metrics.mean([float(match) for match in families]),
        page_precision=metrics.mean([item.page_precision for item in items]),
        page_recall=metrics.mean([item.page_recall for item in items]),
        page_f1=metrics.mean([item.page_f1 for item in items]),
        citation_validity=metrics.mean([item.citation_validity for item in items]),
        citation_support_recall=metrics.mean([item.support_recall for item in items]),
        citation_support_precision=metrics.mean([item.support_precision for item in items]),
        unsupported_fact_rate=metrics.fact_rate(facts, unsupported) if items else None,
        rouge_l=metrics.mean([item.rouge_l for item in items]),
        embedding_similarity=metrics.mean([item.embedding_similarity for item in items]),
        style_conformance=metrics.mean([item.style_conformance for item in items]),
        latency_p50_ms=percentile(latencies, 0.5),
        latency_p95_ms=percentile(latencies, 0.95),
        confusion=decisions.confusion if decisions else {},
        prompt_tokens=sum(item.prompt_tokens for item in items),
        completion_tokens=sum(item.completion_tokens for item in items),
        cost_usd=None if any(cost is None for cost in costs) else sum(c or 0.0 for c in costs),
        model=model,
        predict_decision=predict_decision,
        support_judge=support_judge,
        letters=list(letters),
    )
