"""Baselines computed on the same items as the run, and whether a metric beats them.

- `always_upheld`: every proposal made is "Upheld" (the decision metrics);
- `ur_line`: the claims administrator's guideline line copied as the MAXIMUS line;
- `retrieval_top1`: the line of the top retrieved guideline topic;
- `shuffled_reference`: each draft against another item's reference rationale (the floor of the
  text-overlap metrics).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from assistant.evaluation import metrics
from assistant.evaluation.bootstrap import Interval
from assistant.evaluation.models import LOWER_IS_BETTER, ItemResult
from assistant.letters.models import Decision

ALWAYS_UPHELD = "always_upheld"
UR_LINE = "ur_line"
RETRIEVAL_TOP1 = "retrieval_top1"
SHUFFLED_REFERENCE = "shuffled_reference"
LINE_BASELINES = (UR_LINE, RETRIEVAL_TOP1)

SHUFFLE_SEED = 2017


def decision_metrics(items: Sequence[ItemResult]) -> dict[str, float | None]:
    """The decision metrics over the proposals made."""
    scores = metrics.decision_scores([(i.reference_decision, i.draft_decision) for i in items])
    return {
        "decision_accuracy": scores.accuracy,
        "balanced_accuracy": scores.balanced_accuracy,
        "upheld_recall": scores.upheld_recall,
        "overturned_recall": scores.overturned_recall,
        "overturned_precision": scores.overturned_precision,
        "kappa": scores.kappa,
    }


def always_upheld(items: Sequence[ItemResult]) -> dict[str, float | None]:
    """The decision metrics of answering "Upheld" on every item the model proposed for."""
    made = [item for item in items if item.draft_decision is not None]
    return decision_metrics(
        [item.model_copy(update={"draft_decision": Decision.UPHELD}) for item in made]
    )


def line_baseline(items: Sequence[ItemResult], name: str) -> dict[str, float | None]:
    """The citation metrics of a baseline line scored on every item."""
    scores = [item.baselines[name] for item in items if name in item.baselines]
    return {
        "citation_family_accuracy": metrics.share([s.family_match for s in scores]),
        "citation_topic_accuracy": metrics.share([s.topic_match for s in scores]),
        "page_precision": metrics.mean([s.page_precision for s in scores]),
        "page_recall": metrics.mean([s.page_recall for s in scores]),
        "page_f1": metrics.mean([s.page_f1 for s in scores]),
    }


def shuffled_reference(items: Sequence[ItemResult]) -> dict[str, float | None]:
    return {
        "rouge_l": metrics.mean([item.shuffled_rouge_l for item in items]),
        "embedding_similarity": metrics.mean(
            [item.shuffled_embedding_similarity for item in items]
        ),
    }


def baselines(
    items: Sequence[ItemResult], *, predict_decision: bool
) -> dict[str, dict[str, float | None]]:
    """Every baseline of the run (the decision one only when decisions were predicted)."""
    found: dict[str, dict[str, float | None]] = {}
    if predict_decision:
        found[ALWAYS_UPHELD] = always_upheld(items)
    for name in LINE_BASELINES:
        found[name] = line_baseline(items, name)
    found[SHUFFLED_REFERENCE] = shuffled_reference(items)
    return found


def shuffled_partners(count: int, seed: int = SHUFFLE_SEED) -> list[int] | None:
    """For each of `count` items the index of another item (a seeded derangement); None below 2."""
    if count < 2:
        return None
    order = list(range(count))
    random.Random(seed).shuffle(order)
    partners = [0] * count
    for position, index in enumerate(order):
        partners[index] = order[(position + 1) % count]
    return partners


def interval_clear(metric: str, interval: Interval | None, baseline: float | None) -> bool | None:
    """True when the whole interval is on the better side of the baseline; None when either is
    missing."""
    if interval is None or baseline is None:
        return None
    return interval.high < baseline if metric in LOWER_IS_BETTER else interval.low > baseline


def falls_short(metric: str, value: float | None, baseline: float | None) -> bool | None:
    """True when the metric does not beat the baseline (a tie does not beat it); None when
    either is not measured."""
    if value is None or baseline is None:
        return None
    return value >= baseline if metric in LOWER_IS_BETTER else value <= baseline
