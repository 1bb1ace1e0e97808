"""Aggregate scored items into the run's headline metrics, baselines and intervals."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.evaluation import metrics
from assistant.evaluation.baselines import baselines, decision_metrics
from assistant.evaluation.bootstrap import BootstrapSettings, bootstrap
from assistant.evaluation.construction import by_construction
from assistant.evaluation.models import INTERVAL_KEYS, ItemResult, ProposalKind, RunMetrics
from assistant.evaluation.support import HEADLINE_JUDGE, run_support
from assistant.letters.models import Decision
from assistant.llm.usage import Usage
from assistant.stats import percentile


def interval_metrics(
    items: Sequence[ItemResult], *, predict_decision: bool
) -> dict[str, float | None]:
    """The metrics that get a bootstrap interval, computed on some items."""
    decisions = decision_metrics(items) if predict_decision else {}
    found = {key: decisions.get(key) for key in INTERVAL_KEYS}
    found["citation_family_accuracy"] = metrics.share([item.family_match for item in items])
    found["citation_topic_accuracy"] = metrics.share([item.topic_match for item in items])
    return found


def proposal_kinds(items: Sequence[ItemResult]) -> list[ProposalKind]:
    """Each decision proposed, and each withheld, with how often the reference agrees, beside
    always Upheld on the same items; kinds never made are left out."""
    kinds = [
        (decision.value, decision, True, [i for i in items if i.draft_decision is decision])
        for decision in Decision
    ]
    kinds += [
        (f"{d.value} (withheld)", d, False, [i for i in items if i.withheld is d]) for d in Decision
    ]
    return [
        ProposalKind(
            kind=name,
            made=len(group),
            right=sum(item.reference_decision is decision for item in group),
            precision=metrics.share([item.reference_decision is decision for item in group]),
            always_upheld=metrics.share(
                [item.reference_decision is Decision.UPHELD for item in group]
            ),
            shown=shown,
        )
        for name, decision, shown, group in kinds
        if group
    ]


def _by_letter(items: Sequence[ItemResult]) -> list[list[ItemResult]]:
    groups: dict[str, list[ItemResult]] = {}
    for item in items:
        groups.setdefault(item.letter_id, []).append(item)
    return list(groups.values())


def aggregate(
    items: Sequence[ItemResult],
    *,
    model: str,
    predict_decision: bool,
    letters: Sequence[str],
    resampling: BootstrapSettings | None = None,
    judge_usage: Usage | None = None,
) -> RunMetrics:
    """Means over items where measured; decisions only when the model predicted them. Tokens
    and cost are drafting's, summed over items; `judge_usage` is a chat model judge's, apart."""
    settings = resampling or BootstrapSettings()
    decided = [(item.reference_decision, item.draft_decision) for item in items]
    decisions = metrics.decision_scores(decided) if predict_decision else None
    facts = sum(item.facts for item in items)
    unsupported = sum(len(item.unsupported_facts) for item in items)
    latencies = [item.latency_ms for item in items]
    costs = [item.cost_usd for item in items]
    headline = interval_metrics(items, predict_decision=predict_decision)
    intervals = bootstrap(
        _by_letter(items),
        lambda drawn: interval_metrics(drawn, predict_decision=predict_decision),
        resamples=settings.resamples,
        seed=settings.seed,
        level=settings.level,
    )
    return RunMetrics(
        items=len(items),
        decision_accuracy=headline["decision_accuracy"],
        balanced_accuracy=headline["balanced_accuracy"],
        upheld_recall=decisions.upheld_recall if decisions else None,
        overturned_recall=headline["overturned_recall"],
        overturned_precision=headline["overturned_precision"],
        kappa=headline["kappa"],
        coverage=decisions.coverage if decisions else None,
        abstentions=decisions.abstentions if decisions else None,
        citation_family_accuracy=headline["citation_family_accuracy"],
        citation_topic_accuracy=headline["citation_topic_accuracy"],
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
        proposal_kinds=proposal_kinds(items) if predict_decision else [],
        prompt_tokens=sum(item.prompt_tokens for item in items),
        completion_tokens=sum(item.completion_tokens for item in items),
        cost_usd=None if any(cost is None for cost in costs) else sum(c or 0.0 for c in costs),
        judge_usage=judge_usage,
        model=model,
        predict_decision=predict_decision,
        support_judge=HEADLINE_JUDGE,
        support_by_judge=run_support(items, model),
        letters=list(letters),
        baselines=baselines(items, predict_decision=predict_decision),
        intervals=intervals,
        bootstrap=settings,
        by_construction=by_construction(model),
    )
